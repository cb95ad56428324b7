// Query log entries built from search requests: canonical filters JSON (equal filters, equal
// text, so reports group them), normalised text, session header rules.
#include "server/query_log_recorder.h"

#include <gtest/gtest.h>

#include "query/request_parser.h"

namespace starry::server {
namespace {

query::SearchRequest Parse(const query::Params& params) {
  auto r = query::ParseSearchParams(params);
  EXPECT_TRUE(r) << r.error().message;
  return r.value_or(query::SearchRequest{});
}

TEST(QueryLogRecorderTest, FiltersAreCanonicalJsonWithSortedKeys) {
  EXPECT_EQ(FiltersJson(Parse({{"q", "taylor"}, {"sort", "rating"}, {"page", "2"}})), "{}");
  EXPECT_FALSE(HasFilters(Parse({{"q", "taylor"}, {"limit", "5"}})));
  auto a = Parse({{"verified", "true"},
                  {"category", "actors"},
                  {"category", "musicians"},
                  {"minPrice", "100"},
                  {"availableFrom", "2026-12-01"}});
  auto b = Parse({{"availableFrom", "2026-12-01"},
                  {"minPrice", "100"},
                  {"category", "actors"},
                  {"category", "musicians"},
                  {"verified", "true"}});
  EXPECT_TRUE(HasFilters(a));
  EXPECT_EQ(FiltersJson(a), FiltersJson(b));
  EXPECT_EQ(FiltersJson(a), R"({"availableFrom":"2026-12-01","availableTo":"2026-12-01",)"
                            R"("category":["actors","musicians"],)"
                            R"("minPriceCents":10000,"verified":true})");
  EXPECT_EQ(FiltersJson(Parse({{"meetingType", "premium"}, {"country", "us"}})),
            R"({"country":["us"],"meetingType":"premium"})");
}

TEST(QueryLogRecorderTest, EntriesCarryRawAndNormalisedText) {
  auto analyzer = analyzers::Analyzer::Create().value();
  auto entry = LogEntryFor(analytics::Endpoint::kBrowse, Parse({{"q", "  Beyoncé  Knowles"}}),
                           analyzer, "s-1");
  EXPECT_EQ(entry.endpoint, analytics::Endpoint::kBrowse);
  EXPECT_EQ(entry.raw_query, "  Beyoncé  Knowles");
  EXPECT_EQ(entry.normalized_query, "beyonce knowles");
  EXPECT_EQ(entry.filters_json, "{}");
  EXPECT_EQ(entry.session_id, "s-1");
}

}  // namespace
}  // namespace starry::server
