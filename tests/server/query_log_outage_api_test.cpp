// `starry serve` keeps answering searches while its PostgreSQL is stopped, and the searches made
// meanwhile reach the query log once it is back. Uses a cluster of its own: stopping the run's
// shared test cluster would break the suites running beside this one.
#include <gtest/gtest.h>
#include <signal.h>

#include <regex>
#include <thread>

#include "analyzers/analyzer.h"
#include "db/connection.h"
#include "db/local_cluster.h"
#include "db/migrations.h"
#include "fixtures/seeder.h"
#include "indexer/full_reindex.h"
#include "tests/support/child_process.h"
#include "tests/support/http_client.h"
#include "tests/support/temp_dir.h"

namespace starry::server {
namespace {

using namespace std::chrono_literals;

TEST(QueryLogOutageApiTest, SearchesKeepAnsweringAndAreLoggedAfterPostgresReturns) {
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
    fixtures::SeedOptions seed;
    seed.celebrities = 40;
    seed.start_date = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    ASSERT_TRUE(
        fixtures::SeedCatalog(*conn, fixtures::CatalogSource::LoadEmbedded().value(), seed));
  }
  auto analyzer = analyzers::Analyzer::Create().value();
  ASSERT_TRUE(indexer::FullReindex(conninfo, indexer::IndexStore(dir.path() / "index"), analyzer));
  auto logged = [&]() -> int {
    auto conn = db::Connect(conninfo);
    if (!conn) return -1;
    return pqxx::nontransaction(**conn).exec1("SELECT count(*) FROM query_log")[0].as<int>();
  };

  starry::testing::ChildProcess server(
      {STARRY_BINARY, "serve", "--port", "0"},
      {"DATABASE_URL=" + conninfo, "STARRY_DATA_DIR=" + dir.path().string()});
  std::string line = server.WaitForLine("listening on", 20s);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(line, m, std::regex(":([0-9]+) "))) << server.output();
  std::string base = "http://127.0.0.1:" + m[1].str();
  auto search = [&](int n) {
    int failed = 0;
    for (int i = 0; i < n; ++i) {
      auto r = starry::testing::HttpGet(base + "/v1/search/celebrities?q=taylor" +
                                        std::to_string(i % 3));
      if (r.status != 200) ++failed;
    }
    return failed;
  };
  auto wait_for_rows = [&](int rows) {
    auto deadline = std::chrono::steady_clock::now() + 30s;
    while (logged() != rows && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(100ms);
    }
    return logged();
  };

  EXPECT_EQ(search(20), 0);
  EXPECT_EQ(wait_for_rows(20), 20);

  ASSERT_TRUE(db::LocalCluster::StopNow(cluster_options));
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(search(60), 0) << server.output();
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, 10s) << "searches slowed down while PostgreSQL was down";
  EXPECT_NE(server.WaitForLine("query log: cannot write", 15s), "") << server.output();

  cluster_options.unsafe_fast = false;
  auto restarted = db::LocalCluster::Open(cluster_options);
  ASSERT_TRUE(restarted) << restarted.error().message;
  ASSERT_EQ(restarted->conninfo(), conninfo) << "the cluster came back on another port";
  EXPECT_EQ(wait_for_rows(80), 80) << server.output();
  EXPECT_EQ(search(5), 0);

  server.Signal(SIGTERM);
  EXPECT_EQ(server.Wait(20s), 0) << server.output();
  EXPECT_NE(server.output().find("0 dropped"), std::string::npos) << server.output();
  cluster->Release();
  restarted->Release();
  (void)db::LocalCluster::StopNow(cluster_options);
}

}  // namespace
}  // namespace starry::server
