// AccountService against real PostgreSQL with a test clock: register, login, refresh rotation,
// reuse revoking the family, expiry, logout, deleted and disabled accounts, admin bootstrap.
#include "marketplace/account_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/support/test_database.h"

namespace starry::marketplace {
namespace {

using namespace std::chrono_literals;

class AccountServiceTest : public ::testing::Test {
 protected:
  AccountServiceTest()
      : pool_(db_.conninfo(), {4}),
        signer_("0123456789abcdef0123456789abcdef", TestClock()),
        limiter_({.per_account = 3, .per_ip = 10, .window = 60s}, TestClock()),
        accounts_(pool_, signer_, limiter_, TestClock(), Options()) {}

  Clock TestClock() {
    return [this] { return now_; };
  }
  static AccountOptions Options() {
    AccountOptions o;
    o.hash = {1, 1024, 1};
    return o;
  }
  AuthSession Register(const std::string& email, const std::string& password = "s3cret-pass") {
    auto s = accounts_.Register({email, password, "Ada", "Lovelace", std::nullopt});
    EXPECT_TRUE(s) << s.error().message;
    return s.value_or(AuthSession{});
  }
  std::string Scalar(const std::string& sql) {
    auto conn = db_.Connect();
    return pqxx::nontransaction(*conn).exec1(sql)[0].as<std::string>("");
  }
  void Exec(const std::string& sql) {
    auto conn = db_.Connect();
    pqxx::nontransaction(*conn).exec0(sql);
  }

  starry::testing::TestDatabase db_;
  TimePoint now_ = std::chrono::system_clock::now();
  db::ConnectionPool pool_;
  TokenSigner signer_;
  LoginRateLimiter limiter_;
  AccountService accounts_;
};

TEST_F(AccountServiceTest, RegisterStoresAHashAndLogsIn) {
  auto s = Register("  Ada@Example.COM ");
  EXPECT_EQ(s.user.email, "ada@example.com");
  EXPECT_EQ(s.user.role, Role::kUser);
  EXPECT_EQ(s.user.first_name, "Ada");
  auto who = signer_.VerifyAccessToken(s.access_token);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->user_id, s.user.id);
  EXPECT_EQ(s.refresh_token.size(), 43u);
  std::string hash = Scalar("SELECT password_hash FROM users");
  EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
  EXPECT_EQ(hash.find("s3cret-pass"), std::string::npos);
  // Only the token's SHA-256 is stored.
  EXPECT_EQ(Scalar("SELECT count(*) FROM refresh_tokens WHERE token_hash = sha256('" +
                   s.refresh_token + "'::bytea)"),
            "1");
  EXPECT_EQ(Scalar("SELECT count(*) FROM refresh_tokens WHERE position('" + s.refresh_token +
                   "'::bytea in token_hash) > 0"),
            "0");

  auto login = accounts_.Login("ADA@example.com", "s3cret-pass", "127.0.0.1");
  ASSERT_TRUE(login) << login.error().message;
  EXPECT_EQ(login->user.id, s.user.id);
  auto wrong = accounts_.Login("ada@example.com", "s3cret-pasS", "127.0.0.1");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
  auto unknown = accounts_.Login("bob@example.com", "s3cret-pass", "127.0.0.1");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, wrong.error().message);  // no hint which emails exist
}

TEST_F(AccountServiceTest, DuplicateEmailsConflictCaseInsensitivelyEvenWhenRacing) {
  Register("ada@example.com");
  auto again = accounts_.Register({"ADA@EXAMPLE.com", "0ther-pass", "A", "B", std::nullopt});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().details, std::vector<std::string>{"email"});

  std::atomic<int> ok = 0, conflict = 0, other = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto s = accounts_.Register({"race@example.com", "s3cret-pass", "R", "C", std::nullopt});
      (s ? ok : s.error().code == ErrorCode::kConflict ? conflict : other)++;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(conflict, 7);
  EXPECT_EQ(other, 0);
}

