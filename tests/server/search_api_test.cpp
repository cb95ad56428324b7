// The search and browse endpoints over real HTTP against `starry serve`, on a seeded and
// indexed catalogue: every endpoint, filter, facet and sort, and each bad input.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <signal.h>

#include <cctype>
#include <regex>
#include <thread>

#include "tests/server/api_fixture.h"

namespace starry::server {
namespace {

using starry::testing::HttpGet;
using starry::testing::HttpRequest;
using namespace std::chrono_literals;

class SearchApiTest : public starry::testing::ApiFixture {};

TEST_F(SearchApiTest, SearchAnswersWithCardsPaginationFacetsAndTiming) {
  auto d = Get("/v1/search/celebrities?q=taylor%20swift");
  ASSERT_TRUE(d["success"].GetBool());
  EXPECT_EQ(Names(d).front(), "taylorswift");
  const auto& card = d["data"]["celebrities"][0];
  for (const char* key : {"id", "username", "displayName", "profession", "category", "profilePhoto",
                          "averageRating", "totalReviews", "totalBookings", "isVerified",
                          "meetingTypes", "availability", "highlight"}) {
    EXPECT_TRUE(card.HasMember(key)) << key;
  }
  EXPECT_STREQ(card["highlight"].GetString(), "<mark>Taylor</mark> <mark>Swift</mark>");
  EXPECT_TRUE(card["availability"][0].HasMember("availableDatesCount"));
  EXPECT_TRUE(d["data"]["pagination"].HasMember("totalPages"));
  for (const char* facet : {"category", "city", "country", "price", "rating", "verified"}) {
    EXPECT_TRUE(d["data"]["facets"].HasMember(facet)) << facet;
  }
  EXPECT_NE(last_headers_["server-timing"].find("search;dur="), std::string::npos);
  EXPECT_TRUE(d["data"].HasMember("tookMs"));
}

TEST_F(SearchApiTest, MetricsCountRequestsByRouteAndStatus) {
  Get("/v1/search/celebrities?q=taylor");
  Get("/v1/search/celebrities?q=swift");
  Get("/v1/search/celebrities?limit=0", 400);
  Get("/v1/celebrities/nobody-by-that-name", 404);
  auto r = HttpGet(base_ + "/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.headers["content-type"].find("text/plain"), std::string::npos);
  for (const char* line :
       {R"(starry_http_responses_total{route="/v1/search/celebrities",code="200"} 2)",
        R"(starry_http_responses_total{route="/v1/search/celebrities",code="400"} 1)",
        R"(starry_http_responses_total{route="/v1/celebrities",code="404"} 1)",
        R"(starry_http_handler_seconds_count{route="/v1/search/celebrities"} 3)"}) {
    EXPECT_NE(r.body.find(std::string(line) + "\n"), std::string::npos) << line << "\n" << r.body;
  }
  EXPECT_TRUE(std::regex_search(r.body, std::regex("\nstarry_index_documents [1-9][0-9]*\n")))
      << r.body;
  EXPECT_NE(r.body.find("\nstarry_query_log_recorded_total "), std::string::npos) << r.body;
}

TEST_F(SearchApiTest, TyposAccentsScriptsAndPercentEncoding) {
  EXPECT_EQ(Names(Get("/v1/search/celebrities?q=beyonse")).front(), "beyonce");
  EXPECT_EQ(Names(Get("/v1/search/celebrities?q=Beyonc%C3%A9")).front(), "beyonce");
  EXPECT_EQ(Names(Get("/v1/search/celebrities?q=%E5%91%A8%E6%9D%B0%E5%80%AB")).front(), "jaychou");
  auto corrected = Get("/v1/search/celebrities?q=tayler+swfit+");
  ASSERT_TRUE(corrected["data"].HasMember("correction"));
  EXPECT_STREQ(corrected["data"]["correction"].GetString(), "taylor swift");
  auto relaxed = Get("/v1/search/celebrities?q=taylor+qqqxqqq");
  EXPECT_STREQ(relaxed["data"]["relaxed"]["droppedWord"].GetString(), "qqqxqqq");
}

TEST_F(SearchApiTest, RepeatedMultiValuedParametersAllApply) {
  auto both = Get("/v1/search/celebrities?category=actors&category=musicians&limit=1");
  auto actors = Get("/v1/search/celebrities?category=actors&limit=1");
  auto musicians = Get("/v1/search/celebrities?category=musicians&limit=1");
  int64_t a = actors["data"]["pagination"]["total"].GetInt64();
  int64_t m = musicians["data"]["pagination"]["total"].GetInt64();
  EXPECT_GT(a, 0);
  EXPECT_GT(m, 0);
  EXPECT_EQ(both["data"]["pagination"]["total"].GetInt64(), a + m);
  // Disjunctive: with actors selected, the category facet still counts musicians.
  EXPECT_EQ(FacetCount(actors, "category", "musicians"), m);
}

TEST_F(SearchApiTest, EveryFilterAndSortAnswers) {
  const char* paths[] = {"/v1/search/celebrities?country=us",
                         "/v1/search/celebrities?city=London",
                         "/v1/search/celebrities?minPrice=100&maxPrice=900",
                         "/v1/search/celebrities?meetingType=premium",
                         "/v1/search/celebrities?minPrice=100&meetingType=quick",
                         "/v1/search/celebrities?minRating=4.5",
                         "/v1/search/celebrities?verified=true",
                         "/v1/search/celebrities?verified=false",
                         "/v1/search/celebrities?near=51.5,-0.12&radiusKm=100&sort=distance",
                         "/v1/search/celebrities?sort=price_asc",
                         "/v1/search/celebrities?sort=price_desc",
                         "/v1/search/celebrities?sort=rating",
                         "/v1/search/celebrities?sort=newest",
                         "/v1/search/celebrities?sort=popularity&page=2&limit=5",
                         "/v1/search/celebrities?q=singer&sort=relevance",
                         "/v1/celebrities?category=chefs",
                         "/v1/celebrities/featured",
                         "/v1/categories"};
  for (const char* path : paths) {
    auto d = Get(path);
    EXPECT_TRUE(d["success"].GetBool()) << path;
  }
  auto within = Get("/v1/search/celebrities?near=51.5,-0.12&radiusKm=100&sort=distance&limit=100");
  double last = 0;
  for (const auto& c : within["data"]["celebrities"].GetArray()) {
    EXPECT_LE(c["distanceKm"].GetDouble(), 100.0);
    EXPECT_GE(c["distanceKm"].GetDouble(), last);
    last = c["distanceKm"].GetDouble();
  }
  auto verified = Get("/v1/search/celebrities?verified=true&limit=100");
  for (const auto& c : verified["data"]["celebrities"].GetArray())
    EXPECT_TRUE(c["isVerified"].GetBool());
}

TEST_F(SearchApiTest, CategoryNamesAreEscapedAndSyncReachesTheServer) {
  Exec("UPDATE categories SET name = 'Chefs \"&\" Cooks\\' WHERE slug = 'chefs'");
  // The server's own sync loop applies it; the answer must stay valid JSON.
  bool seen = false;
  for (int i = 0; i < 100 && !seen; ++i) {
    auto d = Get("/v1/categories");
    for (const auto& c : d["data"]["categories"].GetArray()) {
      seen = seen || std::string(c["name"].GetString()) == "Chefs \"&\" Cooks\\";
    }
    if (!seen) std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(seen);
}

TEST_F(SearchApiTest, CityKeysInAnySpellingMatch) {
  int64_t keyed =
      Get("/v1/search/celebrities?city=los-angeles,us")["data"]["pagination"]["total"].GetInt64();
  EXPECT_GT(keyed, 0);
  EXPECT_EQ(
      Get("/v1/search/celebrities?city=Los%20Angeles,US")["data"]["pagination"]["total"].GetInt64(),
      keyed);
  EXPECT_EQ(
      Get("/v1/search/celebrities?city=Los%20Angeles")["data"]["pagination"]["total"].GetInt64(),
      keyed);
}

TEST_F(SearchApiTest, PostFiltersIsTheSameSearch) {
  auto r = HttpRequest("POST", base_ + "/v1/search/filters",
                       R"({"q":"taylor","category":["musicians"],"limit":3})",
                       {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 200) << r.body;
  rapidjson::Document d;
  d.Parse(r.body.c_str());
  EXPECT_EQ(d["data"]["celebrities"][0]["username"], "taylorswift");
  auto bad = HttpRequest("POST", base_ + "/v1/search/filters", "{\"limit\":[1]}", {});
  EXPECT_EQ(bad.status, 400) << bad.body;
}

TEST_F(SearchApiTest, ProfilesByIdAndUsername) {
  auto byName = Get("/v1/celebrities/taylorswift");
  std::string id = byName["data"]["id"].GetString();
  auto byId = Get("/v1/celebrities/" + id);
  EXPECT_STREQ(byId["data"]["username"].GetString(), "taylorswift");
  // A UUID in upper case is the same UUID; a path segment may be percent-encoded.
  std::string upper = id;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_STREQ(Get("/v1/celebrities/" + upper)["data"]["id"].GetString(), id.c_str());
  EXPECT_STREQ(Get("/v1/celebrities/taylorswif%74")["data"]["id"].GetString(), id.c_str());
  auto missing = Get("/v1/celebrities/nobody-at-all", 404);
  EXPECT_STREQ(missing["error"]["code"].GetString(), "NOT_FOUND");
  Get("/v1/celebrities/00000000-0000-4000-8000-000000000000", 404);
}

TEST_F(SearchApiTest, EveryBadInputIsA400NamingTheParameter) {
  const std::pair<std::string, std::string> cases[] = {
      {"sort=cheapest", "sort"},
      {"minPrice=500&maxPrice=100", "minPrice"},
      {"limit=0", "limit"},
      {"limit=101", "limit"},
      {"page=500&limit=50", "page"},
      {"availableFrom=2026-13-01", "availableFrom"},
      {"near=100,200", "near"},
      {"q=" + std::string(201, 'a'), "q"},
      {"q=%FF%FE", "q"},
      {"q=%zz", "q"},
      {"sort=rating&sort=newest", "sort"},
      {"q=a&q=b", "q"},
      {"radiusKm=5", "radiusKm"},
      {"verified=maybe", "verified"},
      {"nonsense=1", "nonsense"},
  };
  for (const auto& [query, param] : cases) {
    auto r = HttpGet(base_ + "/v1/search/celebrities?" + query);
    EXPECT_EQ(r.status, 400) << query << " -> " << r.body;
    rapidjson::Document d;
    d.Parse(r.body.c_str());
    ASSERT_FALSE(d.HasParseError()) << r.body;
    EXPECT_FALSE(d["success"].GetBool());
    EXPECT_STREQ(d["error"]["details"][0].GetString(), param.c_str()) << query;
    EXPECT_EQ(r.body.find("what()"), std::string::npos);
  }
  auto bad_name = HttpGet(base_ + "/v1/search/celebrities?%FF=1");
  EXPECT_EQ(bad_name.status, 400) << bad_name.body;
  rapidjson::Document bad_doc;
  bad_doc.Parse(bad_name.body.c_str());
  EXPECT_FALSE(bad_doc.HasParseError()) << bad_name.body;
  EXPECT_EQ(HttpGet(base_ + "/v1/categories?x=1").status, 400);
  EXPECT_EQ(HttpGet(base_ + "/v1/celebrities/featured?sort=x").status, 400);
  EXPECT_EQ(HttpGet(base_ + "/v1/celebrities/featured?limit=10&limit=20").status, 400);
  EXPECT_EQ(HttpGet(base_ + "/v1/celebrities/featured?limit=3").status, 200);
  // Every endpoint that reads a query string: a name or value that is not UTF-8 is a 400 whose
  // body is still JSON.
  for (const char* target : {"/v1/categories?%FF=1", "/v1/celebrities/featured?category=%FF",
                             "/v1/celebrities?%C0%AF=1", "/v1/search/suggestions?q=%FF"}) {
    auto r = HttpGet(base_ + target);
    EXPECT_EQ(r.status, 400) << target;
    rapidjson::Document doc;
    doc.Parse(r.body.c_str());
    EXPECT_FALSE(doc.HasParseError()) << target << ": " << r.body;
  }
}

}  // namespace
}  // namespace starry::server
