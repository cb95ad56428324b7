// @brief Access tokens: HS256 JSON Web Tokens (RFC 7519) carrying a Principal.
//
// Claims: sub (users.id), email, role ("user" | "celebrity" | "admin"), iat and exp (seconds
// since the epoch). Only HS256 is accepted, whatever the token's header says: `none`, RS256 and
// every other algorithm are refused, so a token cannot pick how it is checked. The signature is
// compared in constant time. A token says who the caller was when it was issued; whether that
// account still exists and is active is for the caller to check (AccountService::ActivePrincipal).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "common/result.h"
#include "marketplace/clock.h"
#include "marketplace/principal.h"

namespace starry::marketplace {

class TokenSigner {
 public:
  // `secret` is the HMAC key (STARRY_JWT_SECRET). With an empty secret every token is refused
  // (an empty key would make tokens forgeable by anyone).
  TokenSigner(std::string secret, Clock clock);

  // HS256 JWT with sub (user id), email, role, iat, exp.
  std::string IssueAccessToken(const Principal& who,
                               std::chrono::seconds ttl = std::chrono::minutes(15)) const;
  // kUnauthenticated for: malformed, alg other than HS256 (none, RS256...), bad signature, expired,
  // unknown role.
  Result<Principal> VerifyAccessToken(std::string_view token) const;

 private:
  std::string Sign(std::string_view signing_input) const;

  std::string secret_;
  Clock clock_;
};

}  // namespace starry::marketplace
