// @brief The one check every admin endpoint makes: `Authorization: Bearer <STARRY_ADMIN_TOKEN>`.
//
// The token is compared in constant time (SHA-256 of both sides, then CRYPTO_memcmp, so neither
// the content nor the length of the expected token leaks through timing). With no token
// configured, admin is disabled: every admin request is refused, never let through. This is
// the place to also accept an admin user's JWT once accounts with roles exist.
#pragma once

#include <pistache/router.h>

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace starry::server {

// Errors: kPermissionDenied when `configured_token` is absent or empty (admin disabled);
// kUnauthenticated when the header is missing, not a Bearer token, or the wrong token.
Status CheckAdminAuthorization(const std::optional<std::string>& configured_token,
                               std::optional<std::string_view> authorization_header);

// CheckAdminAuthorization with the request's Authorization header.
Status CheckAdmin(const std::optional<std::string>& configured_token,
                  const Pistache::Rest::Request& request);

}  // namespace starry::server