TEST_F(AccountServiceTest, RegisterValidatesEachField) {
  struct Case {
    RegisterRequest request;
    const char* field;
  };
  const Case cases[] = {
      {{"not-an-email", "s3cret-pass", "A", "B", std::nullopt}, "email"},
      {{"a@b", "s3cret-pass", "A", "B", std::nullopt}, "email"},
      {{"a b@c.io", "s3cret-pass", "A", "B", std::nullopt}, "email"},
      {{"a@b.io", "short1", "A", "B", std::nullopt}, "password"},
      {{"a@b.io", "alllowercase", "A", "B", std::nullopt}, "password"},
      {{"a@b.io", "s3cret-pass", "  ", "B", std::nullopt}, "firstName"},
      {{"a@b.io", "s3cret-pass", "A", std::string(101, 'x'), std::nullopt}, "lastName"},
      {{"a@b.io", "s3cret-pass", "A\x01", "B", std::nullopt}, "firstName"},
      {{"a@b.io", "s3cret-pass", "A", "B", std::string("")}, "phone"},
  };
  for (const auto& c : cases) {
    auto s = accounts_.Register(c.request);
    ASSERT_FALSE(s) << c.field;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument) << c.field;
    EXPECT_EQ(s.error().details, std::vector<std::string>{c.field}) << s.error().message;
  }
  EXPECT_EQ(Scalar("SELECT count(*) FROM users"), "0");
}

TEST_F(AccountServiceTest, RefreshRotatesAndReuseRevokesTheFamily) {
  auto first = Register("ada@example.com");
  now_ += 1min;
  auto second = accounts_.Refresh(first.refresh_token);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_NE(second->refresh_token, first.refresh_token);
  EXPECT_TRUE(signer_.VerifyAccessToken(second->access_token));
  auto third = accounts_.Refresh(second->refresh_token);
  ASSERT_TRUE(third) << third.error().message;

  // The first token again: reuse. Refused, and the live token of the family dies with it.
  auto reuse = accounts_.Refresh(first.refresh_token);
  ASSERT_FALSE(reuse);
  EXPECT_EQ(reuse.error().code, ErrorCode::kUnauthenticated);
  auto after = accounts_.Refresh(third->refresh_token);
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(Scalar("SELECT count(*) FROM refresh_tokens WHERE revoked_at IS NULL"), "0");

  // Another session (another login, another family) is untouched.
  auto other = accounts_.Login("ada@example.com", "s3cret-pass", "ip");
  ASSERT_TRUE(other);
  EXPECT_TRUE(accounts_.Refresh(other->refresh_token));
}

TEST_F(AccountServiceTest, RefreshTokensExpireAfterSevenDays) {
  auto s = Register("ada@example.com");
  now_ += std::chrono::days(7) - 1s;
  auto ok = accounts_.Refresh(s.refresh_token);
  ASSERT_TRUE(ok) << ok.error().message;
  now_ += std::chrono::days(7);
  auto late = accounts_.Refresh(ok->refresh_token);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kUnauthenticated);
  for (const char* junk : {"", "x", "not-a-token-at-all", "'; DROP TABLE users; --"}) {
    auto r = accounts_.Refresh(junk);
    ASSERT_FALSE(r) << junk;
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated) << junk;
  }
}

TEST_F(AccountServiceTest, LogoutEndsTheSessionAndIsIdempotent) {
  auto s = Register("ada@example.com");
  EXPECT_TRUE(accounts_.Logout(s.refresh_token));
  EXPECT_TRUE(accounts_.Logout(s.refresh_token));
  EXPECT_TRUE(accounts_.Logout("never-issued"));
  EXPECT_FALSE(accounts_.Refresh(s.refresh_token));
}

