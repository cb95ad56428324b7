// @brief Refresh token storage (table refresh_tokens, see db/migrations/0005_accounts.sql):
// opaque random tokens kept only as their SHA-256, grouped in families for rotation.
//
// Each function runs inside the caller's transaction and lets libpqxx exceptions through (the
// caller's ConnectionPool::Run turns them into errors).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "db/pq.h"
#include "marketplace/clock.h"

namespace starry::marketplace {

// 32 random bytes, base64url (43 characters). Errors: kInternal when the random source fails.
Result<std::string> NewRefreshToken();

// Stores `token` for `user_id` in `family_id` (a new family when nullopt), valid until
// `expires_at`. Returns the family id.
std::string StoreRefreshToken(pqxx::work& tx, const std::string& user_id,
                              const std::optional<std::string>& family_id, std::string_view token,
                              TimePoint now, TimePoint expires_at);

struct StoredRefreshToken {
  std::string id;
  std::string user_id;
  std::string family_id;
  bool used = false;  // rotated or revoked already: presenting it again is reuse
  bool expired = false;
};

// Finds `token` and locks its row (FOR UPDATE) so that concurrent refreshes with the same token
// are serialised: the second one sees it rotated. nullopt when no such token was ever issued.
std::optional<StoredRefreshToken> LockRefreshToken(pqxx::work& tx, std::string_view token,
                                                   TimePoint now);

void MarkRotated(pqxx::work& tx, const std::string& token_id, TimePoint now);
// Revokes every live token of the family (logout, or reuse detected).
void RevokeFamily(pqxx::work& tx, const std::string& family_id, TimePoint now);

}  // namespace starry::marketplace
