#include "marketplace/account_service.h"

#include "marketplace/account_validation.h"
#include "marketplace/ids.h"
#include "marketplace/password_policy.h"
#include "marketplace/refresh_tokens.h"

namespace starry::marketplace {
namespace {

constexpr const char* kUserColumns =
    "id, email, first_name, last_name, phone, avatar_url, role, email_verified, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), is_active, "
    "password_hash";

struct UserRow {
  User user;
  bool is_active = false;
  std::string password_hash;
};

UserRow ReadUser(const pqxx::row& r) {
  UserRow row;
  row.user.id = r[0].as<std::string>();
  row.user.email = r[1].as<std::string>();
  row.user.first_name = r[2].as<std::string>();
  row.user.last_name = r[3].as<std::string>();
  row.user.phone = r[4].get<std::string>();
  row.user.avatar_url = r[5].get<std::string>();
  row.user.role = ParseRole(r[6].as<std::string>()).value_or(Role::kUser);
  row.user.email_verified = r[7].as<bool>();
  row.user.created_at = r[8].as<std::string>();
  row.is_active = r[9].as<bool>();
  row.password_hash = r[10].as<std::string>();
  return row;
}

std::optional<UserRow> FindUser(pqxx::work& tx, const char* column, const std::string& value) {
  auto rows = tx.exec_params(
      std::string("SELECT ") + kUserColumns + " FROM users WHERE " + column + " = $1", value);
  if (rows.empty()) return std::nullopt;
  return ReadUser(rows[0]);
}

std::unexpected<Error> Gone() {
  return MakeError(ErrorCode::kUnauthenticated, "this account no longer exists or is disabled");
}

std::unexpected<Error> BadCredentials() {
  return MakeError(ErrorCode::kUnauthenticated, "wrong email or password");
}

std::unexpected<Error> BadRefreshToken() {
  return MakeError(ErrorCode::kUnauthenticated,
                   "the refresh token is invalid, expired or already used; log in again");
}

}  // namespace

AccountService::AccountService(db::ConnectionPool& pool, const TokenSigner& signer,
                               LoginRateLimiter& limiter, Clock clock, AccountOptions options)
    : pool_(pool),
      signer_(signer),
      limiter_(limiter),
      clock_(std::move(clock)),
      options_(options),
      dummy_hash_(HashPassword("not a password of anyone", options.hash).value_or("")) {}

Result<AuthSession> AccountService::StartSession(User user) {
  auto refresh = NewRefreshToken();
  if (!refresh) return std::unexpected(refresh.error());
  TimePoint now = clock_();
  auto stored = pool_.Run([&](pqxx::connection& conn) -> Status {
    pqxx::work tx(conn);
    StoreRefreshToken(tx, user.id, std::nullopt, *refresh, now, now + options_.refresh_ttl);
    tx.commit();
    return {};
  });
  if (!stored) return std::unexpected(stored.error());
  std::string access = signer_.IssueAccessToken(user.principal(), options_.access_ttl);
  return AuthSession{std::move(user), std::move(access), std::move(*refresh)};
}

Result<AuthSession> AccountService::Register(const RegisterRequest& request) {
  auto email = NormalizeEmail(request.email);
  if (!email) return std::unexpected(email.error());
  if (auto s = CheckPasswordStrength(request.password); !s) return std::unexpected(s.error());
  auto first = NormalizeName("firstName", request.first_name);
  if (!first) return std::unexpected(first.error());
  auto last = NormalizeName("lastName", request.last_name);
  if (!last) return std::unexpected(last.error());
  std::optional<std::string> phone;
  if (request.phone) {
    auto p = NormalizeName("phone", *request.phone);
    if (!p) return std::unexpected(p.error());
    phone = *p;
  }
  auto hash = HashPassword(request.password, options_.hash);
  if (!hash) return std::unexpected(hash.error());
  auto taken = [] {
    Error e(ErrorCode::kConflict, "email: an account with this email already exists");
    e.details.push_back("email");
    return std::unexpected(std::move(e));
  };
  auto user = pool_.Run([&](pqxx::connection& conn) -> Result<User> {
    pqxx::work tx(conn);
    // ON CONFLICT: two registrations racing for one email get one 201 and one 409, never a 500.
    auto rows = tx.exec_params(
        std::string("INSERT INTO users (email, password_hash, first_name, last_name, phone) "
                    "VALUES ($1, $2, $3, $4, NULLIF($5, '')) ON CONFLICT (email) DO NOTHING "
                    "RETURNING ") +
            kUserColumns,
        *email, *hash, *first, *last, phone.value_or(""));
    if (rows.empty()) return taken();
    tx.commit();
    return ReadUser(rows[0]).user;
  });
  if (!user) return std::unexpected(user.error());
  return StartSession(std::move(*user));
}

std::optional<std::chrono::seconds> AccountService::LoginRetryAfter(std::string_view email,
                                                                    std::string_view client_ip) {
  auto normalized = NormalizeLoginEmail(email);
  return limiter_.RetryAfter(normalized.value_or(std::string(email)), client_ip);
}

Result<AuthSession> AccountService::Login(std::string_view email, std::string_view password,
                                          std::string_view client_ip) {
  auto normalized = NormalizeLoginEmail(email);
  if (!normalized) return std::unexpected(normalized.error());
  if (password.empty() || password.size() > kMaxPasswordBytes) {
    Error e(ErrorCode::kInvalidArgument,
            "password: must be 1 to " + std::to_string(kMaxPasswordBytes) + " bytes");
    e.details.push_back("password");
    return std::unexpected(std::move(e));
  }
  if (auto wait = limiter_.RetryAfter(*normalized, client_ip)) {
    return MakeError(ErrorCode::kResourceExhausted, "too many failed logins; try again in " +
                                                        std::to_string(wait->count()) + " seconds");
  }
  auto row = pool_.Run([&](pqxx::connection& conn) -> Result<std::optional<UserRow>> {
    pqxx::work tx(conn);
    return FindUser(tx, "email", *normalized);
  });
  if (!row) return std::unexpected(row.error());
  // The hash is checked even for an unknown email, so response times do not tell which exist.
  bool match = VerifyPassword(password, *row ? (*row)->password_hash : dummy_hash_);
  if (!*row || !match) {
    limiter_.RecordFailure(*normalized, client_ip);
    return BadCredentials();
  }
  if (!(*row)->is_active) return Gone();
  limiter_.RecordSuccess(*normalized);
  return StartSession(std::move((*row)->user));
}

Result<AuthSession> AccountService::Refresh(std::string_view refresh_token) {
  if (refresh_token.empty() || refresh_token.size() > 200) return BadRefreshToken();
  auto next = NewRefreshToken();
  if (!next) return std::unexpected(next.error());
  TimePoint now = clock_();
  auto user = pool_.Run([&](pqxx::connection& conn) -> Result<User> {
    pqxx::work tx(conn);
    auto stored = LockRefreshToken(tx, refresh_token, now);
    if (!stored) return BadRefreshToken();
    if (stored->used) {
      // Reuse of a spent token: someone else holds (or held) this session. End all of it.
      RevokeFamily(tx, stored->family_id, now);
      tx.commit();
      return BadRefreshToken();
    }
    if (stored->expired) return BadRefreshToken();
    auto row = FindUser(tx, "id", stored->user_id);
    if (!row || !row->is_active) {
      RevokeFamily(tx, stored->family_id, now);
      tx.commit();
      return Gone();
    }
    MarkRotated(tx, stored->id, now);
    StoreRefreshToken(tx, stored->user_id, stored->family_id, *next, now,
                      now + options_.refresh_ttl);
    tx.commit();
    return row->user;
  });
  if (!user) return std::unexpected(user.error());
  std::string access = signer_.IssueAccessToken(user->principal(), options_.access_ttl);
  return AuthSession{std::move(*user), std::move(access), std::move(*next)};
}

Status AccountService::Logout(std::string_view refresh_token) {
  if (refresh_token.empty() || refresh_token.size() > 200) return {};
  TimePoint now = clock_();
  return pool_.Run([&](pqxx::connection& conn) -> Status {
    pqxx::work tx(conn);
    if (auto stored = LockRefreshToken(tx, refresh_token, now)) {
      RevokeFamily(tx, stored->family_id, now);
      tx.commit();
    }
    return {};
  });
}

Result<User> AccountService::Me(const Principal& who) {
  if (!IsUuid(who.user_id)) return Gone();
  auto row = pool_.Run([&](pqxx::connection& conn) -> Result<std::optional<UserRow>> {
    pqxx::work tx(conn);
    return FindUser(tx, "id", who.user_id);
  });
  if (!row) return std::unexpected(row.error());
  if (!*row || !(*row)->is_active) return Gone();
  return (*row)->user;
}

Result<Principal> AccountService::ActivePrincipal(const Principal& from_token) {
  auto user = Me(from_token);
  if (!user) return std::unexpected(user.error());
  return user->principal();
}

Result<AdminBootstrap> AccountService::CreateOrPromoteAdmin(
    std::string_view email, const std::optional<std::string>& password, std::string_view first_name,
    std::string_view last_name) {
  // An account from before the address rules tightened can still be promoted; a new one must
  // pass them.
  auto normalized = NormalizeLoginEmail(email);
  if (!normalized) return std::unexpected(normalized.error());
  std::optional<std::string> hash;
  if (password) {
    if (auto s = CheckPasswordStrength(*password); !s) return std::unexpected(s.error());
    auto h = HashPassword(*password, options_.hash);
    if (!h) return std::unexpected(h.error());
    hash = *h;
  }
  auto first = NormalizeName("firstName", first_name.empty() ? "Admin" : first_name);
  if (!first) return std::unexpected(first.error());
  auto last = NormalizeName("lastName", last_name.empty() ? "Admin" : last_name);
  if (!last) return std::unexpected(last.error());
  return pool_.Run([&](pqxx::connection& conn) -> Result<AdminBootstrap> {
    pqxx::work tx(conn);
    auto existing = FindUser(tx, "email", *normalized);
    if (existing) {
      auto rows = tx.exec_params(
          std::string("UPDATE users SET role = 'admin', is_active = true, "
                      "password_hash = COALESCE(NULLIF($2, ''), password_hash), updated_at = now() "
                      "WHERE id = $1 RETURNING ") +
              kUserColumns,
          existing->user.id, hash.value_or(""));
      tx.commit();
      return AdminBootstrap{ReadUser(rows[0]).user, false};
    }
    if (auto strict = NormalizeEmail(email); !strict) return std::unexpected(strict.error());
    if (!hash) {
      Error e(ErrorCode::kInvalidArgument,
              "password: required to create a new account (--password, STARRY_ADMIN_PASSWORD or "
              "stdin)");
      e.details.push_back("password");
      return std::unexpected(std::move(e));
    }
    auto row = tx.exec_params1(
        std::string("INSERT INTO users (email, password_hash, role, first_name, last_name) "
                    "VALUES ($1, $2, 'admin', $3, $4) RETURNING ") +
            kUserColumns,
        *normalized, *hash, *first, *last);
    tx.commit();
    return AdminBootstrap{ReadUser(row).user, true};
  });
}

}  // namespace starry::marketplace
