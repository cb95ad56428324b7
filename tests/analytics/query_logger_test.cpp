// PgQueryLogger against a real PostgreSQL: batches land in query_log with every field, rows
// PostgreSQL could not store are cleaned, and Record() never waits for an unreachable server.
#include <gtest/gtest.h>

#include <thread>

#include "analytics/pg_query_logger.h"
#include "tests/support/test_database.h"

namespace starry::analytics {
namespace {

using namespace std::chrono_literals;

QueryLogEntry Entry(const std::string& raw, int64_t results) {
  QueryLogEntry e;
  e.endpoint = Endpoint::kSearch;
  e.raw_query = raw;
  e.normalized_query = raw;
  e.result_count = results;
  e.zero_cause = results == 0 ? ZeroCause::kText : ZeroCause::kNone;
  e.latency_ms = 1.25;
  return e;
}

TEST(PgQueryLoggerTest, WritesEveryEntryWithItsFields) {
  starry::testing::TestDatabase db;
  PgQueryLoggerOptions options;
  options.batch_size = 64;
  PgQueryLogger logger(db.conninfo(), options);
  QueryLogEntry first = Entry("Beyoncé", 0);
  first.normalized_query = "beyonce";
  first.endpoint = Endpoint::kBrowse;
  first.filters_json = R"({"category":["chefs"]})";
  first.zero_cause = ZeroCause::kFilters;
  first.session_id = "session-1";
  logger.Record(first);
  for (int i = 0; i < 999; ++i) logger.Record(Entry("q" + std::to_string(i), i));
  ASSERT_TRUE(logger.Flush(20s));
  auto stats = logger.Stats();
  EXPECT_EQ(stats.recorded, 1000u);
  EXPECT_EQ(stats.written, 1000u);
  EXPECT_EQ(stats.dropped, 0u);
  EXPECT_EQ(stats.pending, 0u);

  auto conn = db.Connect();
  pqxx::nontransaction tx(*conn);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM query_log")[0].as<int>(), 1000);
  auto row = tx.exec1(
      "SELECT endpoint, raw_query, normalized_query, filters->'category'->>0, result_count, "
      "zero_cause, latency_ms, session_id, abs(extract(epoch FROM now() - logged_at)) < 60 "
      "FROM query_log WHERE session_id IS NOT NULL");
  EXPECT_EQ(row[0].as<std::string>(), "browse");
  EXPECT_EQ(row[1].as<std::string>(), "Beyoncé");
  EXPECT_EQ(row[2].as<std::string>(), "beyonce");
  EXPECT_EQ(row[3].as<std::string>(), "chefs");
  EXPECT_EQ(row[4].as<int>(), 0);
  EXPECT_EQ(row[5].as<std::string>(), "filters");
  EXPECT_DOUBLE_EQ(row[6].as<double>(), 1.25);
  EXPECT_EQ(row[7].as<std::string>(), "session-1");
  EXPECT_TRUE(row[8].as<bool>());
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM query_log WHERE zero_cause IS NULL")[0].as<int>(), 998);
}

TEST(PgQueryLoggerTest, TextPostgresCannotHoldIsCleanedNotFatal) {
  starry::testing::TestDatabase db;
  PgQueryLogger logger(db.conninfo());
  QueryLogEntry e = Entry(std::string("a\0b\xff", 4), 0);
  e.filters_json = R"({"category":["x\u0000y"]})";
  e.session_id = std::string("s\0", 2);
  logger.Record(e);
  logger.Record(Entry("after", 1));
  ASSERT_TRUE(logger.Flush(20s));
  auto conn = db.Connect();
  pqxx::nontransaction tx(*conn);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM query_log")[0].as<int>(), 2);
  EXPECT_EQ(tx.exec1("SELECT filters->'category'->>0 FROM query_log WHERE raw_query <> 'after'")[0]
                .as<std::string>(),
            "xy");
}

TEST(PgQueryLoggerTest, TabsNewlinesAndBackslashesArriveAsTyped) {
  // The writer sends COPY text, where these characters are escapes.
  starry::testing::TestDatabase db;
  PgQueryLogger logger(db.conninfo());
  const std::string raw = "a\tb\nc\rd\\e \\N \\t";
  QueryLogEntry e = Entry(raw, 3);
  e.normalized_query = "\\.";
  e.filters_json = R"({"city":["Tab\there \\ back"]})";
  e.session_id = "s\\1\t";
  logger.Record(e);
  ASSERT_TRUE(logger.Flush(20s));
  auto conn = db.Connect();
  pqxx::nontransaction tx(*conn);
  auto row = tx.exec1(
      "SELECT raw_query, normalized_query, filters->'city'->>0, session_id, result_count FROM "
      "query_log");
  EXPECT_EQ(row[0].as<std::string>(), raw);
  EXPECT_EQ(row[1].as<std::string>(), "\\.");
  EXPECT_EQ(row[2].as<std::string>(), "Tab\there \\ back");
  EXPECT_EQ(row[3].as<std::string>(), "s\\1\t");
  EXPECT_EQ(row[4].as<int>(), 3);
}

TEST(PgQueryLoggerTest, RecordNeverWaitsForAnUnreachableServerAndCountsDrops) {
  // A port nobody listens on: connections are refused; the writer backs off and retries.
  PgQueryLoggerOptions options;
  options.capacity = 1000;
  options.min_backoff = 20ms;
  PgQueryLogger logger("host=127.0.0.1 port=1 dbname=none user=none connect_timeout=2", options);
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 5000; ++i) logger.Record(Entry("q", 1));
  auto elapsed = std::chrono::steady_clock::now() - start;
  // 5000 appends to a buffer: far under a millisecond each even on a loaded machine.
  EXPECT_LT(elapsed, 500ms);
  std::this_thread::sleep_for(200ms);
  auto stats = logger.Stats();
  EXPECT_EQ(stats.recorded, 1000u);
  EXPECT_EQ(stats.dropped, 4000u);
  EXPECT_EQ(stats.written, 0u);
  EXPECT_EQ(stats.pending, 1000u);
  EXPECT_GE(stats.failed_writes, 1u);
  EXPECT_FALSE(logger.Flush(100ms));
}

}  // namespace
}  // namespace starry::analytics
