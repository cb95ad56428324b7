// The reports over a scripted query log: keystroke grouping, counts, sessions, first and last
// seen, zero-result causes, most common filters, the time range and the limit.
#include "analytics/query_log_reports.h"

#include <gtest/gtest.h>

#include "analytics/pg_query_logger.h"
#include "analytics/report_format.h"
#include "tests/support/test_database.h"

namespace starry::analytics {
namespace {

using namespace std::chrono_literals;

class QueryLogReportsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = std::chrono::floor<std::chrono::seconds>(Clock::now()) - 1h;
    logger_ = std::make_unique<PgQueryLogger>(db_.conninfo());
  }

  // One logged query `offset` after the base time.
  void Log(std::optional<std::string> session, std::chrono::milliseconds offset,
           const std::string& query, int64_t results, ZeroCause cause = ZeroCause::kText,
           const std::string& filters = "{}") {
    QueryLogEntry e;
    e.at = base_ + offset;
    e.raw_query = query;
    e.normalized_query = query;
    e.result_count = results;
    e.zero_cause = results == 0 ? cause : ZeroCause::kNone;
    e.filters_json = filters;
    e.session_id = std::move(session);
    logger_->Record(std::move(e));
  }

  Report Run(ReportKind kind, int limit = 50) {
    EXPECT_TRUE(logger_->Flush(20s));
    auto conn = db_.Connect();
    ReportRequest request{kind, base_ - 1min, base_ + 1h, limit};
    auto report = RunReport(*conn, request);
    EXPECT_TRUE(report) << report.error().message;
    return report.value_or(Report{});
  }

  static const ReportRow* Find(const Report& report, const std::string& query) {
    for (const auto& row : report.rows) {
      if (row.query == query) return &row;
    }
    return nullptr;
  }

  starry::testing::TestDatabase db_;
  Clock::time_point base_;
  std::unique_ptr<PgQueryLogger> logger_;
};

TEST_F(QueryLogReportsTest, KeystrokesOfOneSessionCountAsOneSearch) {
  // Typed in one session, each extending the last within the window: one search for "xqzw".
  Log("s1", 0ms, "x", 0);
  Log("s1", 400ms, "xq", 0);
  Log("s1", 900ms, "xqz", 0);
  Log("s1", 1500ms, "xqzw", 0);
  // The same query again much later in the same session: a second search.
  Log("s1", 100s, "xqzw", 0);
  // Another session typing it: a third, from a second session.
  Log("s2", 10s, "xqzw", 0);
  // Extending, but too slowly (past the 3 s window): both count.
  Log("s3", 20s, "ab", 0);
  Log("s3", 30s, "abc", 0);
  // Without a session nothing is grouped.
  Log(std::nullopt, 40s, "mn", 0);
  Log(std::nullopt, 40500ms, "mno", 0);
  // Backspacing ("tay" then "ta") does not extend: both count.
  Log("s4", 50s, "tay", 0);
  Log("s4", 50500ms, "ta", 0);
  // Other sessions' queries in between do not break a session's chain.
  Log("s5", 60s, "jo", 0);
  Log("s6", 60200ms, "zzz", 0);
  Log("s5", 60400ms, "jon", 0);

  auto report = Run(ReportKind::kZeroResults);
  const ReportRow* xqzw = Find(report, "xqzw");
  ASSERT_NE(xqzw, nullptr);
  EXPECT_EQ(xqzw->count, 3);
  EXPECT_EQ(xqzw->sessions, 2);
  EXPECT_EQ(xqzw->first_seen, FormatTimestamp(base_ + 1500ms));
  EXPECT_EQ(xqzw->last_seen, FormatTimestamp(base_ + 100s));
  EXPECT_EQ(xqzw->cause, "text");
  for (const char* keystroke : {"x", "xq", "xqz", "jo"}) {
    EXPECT_EQ(Find(report, keystroke), nullptr) << keystroke;
  }
  for (const char* search : {"ab", "abc", "mn", "mno", "tay", "ta", "jon", "zzz"}) {
    const ReportRow* row = Find(report, search);
    ASSERT_NE(row, nullptr) << search;
    EXPECT_EQ(row->count, 1) << search;
  }
  EXPECT_EQ(Find(report, "mn")->sessions, 0);
  EXPECT_EQ(report.rows.front().query, "xqzw");  // the most frequent first
  EXPECT_EQ(report.rows.size(), 9u);
}

TEST_F(QueryLogReportsTest, ZeroResultReportNamesTheCauseAndTheCommonFilters) {
  const std::string chefs = R"({"category": ["chefs"]})";
  const std::string berlin = R"({"city": ["berlin"]})";
  Log("a", 0s, "beyonce", 0, ZeroCause::kFilters, chefs);
  Log("b", 10s, "beyonce", 0, ZeroCause::kFilters, chefs);
  Log("c", 20s, "beyonce", 0, ZeroCause::kFilters, berlin);
  Log("d", 30s, "beyonce", 12);  // found something: not in the zero-result report
  Log("e", 40s, "", 0, ZeroCause::kFilters, berlin);  // browsing with filters only
  Log("f", 50s, "qqqq", 0, ZeroCause::kText);

  auto report = Run(ReportKind::kZeroResults);
  const ReportRow* beyonce = Find(report, "beyonce");
  ASSERT_NE(beyonce, nullptr);
  EXPECT_EQ(beyonce->count, 3);
  EXPECT_EQ(beyonce->zero_results, 3);
  EXPECT_EQ(beyonce->sessions, 3);
  EXPECT_EQ(beyonce->cause, "filters");
  EXPECT_EQ(beyonce->filters, chefs);
  const ReportRow* browse = Find(report, "");
  ASSERT_NE(browse, nullptr);
  EXPECT_EQ(browse->cause, "filters");
  EXPECT_EQ(Find(report, "qqqq")->cause, "text");
  EXPECT_EQ(report.rows.size(), 3u);

  auto popular = Run(ReportKind::kPopular);
  beyonce = Find(popular, "beyonce");
  ASSERT_NE(beyonce, nullptr);
  EXPECT_EQ(beyonce->count, 4);
  EXPECT_EQ(beyonce->zero_results, 3);
  EXPECT_EQ(Find(popular, ""), nullptr);  // browsing without text is not a query
  EXPECT_EQ(popular.rows.front().query, "beyonce");

  std::string json = ReportJson(report);
  EXPECT_NE(json.find(R"("report":"zero-results")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("keystrokeWindowSeconds":3)"), std::string::npos) << json;
}

TEST_F(QueryLogReportsTest, RangeAndLimitApply) {
  Log("a", -2h, "old", 0);    // before the range
  Log("a", 2h, "future", 0);  // after it
  for (int i = 0; i < 5; ++i) Log("s" + std::to_string(i), std::chrono::seconds(i * 10), "five", 0);
  for (int i = 0; i < 3; ++i)
    Log("t" + std::to_string(i), std::chrono::seconds(i * 10), "three", 0);
  Log("u", 0s, "one", 0);
  auto top = Run(ReportKind::kZeroResults, 2);
  ASSERT_EQ(top.rows.size(), 2u);
  EXPECT_EQ(top.rows[0].query, "five");
  EXPECT_EQ(top.rows[0].count, 5);
  EXPECT_EQ(top.rows[1].query, "three");
  auto all = Run(ReportKind::kZeroResults);
  EXPECT_EQ(Find(all, "old"), nullptr);
  EXPECT_EQ(Find(all, "future"), nullptr);
  EXPECT_EQ(all.rows.size(), 3u);
}

}  // namespace
}  // namespace starry::analytics
