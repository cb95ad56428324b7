// @brief The caller of a request, from its `Authorization: Bearer <jwt>` header.
#pragma once

#include <optional>
#include <string_view>

#include "common/result.h"
#include "marketplace/account_service.h"
#include "marketplace/principal.h"
#include "marketplace/token_signer.h"
#include "server/pistache.h"

namespace starry::server {

// Reads `Authorization: Bearer <jwt>`; kUnauthenticated when missing or invalid.
Result<marketplace::Principal> Authenticate(const Pistache::Http::Request& request,
                                            const marketplace::TokenSigner& signer);

// Authenticate, then the account as the database knows it now (AccountService::ActivePrincipal):
// kUnauthenticated as well when the account was deleted or disabled since the token was issued.
Result<marketplace::Principal> AuthenticateActive(const Pistache::Http::Request& request,
                                                  const marketplace::TokenSigner& signer,
                                                  marketplace::AccountService& accounts);

// The request's Authorization header, typed or raw (Pistache keeps it either way).
std::optional<std::string> AuthorizationHeader(const Pistache::Http::Request& request);

// The token of a `Bearer <token>` header (scheme case-insensitive, spaces trimmed); nullopt for
// any other shape.
std::optional<std::string_view> BearerToken(std::string_view header);

}  // namespace starry::server
