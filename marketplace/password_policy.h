// @brief The minimum password strength: 8+ characters, not all of one class.
#pragma once

#include <string_view>

#include "common/result.h"

namespace starry::marketplace {

inline constexpr size_t kMinPasswordChars = 8;
inline constexpr size_t kMaxPasswordBytes = 1024;

// Characters are Unicode code points. The classes are lower-case ASCII letters, upper-case ASCII
// letters, digits, and everything else (symbols, spaces, non-ASCII letters); a password must
// use at least two of them.
// Errors: kInvalidArgument naming `password` (too short, too long, one class only, not UTF-8).
Status CheckPasswordStrength(std::string_view password);

}  // namespace starry::marketplace
