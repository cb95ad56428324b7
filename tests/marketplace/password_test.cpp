// Passwords: argon2id hashes round-trip and are salted; the strength rule as a table.
#include <gtest/gtest.h>

#include "marketplace/password_hasher.h"
#include "marketplace/password_policy.h"

namespace starry::marketplace {
namespace {

// Cheap parameters keep the test fast; the format and the checks are the same.
constexpr PasswordHashParams kFast{1, 1024, 1};

TEST(PasswordHasherTest, RoundTripsWithArgon2id) {
  auto hash = HashPassword("correct horse 9", kFast);
  ASSERT_TRUE(hash) << hash.error().message;
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=1024,t=1,p=1$")) << *hash;
  EXPECT_TRUE(VerifyPassword("correct horse 9", *hash));
  EXPECT_FALSE(VerifyPassword("correct horse 8", *hash));
  EXPECT_FALSE(VerifyPassword("", *hash));
  EXPECT_FALSE(VerifyPassword("Correct horse 9", *hash));
  // Salted: the same password hashes differently each time, and both verify.
  auto again = HashPassword("correct horse 9", kFast);
  ASSERT_TRUE(again);
  EXPECT_NE(*hash, *again);
  EXPECT_TRUE(VerifyPassword("correct horse 9", *again));
}

TEST(PasswordHasherTest, DefaultParametersAreOwasps) {
  auto hash = HashPassword("Tr0ub4dor&3");
  ASSERT_TRUE(hash);
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << *hash;
  EXPECT_TRUE(VerifyPassword("Tr0ub4dor&3", *hash));
}

TEST(PasswordHasherTest, MalformedOrForeignHashesNeverMatch) {
  auto argon2i = std::string("$argon2i$v=19$m=1024,t=1,p=1$c29tZXNhbHQ$") + std::string(43, 'A');
  for (const std::string& encoded :
       {std::string(), std::string("plaintext"), std::string("$argon2id$"), argon2i,
        std::string("$2b$12$abcdefghijklmnopqrstuv")}) {
    EXPECT_FALSE(VerifyPassword("plaintext", encoded)) << encoded;
  }
}

TEST(PasswordPolicyTest, StrengthTable) {
  struct Case {
    std::string password;
    bool ok;
  };
  const Case cases[] = {
      {"", false},
      {"aB3$", false},                // short
      {"abcdefg", false},             // 7 characters
      {"abcdefgh", false},            // one class: lower
      {"ABCDEFGH", false},            // one class: upper
      {"12345678", false},            // one class: digits
      {"!@#$%^&*", false},            // one class: symbols
      {"        ", false},            // spaces are symbols: one class
      {"abcdefg1", true},             // lower + digit
      {"abcdefgH", true},             // lower + upper
      {"abcd efg", true},             // lower + symbol (space)
      {"1234567!", true},             // digit + symbol
      {"pässwörd", true},             // lower + non-ASCII (8 characters, 10 bytes)
      {"äöüäöüä", false},             // 7 characters in 14 bytes: too short
      {"日本語のパスワード", false},  // one class (non-ASCII)
      {std::string(1024, 'a') + "", false},
      {std::string(1023, 'a') + "1", true},
      {std::string(1024, 'a') + "1", false},  // over 1024 bytes
      {"abcdefg\xff", false},                 // not UTF-8
  };
  for (const auto& c : cases) {
    auto s = CheckPasswordStrength(c.password);
    EXPECT_EQ(static_cast<bool>(s), c.ok) << c.password.substr(0, 40);
    if (!s) {
      EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
      EXPECT_TRUE(s.error().message.starts_with("password: ")) << s.error().message;
      ASSERT_EQ(s.error().details.size(), 1u);
      EXPECT_EQ(s.error().details[0], "password");
    }
  }
}

}  // namespace
}  // namespace starry::marketplace
