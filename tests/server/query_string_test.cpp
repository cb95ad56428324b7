#include "server/query_string.h"

#include <gtest/gtest.h>

namespace starry::server {
namespace {

TEST(QueryStringTest, DecodesAndKeepsRepeatedNames) {
  auto p = ParseQueryString("q=bj%C3%B6rk+x&category=actors&category=musicians&empty=&flag");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->find("q")->second, "björk x");
  EXPECT_EQ(p->count("category"), 2u);
  EXPECT_EQ(p->find("empty")->second, "");
  EXPECT_EQ(p->find("flag")->second, "");
}

TEST(QueryStringTest, RejectsMalformedEscapesNamingTheParameter) {
  for (const char* bad : {"q=%", "q=%4", "q=%zz", "q=ab%g1"}) {
    auto p = ParseQueryString(bad);
    ASSERT_FALSE(p) << bad;
    EXPECT_EQ(p.error().details.at(0), "q");
  }
}

TEST(QueryStringTest, RejectsBytesThatAreNotUtf8) {
  auto name = ParseQueryString("q=a&%ff=1");
  ASSERT_FALSE(name);
  EXPECT_EQ(name.error().details.at(0), "query");
  for (const char* bad : {"category=%ff", "category=%c0%af", "category=%ed%a0%80"}) {
    auto value = ParseQueryString(bad);
    ASSERT_FALSE(value) << bad;
    EXPECT_EQ(value.error().details.at(0), "category") << bad;
  }
  EXPECT_TRUE(ParseQueryString("q=%F0%9F%98%80"));
}

}  // namespace
}  // namespace starry::server
