// @brief The one check every admin endpoint makes: `Authorization: Bearer <STARRY_ADMIN_TOKEN>`,
// or `Authorization: Bearer <access token of an admin user>`.
//
// The admin token is compared in constant time (SHA-256 of both sides, then CRYPTO_memcmp, so
// neither the content nor the length of the expected token leaks through timing). With no admin
// token configured, the admin token is disabled: only an admin user's access token gets through.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "marketplace/account_service.h"
#include "marketplace/token_signer.h"
#include "server/pistache.h"

namespace starry::server {

// Errors: kPermissionDenied when `configured_token` is absent or empty (admin disabled);
// kUnauthenticated when the header is missing, not a Bearer token, or the wrong token.
Status CheckAdminAuthorization(const std::optional<std::string>& configured_token,
                               std::optional<std::string_view> authorization_header);

// The request's Authorization header against both credentials. A bearer token that `signer`
// verifies is an access token: it passes when its account (checked through `accounts`, when
// given: still there and active) is an admin, and gets kPermissionDenied otherwise. Anything else
// goes through CheckAdminAuthorization. `signer` and `accounts` may be null (no accounts).
Status CheckAdmin(const std::optional<std::string>& configured_token,
                  const marketplace::TokenSigner* signer, marketplace::AccountService* accounts,
                  const Pistache::Rest::Request& request);

}  // namespace starry::server
