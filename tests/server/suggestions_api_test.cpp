// GET /v1/search/suggestions over real HTTP against `starry serve` on the seeded catalogue:
// prefixes, typos and scripts, one letter, the category and city groups, filters, highlights,
// and each bad input.
#include <gtest/gtest.h>

#include "tests/server/api_fixture.h"

namespace starry::server {
namespace {

class SuggestionsApiTest : public starry::testing::ApiFixture {
 protected:
  std::vector<std::string> Suggested(const std::string& query) {
    auto d = Get("/v1/search/suggestions?" + query);
    std::vector<std::string> out;
    if (!d.IsObject() || !d.HasMember("data")) return out;
    for (const auto& c : d["data"]["celebrities"].GetArray()) {
      out.push_back(c["username"].GetString());
    }
    return out;
  }
  std::string First(const std::string& query) {
    auto s = Suggested(query);
    return s.empty() ? "" : s.front();
  }
};

TEST_F(SuggestionsApiTest, PrefixesTyposAndScripts) {
  EXPECT_EQ(First("q=tay"), "taylorswift");
  EXPECT_EQ(First("q=taylr%20sw"), "taylorswift");
  EXPECT_EQ(First("q=beyon"), "beyonce");
  EXPECT_EQ(First("q=Beyonc%C3%A9"), "beyonce");
  EXPECT_EQ(First("q=%E5%91%A8%E6%9D%B0"), "jaychou");  // 周杰
  EXPECT_EQ(First("q=zhou%20jie"), "jaychou");
  auto d = Get("/v1/search/suggestions?q=beyon");
  const auto& card = d["data"]["celebrities"][0];
  for (const char* key : {"id", "username", "displayName", "profession", "category", "profilePhoto",
                          "isVerified", "highlight"}) {
    EXPECT_TRUE(card.HasMember(key)) << key;
  }
  EXPECT_STREQ(card["highlight"].GetString(), "<mark>Beyon</mark>cé");
  EXPECT_NE(last_headers_["server-timing"].find("search;dur="), std::string::npos);
}

TEST_F(SuggestionsApiTest, AnExactPrefixComesBeforeATypoThenPopularity) {
  // "swift" is typed exactly: the typo neighbours (if any) come after every exact match.
  auto names = Suggested("q=swift&limit=10");
  ASSERT_FALSE(names.empty());
  EXPECT_EQ(names.front(), "taylorswift");
  // One letter answers with the most popular names starting with it.
  auto one = Get("/v1/search/suggestions?q=t&limit=10");
  ASSERT_GE(one["data"]["celebrities"].Size(), 2u);
  for (const auto& c : one["data"]["celebrities"].GetArray()) {
    std::string h = c["highlight"].GetString();
    EXPECT_NE(h.find("<mark>"), std::string::npos) << h;
  }
}

TEST_F(SuggestionsApiTest, CategoriesAndCitiesAreGroupsOfTheirOwn) {
  auto d = Get("/v1/search/suggestions?q=music");
  ASSERT_GE(d["data"]["categories"].Size(), 1u);
  const auto& cat = d["data"]["categories"][0];
  EXPECT_STREQ(cat["slug"].GetString(), "musicians");
  EXPECT_GT(cat["count"].GetInt64(), 0);
  EXPECT_STREQ(cat["highlight"].GetString(), "<mark>Music</mark>ians");
  auto cities = Get("/v1/search/suggestions?q=berl");
  bool berlin = false;
  for (const auto& c : cities["data"]["cities"].GetArray()) {
    if (std::string(c["city"].GetString()) == "berlin,de") {
      berlin = true;
      EXPECT_STREQ(c["country"].GetString(), "Germany");
      EXPECT_STREQ(c["highlight"].GetString(), "<mark>Berl</mark>in");
    }
  }
  EXPECT_TRUE(berlin);
}

TEST_F(SuggestionsApiTest, FiltersNarrowTheCelebrities) {
  auto all = Suggested("q=a&limit=10");
  ASSERT_FALSE(all.empty());
  auto musicians = Get("/v1/search/suggestions?q=a&limit=10&category=musicians");
  for (const auto& c : musicians["data"]["celebrities"].GetArray()) {
    EXPECT_STREQ(c["category"].GetString(), "Musicians");
  }
  EXPECT_EQ(First("q=tay&category=athletes"), First("q=tay&category=athletes&limit=1"));
  EXPECT_NE(First("q=tay&category=athletes"), "taylorswift");
}

TEST_F(SuggestionsApiTest, EveryBadInputIsA400NamingTheParameter) {
  for (const auto& [query, param] : std::vector<std::pair<std::string, std::string>>{
           {"", "q"},
           {"q=", "q"},
           {"q=%20%20", "q"},
           {"q=tay&limit=0", "limit"},
           {"q=tay&limit=11", "limit"},
           {"q=tay&limit=x", "limit"},
           {"q=tay&limit=2&limit=3", "limit"},
           {"q=tay&sort=rating", "sort"},
           {"q=tay&page=2", "page"},
           {"q=%FF%FE", "q"},
           {"q=" + std::string(201, 'a'), "q"},
           {"q=tay&bogus=1", "bogus"},
           {"q=tay&minPrice=9&maxPrice=1", "minPrice"},
       }) {
    auto d = Get("/v1/search/suggestions?" + query, 400);
    ASSERT_TRUE(d.IsObject() && d.HasMember("error")) << query;
    std::string message = d["error"]["message"].GetString();
    EXPECT_NE(message.find(param), std::string::npos) << query << " -> " << message;
  }
}

}  // namespace
}  // namespace starry::server
