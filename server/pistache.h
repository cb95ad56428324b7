// @brief The one way server/ includes Pistache: include this, never <pistache/...> directly.
//
// Pistache 0.0.5's common.h defines a function-like macro `unreachable()`. If <utility> is first
// included after it (Pistache's own headers do that), libstdc++ 12's std::unreachable is declared
// as a recursive always_inline `std::__builtin_unreachable()`, and every unqualified
// __builtin_unreachable() inside namespace std (std::expected::error(), for one) calls it. At -O0
// GCC 12 then fails with "inlining failed in call to 'always_inline'". Including <utility> first
// declares std::unreachable before the macro exists.
#pragma once

#include <utility>
// The order above matters; keep Pistache after it.
#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/http_header.h>
#include <pistache/router.h>
