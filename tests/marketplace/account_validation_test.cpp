#include "marketplace/account_validation.h"

#include <gtest/gtest.h>

namespace starry::marketplace {
namespace {

TEST(AccountValidationTest, EmailsAreTrimmedAndLowerCased) {
  const std::pair<const char*, const char*> cases[] = {
      {"  Ada@Example.COM ", "ada@example.com"},
      {"first.last+tag@mail.example.co.uk", "first.last+tag@mail.example.co.uk"},
      {"o'leary@xn--bcher-kva.de", "o'leary@xn--bcher-kva.de"},
      {"a_b-c@a-b.io", "a_b-c@a-b.io"},
  };
  for (const auto& [in, out] : cases) {
    auto e = NormalizeEmail(in);
    ASSERT_TRUE(e) << in << ": " << e.error().message;
    EXPECT_EQ(*e, out);
  }
}

TEST(AccountValidationTest, WhatIsNotAnAddressIsRefusedNamingEmail) {
  for (const char* bad :
       {"",          "   ",       "plain",         "@example.com", "a@",         "a@b",
        "a@b.c",     "a@b..com",  "a@.b.com",      "a@b.com.",     "a@-b.com",   "a@b-.com",
        "a@b_c.com", "a@b.123",   "\"a\"@b.com",   ".a@b.com",     "a.@b.com",   "a..b@c.com",
        "a@b@c.com", "a b@c.com", "a@[127.0.0.1]", "ä@b.com",      "a@b.com\x01"}) {
    auto e = NormalizeEmail(bad);
    ASSERT_FALSE(e) << bad;
    EXPECT_EQ(e.error().details.at(0), "email") << bad;
  }
  std::string long_local(65, 'a');
  EXPECT_FALSE(NormalizeEmail(long_local + "@b.com"));
  EXPECT_TRUE(NormalizeEmail(long_local.substr(1) + "@b.com"));
  std::string long_label(64, 'b');
  EXPECT_FALSE(NormalizeEmail("a@" + long_label + ".com"));
}

TEST(AccountValidationTest, SigningInTakesAddressesOnceAcceptedButNoGarbage) {
  for (const char* old : {"a@b.c", "\"a\"@b.com", "a@-b.com", "a@b..com"}) {
    EXPECT_FALSE(NormalizeEmail(old)) << old;
    EXPECT_TRUE(NormalizeLoginEmail(old)) << old;
  }
  EXPECT_EQ(*NormalizeLoginEmail(" Ada@Example.COM"), "ada@example.com");
  for (const char* bad : {"", "' OR 1=1 --", "@b.com", "a@", "a@b@c", "a b@c.com", "ä@b.com"}) {
    EXPECT_FALSE(NormalizeLoginEmail(bad)) << bad;
  }
}

TEST(AccountValidationTest, NamesAreTrimmedUtf8WithoutControls) {
  EXPECT_EQ(*NormalizeName("firstName", "  Zoë "), "Zoë");
  for (const char* bad : {"", "  ", "a\x01", "\xff", "tab\there"}) {
    auto n = NormalizeName("firstName", bad);
    ASSERT_FALSE(n) << bad;
    EXPECT_EQ(n.error().details.at(0), "firstName");
  }
}

}  // namespace
}  // namespace starry::marketplace
