// Sync keeps following the outbox across a PostgreSQL restart. Uses a cluster of its own, so
// that stopping it does not disturb the other suites sharing the run's test cluster.
#include <gtest/gtest.h>

#include <thread>

#include "analyzers/analyzer.h"
#include "db/connection.h"
#include "db/local_cluster.h"
#include "db/migrations.h"
#include "fixtures/seeder.h"
#include "indexer/full_reindex.h"
#include "indexer/outbox_sync.h"
#include "tests/support/temp_dir.h"

namespace starry::indexer {
namespace {

using namespace std::chrono_literals;

bool Eventually(const std::function<bool()>& condition, std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return condition();
}

TEST(SyncRestartTest, SyncSurvivesAPostgresRestartAndCatchesUp) {
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
    seed.celebrities = 10;
    seed.start_date = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    ASSERT_TRUE(
        fixtures::SeedCatalog(*conn, fixtures::CatalogSource::LoadEmbedded().value(), seed));
  }
  auto analyzer = analyzers::Analyzer::Create().value();
  IndexStore store(dir.path() / "index");
  ASSERT_TRUE(FullReindex(conninfo, store, analyzer));

  SyncOptions options;
  options.poll_interval = 500ms;
  options.max_backoff = 500ms;
  OutboxSync sync(conninfo, store, analyzer, options);
  std::jthread loop([&sync](std::stop_token stop) { sync.Run(stop); });
  auto rename = [&](const std::string& name) {
    auto conn = db::Connect(conninfo).value();
    pqxx::work tx(*conn);
    tx.exec0("UPDATE celebrities SET display_name = '" + name + "' WHERE username = 'bjork'");
    tx.commit();
  };
  auto indexed = [&](const std::string& term) {
    Xapian::Database db(store.StubPath().string());
    return db.get_termfreq(term) == 1;
  };

  rename("Before Restart");
  EXPECT_TRUE(Eventually([&] { return indexed("Nbefore"); }, 10s));

  ASSERT_TRUE(db::LocalCluster::StopNow(cluster_options));
  std::this_thread::sleep_for(1500ms);  // sync notices and backs off meanwhile
  cluster_options.unsafe_fast = false;
  auto restarted = db::LocalCluster::Open(cluster_options);
  ASSERT_TRUE(restarted) << restarted.error().message;
  ASSERT_EQ(restarted->conninfo(), conninfo) << "the cluster came back on another port";

  rename("After Restart");
  EXPECT_TRUE(Eventually([&] { return indexed("Nafter"); }, 15s));
  loop.request_stop();
  loop.join();
  cluster->Release();
  (void)db::LocalCluster::StopNow(cluster_options);
}

}  // namespace
}  // namespace starry::indexer
