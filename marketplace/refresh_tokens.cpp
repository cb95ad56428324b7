#include "marketplace/refresh_tokens.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <array>
#include <cstdio>

#include "marketplace/base64url.h"

namespace starry::marketplace {
namespace {

std::string HashHex(std::string_view token) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * sizeof digest);
  for (unsigned char b : digest) {
    hex.push_back(kHex[b >> 4]);
    hex.push_back(kHex[b & 0xF]);
  }
  return hex;
}

int64_t EpochMicros(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

// Timestamps travel as microseconds since the epoch, so a test clock reaches the database as is.
constexpr const char* kTs = "(timestamptz 'epoch' + $%d * interval '1 microsecond')";

std::string Ts(int n) {
  char buf[96];
  std::snprintf(buf, sizeof buf, kTs, n);
  return buf;
}

}  // namespace

Result<std::string> NewRefreshToken() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return MakeError(ErrorCode::kInternal, "the random source failed");
  }
  return Base64UrlEncode(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

std::string StoreRefreshToken(pqxx::work& tx, const std::string& user_id,
                              const std::optional<std::string>& family_id, std::string_view token,
                              TimePoint now, TimePoint expires_at) {
  auto row = tx.exec_params1(
      "INSERT INTO refresh_tokens (user_id, family_id, token_hash, created_at, expires_at) "
      "VALUES ($1, COALESCE(NULLIF($2, '')::uuid, gen_random_uuid()), decode($3, 'hex'), " +
          Ts(4) + ", " + Ts(5) + ") RETURNING family_id",
      user_id, family_id.value_or(""), HashHex(token), EpochMicros(now), EpochMicros(expires_at));
  return row[0].as<std::string>();
}

std::optional<StoredRefreshToken> LockRefreshToken(pqxx::work& tx, std::string_view token,
                                                   TimePoint now) {
  auto rows = tx.exec_params(
      "SELECT id, user_id, family_id, rotated_at IS NOT NULL OR revoked_at IS NOT NULL, "
      "expires_at <= " +
          Ts(2) + " FROM refresh_tokens WHERE token_hash = decode($1, 'hex') FOR UPDATE",
      HashHex(token), EpochMicros(now));
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return StoredRefreshToken{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                            r[3].as<bool>(), r[4].as<bool>()};
}

void MarkRotated(pqxx::work& tx, const std::string& token_id, TimePoint now) {
  tx.exec_params0("UPDATE refresh_tokens SET rotated_at = " + Ts(2) + " WHERE id = $1", token_id,
                  EpochMicros(now));
}

void RevokeFamily(pqxx::work& tx, const std::string& family_id, TimePoint now) {
  tx.exec_params0("UPDATE refresh_tokens SET revoked_at = " + Ts(2) +
                      " WHERE family_id = $1 AND revoked_at IS NULL",
                  family_id, EpochMicros(now));
}

}  // namespace starry::marketplace