TEST_F(AccountServiceTest, DeletedOrDisabledAccountsAreUnauthenticated) {
  auto ada = Register("ada@example.com");
  auto bob = Register("bob@example.com");
  EXPECT_TRUE(accounts_.Me(ada.user.principal()));
  Exec("UPDATE users SET is_active = false WHERE email = 'ada@example.com'");
  Exec("DELETE FROM users WHERE email = 'bob@example.com'");
  for (const auto& s : {ada, bob}) {
    auto me = accounts_.Me(s.user.principal());
    ASSERT_FALSE(me);
    EXPECT_EQ(me.error().code, ErrorCode::kUnauthenticated);
    auto refresh = accounts_.Refresh(s.refresh_token);
    ASSERT_FALSE(refresh);
    EXPECT_EQ(refresh.error().code, ErrorCode::kUnauthenticated);
  }
  auto login = accounts_.Login("ada@example.com", "s3cret-pass", "ip");
  ASSERT_FALSE(login);
  EXPECT_EQ(login.error().code, ErrorCode::kUnauthenticated);
  auto not_uuid = accounts_.Me(Principal{"'; --", "x@y.z", Role::kAdmin});
  ASSERT_FALSE(not_uuid);
  EXPECT_EQ(not_uuid.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AccountServiceTest, ActivePrincipalHasTheCurrentRole) {
  auto ada = Register("ada@example.com");
  Exec("UPDATE users SET role = 'admin' WHERE email = 'ada@example.com'");
  auto p = accounts_.ActivePrincipal(ada.user.principal());  // the token still says "user"
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->is_admin());
}

TEST_F(AccountServiceTest, FailedLoginsAreThrottled) {
  Register("ada@example.com");
  for (int i = 0; i < 3; ++i) {
    auto r = accounts_.Login("ada@example.com", "wrong-pass-1", "ip-a");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
  }
  // Blocked now, even with the right password.
  auto r = accounts_.Login("ada@example.com", "s3cret-pass", "ip-b");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(accounts_.LoginRetryAfter("Ada@Example.com", "ip-b"), std::optional(60s));
}

TEST_F(AccountServiceTest, AdminBootstrapCreatesOrPromotes) {
  auto created = accounts_.CreateOrPromoteAdmin("Root@Example.com", "Adm1n-pass", "", "");
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_TRUE(created->created);
  EXPECT_EQ(created->user.role, Role::kAdmin);
  EXPECT_TRUE(accounts_.Login("root@example.com", "Adm1n-pass", "ip"));

  auto ada = Register("ada@example.com");
  auto promoted = accounts_.CreateOrPromoteAdmin("ada@example.com", std::nullopt, "", "");
  ASSERT_TRUE(promoted) << promoted.error().message;
  EXPECT_FALSE(promoted->created);
  EXPECT_EQ(promoted->user.id, ada.user.id);
  EXPECT_EQ(Scalar("SELECT role FROM users WHERE email = 'ada@example.com'"), "admin");
  EXPECT_TRUE(accounts_.Login("ada@example.com", "s3cret-pass", "ip"));  // password kept

  auto no_password = accounts_.CreateOrPromoteAdmin("new@example.com", std::nullopt, "", "");
  ASSERT_FALSE(no_password);
  EXPECT_EQ(no_password.error().details, std::vector<std::string>{"password"});
  auto weak = accounts_.CreateOrPromoteAdmin("new@example.com", "password", "", "");
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Scalar("SELECT count(*) FROM users WHERE email = 'new@example.com'"), "0");

  // An address from before the rules tightened: promoted, but no new account like it.
  Exec("UPDATE users SET email = 'ops@localhost', role = 'user' WHERE id = '" + ada.user.id + "'");
  auto legacy = accounts_.CreateOrPromoteAdmin("OPS@localhost", std::nullopt, "", "");
  ASSERT_TRUE(legacy) << legacy.error().message;
  EXPECT_EQ(legacy->user.id, ada.user.id);
  EXPECT_EQ(legacy->user.role, Role::kAdmin);
  auto invalid = accounts_.CreateOrPromoteAdmin("dev@localhost", "Adm1n-pass", "", "");
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().details, std::vector<std::string>{"email"});
  EXPECT_EQ(Scalar("SELECT count(*) FROM users WHERE email = 'dev@localhost'"), "0");
}

}  // namespace
}  // namespace starry::marketplace
