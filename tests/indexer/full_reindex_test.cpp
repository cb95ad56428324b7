#include "indexer/full_reindex.h"

#include <signal.h>

#include <filesystem>
#include <random>

#include "tests/indexer/index_fixture.h"
#include "tests/support/child_process.h"

namespace starry::indexer {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class FullReindexTest : public starry::testing::IndexFixture {
 protected:
  int Indexable() {
    return std::stoi(
        Scalar("SELECT count(*) FROM celebrities c JOIN categories k ON k.id = c.category_id "
               "WHERE c.is_active AND k.is_active"));
  }
  std::vector<fs::path> Generations() {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(Store().root())) {
      if (e.is_directory()) out.push_back(e.path());
    }
    return out;
  }
};

TEST_F(FullReindexTest, IndexesEveryActiveCelebrityAndMarksTheOutbox) {
  Reindex();
  EXPECT_EQ(static_cast<int>(DocCount()), Indexable());
  EXPECT_EQ(Scalar("SELECT count(*) FROM search_outbox WHERE processed_at IS NULL"), "0");
  EXPECT_EQ(Generations().size(), 1u);
}

TEST_F(FullReindexTest, ASecondReindexIsRefusedWhileOneRuns) {
  auto held = Store().LockForReindex();
  ASSERT_TRUE(held);
  auto second = FullReindex(db_.conninfo(), Store(), analyzer_);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
  EXPECT_NE(second.error().message.find("a reindex is already running"), std::string::npos)
      << second.error().message;
}

TEST_F(FullReindexTest, ChangesCommittedDuringTheBuildAreNotLost) {
  Reindex();  // a live generation for the concurrent sync to write to
  std::string taylor = Scalar("SELECT id FROM celebrities WHERE username = 'taylorswift'");
  std::string bjork = Scalar("SELECT id FROM celebrities WHERE username = 'bjork'");
  std::string gone = Scalar("SELECT id FROM celebrities WHERE username = 'kevinhart'");
  ReindexOptions options;
  options.before_swap = [&] {
    // After the snapshot was read, before the swap: edits, a delete, a new celebrity...
    Exec("UPDATE celebrities SET display_name = 'Changed During Build' WHERE id = '" + taylor +
         "'");
    Exec("UPDATE celebrities SET is_active = false WHERE id = '" + bjork + "'");
    Exec("DELETE FROM celebrities WHERE id = '" + gone + "'");
    Exec(
        "INSERT INTO celebrities (username, display_name, category_id) SELECT 'latecomer', "
        "'Late Comer', id FROM categories WHERE slug = 'actors'");
    // ...and a sync that applies them to the OLD generation and marks them processed.
    EXPECT_GT(Sync().rows, 0);
  };
  Reindex(options);
  EXPECT_TRUE(Terms(taylor)->count("Nchanged"));
  EXPECT_FALSE(Terms(bjork).has_value());
  EXPECT_FALSE(Terms(gone).has_value());
  EXPECT_TRUE(Terms(Scalar("SELECT id FROM celebrities WHERE username = 'latecomer'")));
  EXPECT_EQ(static_cast<int>(DocCount()), Indexable());
}

TEST_F(FullReindexTest, ReadersSurviveTheSwapAndNewHandlesSeeTheNewGeneration) {
  Reindex();
  Xapian::Database old_reader(Store().StubPath().string());
  auto old_count = old_reader.get_doccount();
  Exec("UPDATE celebrities SET is_active = false WHERE username = 'bjork'");
  Reindex();
  // The old handle keeps answering from the generation it opened (its files stay open).
  EXPECT_EQ(old_reader.get_doccount(), old_count);
  EXPECT_GT(old_reader.get_termfreq("Nbjork"), 0u);
  Xapian::Database fresh(Store().StubPath().string());
  EXPECT_EQ(fresh.get_doccount(), old_count - 1);
  EXPECT_EQ(fresh.get_termfreq("Nbjork"), 0u);
  EXPECT_EQ(Generations().size(), 1u);  // the retired generation is gone from disk
}

class KilledReindexTest : public FullReindexTest {
 protected:
  int SeedCount() const override { return 3000; }
};

TEST_F(KilledReindexTest, KillingAReindexLeavesTheLiveIndexWorking) {
  Reindex();
  auto expected = DocCount();
  std::vector<std::string> env = {"DATABASE_URL=" + db_.conninfo(),
                                  "STARRY_DATA_DIR=" + dir_.path().string()};
  std::mt19937 random(42);
  for (int signal : {SIGKILL, SIGKILL, SIGKILL, SIGINT}) {
    starry::testing::ChildProcess reindex({STARRY_BINARY, "reindex"}, env);
    std::this_thread::sleep_for(std::chrono::milliseconds(100 + random() % 600));
    reindex.Signal(signal);
    reindex.Wait(30s);
    // The live index opens, is complete, and answers.
    Xapian::Database live(Store().StubPath().string());
    EXPECT_EQ(live.get_doccount(), expected) << "after signal " << signal;
    Xapian::Enquire enquire(live);
    enquire.set_query(Xapian::Query("Nswift"));
    EXPECT_EQ(enquire.get_mset(0, 10).size(), 1u);
  }
  // The next run cleans up whatever the killed ones left and goes live.
  auto done = starry::testing::RunToEnd({STARRY_BINARY, "reindex"}, env, 120s);
  ASSERT_EQ(done.exit_code, 0) << done.output;
  EXPECT_EQ(Generations().size(), 1u);
  EXPECT_EQ(DocCount(), expected);
}

}  // namespace
}  // namespace starry::indexer
