// The query logger keeps what is recorded while PostgreSQL is down and writes it once the server
// is back. Uses a cluster of its own: stopping the run's shared test cluster would break the
// suites running beside this one.
#include <gtest/gtest.h>

#include <thread>

#include "analytics/pg_query_logger.h"
#include "db/connection.h"
#include "db/local_cluster.h"
#include "db/migrations.h"
#include "tests/support/temp_dir.h"

namespace starry::analytics {
namespace {

using namespace std::chrono_literals;

int Rows(const std::string& conninfo) {
  auto conn = db::Connect(conninfo).value();
  return pqxx::nontransaction(*conn).exec1("SELECT count(*) FROM query_log")[0].as<int>();
}

TEST(QueryLoggerOutageTest, BuffersWhilePostgresIsDownAndWritesWhenItIsBack) {
  starry::testing::TempDir dir;
  db::LocalClusterOptions cluster_options;
  cluster_options.data_dir = dir.path();
  cluster_options.unsafe_fast = true;
  auto cluster = db::LocalCluster::Open(cluster_options);
  ASSERT_TRUE(cluster) << cluster.error().message;
  ASSERT_TRUE(cluster->Pin());  // we stop and start it ourselves
  std::string conninfo = cluster->conninfo();
  {
    auto conn = db::Connect(conninfo).value();
    ASSERT_TRUE(db::Migrate(*conn, db::EmbeddedMigrations()));
  }
  PgQueryLoggerOptions options;
  options.min_backoff = 50ms;
  options.max_backoff = 400ms;
  std::vector<std::string> log;
  std::mutex log_mu;
  options.log = [&](const std::string& line) {
    std::lock_guard lock(log_mu);
    log.push_back(line);
  };
  PgQueryLogger logger(conninfo, options);
  auto record = [&](int n) {
    for (int i = 0; i < n; ++i) {
      QueryLogEntry e;
      e.raw_query = e.normalized_query = "q" + std::to_string(i);
      e.result_count = 1;
      logger.Record(std::move(e));
    }
  };
  record(100);
  ASSERT_TRUE(logger.Flush(20s));
  EXPECT_EQ(Rows(conninfo), 100);

  ASSERT_TRUE(db::LocalCluster::StopNow(cluster_options));
  auto start = std::chrono::steady_clock::now();
  record(200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 500ms);
  // The writer's next batch fails; it keeps the entries and backs off.
  auto deadline = std::chrono::steady_clock::now() + 15s;
  while (logger.Stats().failed_writes == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  auto down = logger.Stats();
  EXPECT_EQ(down.written, 100u);
  EXPECT_EQ(down.pending, 200u);
  EXPECT_GE(down.failed_writes, 1u);

  cluster_options.unsafe_fast = false;
  auto restarted = db::LocalCluster::Open(cluster_options);
  ASSERT_TRUE(restarted) << restarted.error().message;
  ASSERT_EQ(restarted->conninfo(), conninfo) << "the cluster came back on another port";
  ASSERT_TRUE(logger.Flush(20s));
  EXPECT_EQ(Rows(conninfo), 300);
  auto stats = logger.Stats();
  EXPECT_EQ(stats.written, 300u);
  EXPECT_EQ(stats.dropped, 0u);
  {
    std::lock_guard lock(log_mu);
    ASSERT_GE(log.size(), 2u);
    EXPECT_NE(log.front().find("cannot write"), std::string::npos) << log.front();
    EXPECT_NE(log.back().find("back"), std::string::npos) << log.back();
  }
  cluster->Release();
  restarted->Release();
  (void)db::LocalCluster::StopNow(cluster_options);
}

}  // namespace
}  // namespace starry::analytics
