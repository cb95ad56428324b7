// @brief Accounts: register, log in, refresh (rotating), log out, who am I, admin bootstrap.
//
// Passwords are argon2id hashes (password_hasher.h) and must pass the strength rule
// (password_policy.h). A session is a short-lived HS256 access token (token_signer.h) plus an
// opaque refresh token (refresh_tokens.h): each refresh rotates it, and presenting a rotated
// token again revokes its whole family (the thief and the victim both have to log in again).
// Failed logins are throttled per account and per IP (login_rate_limiter.h).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "db/connection_pool.h"
#include "marketplace/clock.h"
#include "marketplace/login_rate_limiter.h"
#include "marketplace/password_hasher.h"
#include "marketplace/principal.h"
#include "marketplace/token_signer.h"
#include "marketplace/user.h"

namespace starry::marketplace {

struct AccountOptions {
  std::chrono::seconds access_ttl = std::chrono::minutes(15);
  std::chrono::seconds refresh_ttl = std::chrono::days(7);
  PasswordHashParams hash;
};

struct RegisterRequest {
  std::string email;
  std::string password;
  std::string first_name;
  std::string last_name;
  std::optional<std::string> phone;
};

struct AuthSession {
  User user;
  std::string access_token;
  std::string refresh_token;
};

struct AdminBootstrap {
  User user;
  bool created = false;  // false: an existing account was promoted
};

class AccountService {
 public:
  AccountService(db::ConnectionPool& pool, const TokenSigner& signer, LoginRateLimiter& limiter,
                 Clock clock, AccountOptions options = {});

  // A new account with role `user`, logged in.
  // Errors: kInvalidArgument naming the field; kConflict when the email (case-insensitive) is
  // taken; kUnavailable (database).
  Result<AuthSession> Register(const RegisterRequest& request);

  // Errors: kInvalidArgument (malformed email or empty password); kResourceExhausted when too
  // many failed logins came for this account or from this IP (LoginRetryAfter says how long to
  // wait); kUnauthenticated for a wrong email or password (one message for both) or a disabled
  // account; kUnavailable.
  Result<AuthSession> Login(std::string_view email, std::string_view password,
                            std::string_view client_ip);
  std::optional<std::chrono::seconds> LoginRetryAfter(std::string_view email,
                                                      std::string_view client_ip);

  // A new access token and the next refresh token of the same family; the presented one is spent.
  // Errors: kUnauthenticated for an unknown, expired, rotated or revoked token (a rotated or
  // revoked one also revokes its family) or when the account is gone or disabled; kUnavailable.
  Result<AuthSession> Refresh(std::string_view refresh_token);

  // Revokes the refresh token's family. Idempotent: an unknown or spent token is fine.
  Status Logout(std::string_view refresh_token);

  // The caller's account. Errors: kUnauthenticated when it was deleted or disabled since its
  // token was issued; kUnavailable.
  Result<User> Me(const Principal& who);

  // The principal as the database knows it now (current email and role).
  // Errors: kUnauthenticated when the account was deleted or disabled; kUnavailable.
  Result<Principal> ActivePrincipal(const Principal& from_token);

  // Creates an admin account, or promotes the existing account with that email (setting its
  // password too when one is given). A new account needs a password.
  // Errors: kInvalidArgument (email, password, names); kUnavailable.
  Result<AdminBootstrap> CreateOrPromoteAdmin(std::string_view email,
                                              const std::optional<std::string>& password,
                                              std::string_view first_name,
                                              std::string_view last_name);

 private:
  Result<AuthSession> StartSession(User user);

  db::ConnectionPool& pool_;
  const TokenSigner& signer_;
  LoginRateLimiter& limiter_;
  Clock clock_;
  AccountOptions options_;
  std::string dummy_hash_;  // verified against when the email is unknown: same timing either way
};

}  // namespace starry::marketplace
