// Parsing of report parameters, timestamps, look-backs, session ids and query normalisation.
#include "analytics/report_request.h"

#include <gtest/gtest.h>

#include "analytics/query_log_entry.h"
#include "analytics/report_format.h"

namespace starry::analytics {
namespace {

using namespace std::chrono;

Clock::time_point At(const char* text) { return ParseTimestamp("t", text).value(); }

TEST(TimestampsTest, ParsesDatesAndIsoTimestampsStrictly) {
  EXPECT_EQ(FormatTimestamp(At("2026-11-22")), "2026-11-22T00:00:00.000000Z");
  EXPECT_EQ(FormatTimestamp(At("2026-11-22T08:04:45Z")), "2026-11-22T08:04:45.000000Z");
  EXPECT_EQ(FormatTimestamp(At("2026-11-22T08:04:45.5Z")), "2026-11-22T08:04:45.500000Z");
  EXPECT_EQ(FormatTimestamp(At("2026-11-22T10:04:45+02:00")), "2026-11-22T08:04:45.000000Z");
  EXPECT_EQ(FormatTimestamp(At("2026-11-22T06:34:45-01:30")), "2026-11-22T08:04:45.000000Z");
  for (const char* bad : {"", "2026", "2026-13-01", "2026-02-30", "2026-11-22T25:00:00Z",
                          "2026-11-22T08:04:45", "2026-11-22T08:04:45+2", "yesterday",
                          "2026-11-22T08:04:45.Z", "1969-12-31", "2026-11-22x"}) {
    auto r = ParseTimestamp("from", bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().details, std::vector<std::string>{"from"}) << bad;
    EXPECT_NE(r.error().message.find("from"), std::string::npos);
  }
}

TEST(TimestampsTest, SinceTakesLookBacksOrTimestamps) {
  auto now = At("2026-11-22T12:00:00Z");
  EXPECT_EQ(ParseSince("--since", "7d", now).value(), At("2026-11-15T12:00:00Z"));
  EXPECT_EQ(ParseSince("--since", "24h", now).value(), At("2026-11-21T12:00:00Z"));
  EXPECT_EQ(ParseSince("--since", "30m", now).value(), At("2026-11-22T11:30:00Z"));
  EXPECT_EQ(ParseSince("--since", "2w", now).value(), At("2026-11-08T12:00:00Z"));
  EXPECT_EQ(ParseSince("--since", "2026-11-01", now).value(), At("2026-11-01"));
  for (const char* bad : {"0d", "7", "7y", "-7d", "d", "99999d", "7dd", "1.5h", ""}) {
    auto r = ParseSince("--since", bad, now);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().message.find("--since"), std::string::npos) << r.error().message;
  }
}

TEST(ReportRequestTest, DefaultsAndValidation) {
  auto now = At("2026-11-22T12:00:00Z");
  auto defaults = ParseReportParams(ReportKind::kPopular, {}, now).value();
  EXPECT_EQ(defaults.to, now);
  EXPECT_EQ(defaults.from, now - days(7));
  EXPECT_EQ(defaults.limit, kDefaultReportLimit);
  auto given = ParseReportParams(
                   ReportKind::kZeroResults,
                   {{"from", "2026-11-01"}, {"to", "2026-11-02T00:00:00Z"}, {"limit", "5"}}, now)
                   .value();
  EXPECT_EQ(given.from, At("2026-11-01"));
  EXPECT_EQ(given.to, At("2026-11-02"));
  EXPECT_EQ(given.limit, 5);
  EXPECT_EQ(ParseReportParams(ReportKind::kPopular, {{"to", "2026-11-10"}}, now)->from,
            At("2026-11-03"));

  const std::pair<std::multimap<std::string, std::string>, std::string> cases[] = {
      {{{"limit", "0"}}, "limit"},
      {{{"limit", "1001"}}, "limit"},
      {{{"limit", "ten"}}, "limit"},
      {{{"limit", ""}}, "limit"},
      {{{"from", "2026-11-10"}, {"to", "2026-11-01"}}, "from"},
      {{{"from", "2026-11-10"}, {"to", "2026-11-10"}}, "from"},
      {{{"from", "1990-01-01"}}, "from"},
      {{{"to", "soon"}}, "to"},
      {{{"from", "2026-11-01"}, {"from", "2026-11-02"}}, "from"},
      {{{"q", "x"}}, "q"},
  };
  for (const auto& [params, name] : cases) {
    auto r = ParseReportParams(ReportKind::kZeroResults, params, now);
    ASSERT_FALSE(r) << name;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().details, std::vector<std::string>{name}) << r.error().message;
  }
}

TEST(QueryLogEntryTest, NormalisedQueriesGroupSpellingsOfOneName) {
  auto analyzer = analyzers::Analyzer::Create().value();
  EXPECT_EQ(NormalizeQuery(analyzer, "Beyoncé"), "beyonce");
  EXPECT_EQ(NormalizeQuery(analyzer, "beyonce"), "beyonce");
  EXPECT_EQ(NormalizeQuery(analyzer, "  Taylor   SWIFT "), "taylor swift");
  EXPECT_EQ(NormalizeQuery(analyzer, "Björk"), "bjork");
  EXPECT_EQ(NormalizeQuery(analyzer, ""), "");
}

TEST(QueryLogEntryTest, SessionIdsAreBoundedAndPrintable) {
  EXPECT_EQ(ParseSessionId("abc-123_XYZ.=").value(), "abc-123_XYZ.=");
  EXPECT_TRUE(ParseSessionId(std::string(128, 'a')));
  for (const std::string& bad :
       {std::string(), std::string(129, 'a'), std::string("a b"), std::string("a\tb"),
        std::string("caf\xc3\xa9"), std::string("a\0b", 3), std::string("\x7f")}) {
    auto r = ParseSessionId(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().details, std::vector<std::string>{"X-Session-Id"});
  }
}

TEST(ReportFormatTest, CsvQuotesAndDefusesFormulas) {
  Report report;
  ReportRow row;
  row.query = "a,b";
  row.example = "=cmd()";
  row.count = 2;
  row.filters = R"({"category":["x"]})";
  report.rows.push_back(row);
  std::string csv = ReportCsv(report);
  EXPECT_NE(csv.find("\"a,b\",\"'=cmd()\",2,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(R"("{""category"":[""x""]}")"), std::string::npos) << csv;
  std::string json = ReportJson(report);
  EXPECT_NE(json.find(R"("filters":{"category":["x"]})"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("cause":null)"), std::string::npos) << json;
}

}  // namespace
}  // namespace starry::analytics
