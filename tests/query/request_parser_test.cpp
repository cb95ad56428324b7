#include "query/request_parser.h"

#include <gtest/gtest.h>

namespace starry::query {
namespace {

struct BadCase {
  Params params;
  std::string parameter;  // named in the error
  std::string message;    // part of it
};

TEST(RequestParserTest, RejectsEveryBadParameterNamingIt) {
  const BadCase cases[] = {
      {{{"sort", "cheapest"}}, "sort", "relevance, popularity, price_asc"},
      {{{"minPrice", "500"}, {"maxPrice", "100"}}, "minPrice", "greater than maxPrice"},
      {{{"limit", "0"}}, "limit", "between 1 and 100"},
      {{{"limit", "101"}}, "limit", "between 1 and 100"},
      {{{"limit", "ten"}}, "limit", "whole number"},
      {{{"page", "0"}}, "page", "between"},
      {{{"page", "101"}, {"limit", "100"}}, "page", "deeper than 10000"},
      {{{"availableFrom", "2026-02-30"}}, "availableFrom", "YYYY-MM-DD"},
      {{{"availableFrom", "-001-01-01"}}, "availableFrom", "YYYY-MM-DD"},
      {{{"availableFrom", "+026-01-01"}}, "availableFrom", "YYYY-MM-DD"},
      {{{"availableTo", "2026-1-01x"}}, "availableTo", "YYYY-MM-DD"},
      {{{"availableFrom", "2026-12-10"}, {"availableTo", "2026-12-01"}}, "availableTo", "before"},
      {{{"near", "91,10"}}, "near", "latitude,longitude"},
      {{{"near", "abc"}}, "near", "latitude,longitude"},
      {{{"radiusKm", "10"}}, "radiusKm", "needs near"},
      {{{"sort", "distance"}}, "sort", "needs near"},
      {{{"q", std::string(201, 'a')}}, "q", "longer than 200 bytes"},
      {{{"q", "bj\xC3"}}, "q", "not valid UTF-8"},
      {{{"q", "a"}, {"q", "b"}}, "q", "only once"},
      {{{"sort", "rating"}, {"sort", "newest"}}, "sort", "only once"},
      {{{"minRating", "6"}}, "minRating", "between"},
      {{{"verified", "yes"}}, "verified", "true or false"},
      {{{"meetingType", "vip"}}, "meetingType", "quick, standard, premium"},
      {{{"country", "USA"}}, "country", "two-letter"},
      {{{"colour", "red"}}, "colour", "not a search parameter"},
  };
  for (const auto& c : cases) {
    auto r = ParseSearchParams(c.params);
    ASSERT_FALSE(r) << c.parameter;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    ASSERT_EQ(r.error().details.size(), 1u);
    EXPECT_EQ(r.error().details[0], c.parameter);
    EXPECT_NE(r.error().message.find(c.message), std::string::npos) << r.error().message;
  }
}

TEST(RequestParserTest, ParsesAFullRequest) {
  auto r = ParseSearchParams({{"q", "taylor"},
                              {"category", "Musicians"},
                              {"category", "actors"},
                              {"country", "US"},
                              {"minPrice", "100"},
                              {"maxPrice", "2000"},
                              {"meetingType", "standard"},
                              {"availableFrom", "2026-12-01"},
                              {"availableTo", "2026-12-03"},
                              {"near", "34.05,-118.24"},
                              {"radiusKm", "25"},
                              {"sort", "distance"},
                              {"page", "2"},
                              {"limit", "10"}});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->categories, (std::vector<std::string>{"musicians", "actors"}));
  EXPECT_EQ(r->countries, (std::vector<std::string>{"us"}));
  EXPECT_EQ(r->min_price_cents, 10000);
  EXPECT_EQ(r->max_price_cents, 200000);
  EXPECT_EQ(r->meeting_tier, 1);
  EXPECT_EQ(r->available_from, "20261201");
  EXPECT_EQ(r->available_to, "20261203");
  EXPECT_DOUBLE_EQ(r->near->radius_km, 25);
  EXPECT_EQ(r->sort, SortOrder::kDistance);
  EXPECT_EQ(r->page, 2);
  EXPECT_EQ(r->limit, 10);
}

TEST(RequestParserTest, DefaultsDependOnText) {
  EXPECT_EQ(ParseSearchParams({})->sort, SortOrder::kPopularity);
  EXPECT_EQ(ParseSearchParams({{"q", "x"}})->sort, SortOrder::kRelevance);
  EXPECT_EQ(ParseSearchParams({})->limit, 20);
}

TEST(RequestParserTest, JsonBodyTakesTheSameNames) {
  auto r = ParseSearchJson(R"({"q":"bjork","category":["musicians"],"verified":true,"limit":5})");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->text, "bjork");
  EXPECT_EQ(r->verified, true);
  EXPECT_EQ(r->limit, 5);
  for (const char* bad : {"[1,2]", "{\"limit\":[1]}", "{\"q\":{}}", "not json", "{\"limit\":0}"}) {
    auto e = ParseSearchJson(bad);
    ASSERT_FALSE(e) << bad;
    EXPECT_EQ(e.error().code, ErrorCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace starry::query
