// @brief Shared set-up for indexer tests: a migrated database with a small seeded catalogue,
// an index store in a temp dir, and ways to look at what the index holds.
#pragma once

#include <gtest/gtest.h>
#include <xapian.h>

#include <set>
#include <string>

#include "analyzers/analyzer.h"
#include "fixtures/seeder.h"
#include "indexer/full_reindex.h"
#include "indexer/outbox_sync.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace starry::testing {

class IndexFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    conn_ = db_.Connect();
    auto source = fixtures::CatalogSource::LoadEmbedded();
    ASSERT_TRUE(source) << source.error().message;
    fixtures::SeedOptions seed;
    seed.celebrities = SeedCount();
    seed.seed = 5;
    seed.start_date = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    ASSERT_TRUE(fixtures::SeedCatalog(*conn_, *source, seed));
  }
  virtual int SeedCount() const { return 40; }

  indexer::IndexStore Store() const { return indexer::IndexStore(dir_.path() / "index"); }

  void Reindex(const indexer::ReindexOptions& options = {}) {
    auto report = indexer::FullReindex(db_.conninfo(), Store(), analyzer_, options);
    ASSERT_TRUE(report) << report.error().message;
  }

  indexer::SyncBatchReport Sync() {
    if (!sync_) sync_ = std::make_unique<indexer::OutboxSync>(db_.conninfo(), Store(), analyzer_);
    auto report = sync_->RunOnce();
    EXPECT_TRUE(report) << report.error().message;
    return report.value_or(indexer::SyncBatchReport{});
  }

  void Exec(const std::string& sql) {
    pqxx::work tx(*conn_);
    tx.exec0(sql);
    tx.commit();
  }
  std::string Scalar(const std::string& sql) {
    return pqxx::nontransaction(*conn_).exec1(sql)[0].as<std::string>();
  }

  // The terms of the celebrity's document, or nullopt when it is not in the index.
  std::optional<std::set<std::string>> Terms(const std::string& id) {
    Xapian::Database db(Store().StubPath().string());
    auto it = db.postlist_begin("Q" + id);
    if (it == db.postlist_end("Q" + id)) return std::nullopt;
    std::set<std::string> terms;
    Xapian::Document doc = db.get_document(*it);
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) terms.insert(*t);
    return terms;
  }
  Xapian::Document Document(const std::string& id) {
    Xapian::Database db(Store().StubPath().string());
    return db.get_document(*db.postlist_begin("Q" + id));
  }
  Xapian::doccount DocCount() {
    return Xapian::Database(Store().StubPath().string()).get_doccount();
  }

  TestDatabase db_;
  TempDir dir_;
  std::unique_ptr<pqxx::connection> conn_;
  analyzers::Analyzer analyzer_ = analyzers::Analyzer::Create().value();
  std::unique_ptr<indexer::OutboxSync> sync_;
};

}  // namespace starry::testing
