// ReindexJobs: one job at a time (a second start is a conflict naming the running job),
// progress while it runs, the outcome when it ends, and failures kept as the job's error.
#include "indexer/reindex_jobs.h"

#include <latch>

#include "tests/indexer/index_fixture.h"

namespace starry::indexer {
namespace {

using namespace std::chrono_literals;

class ReindexJobsTest : public starry::testing::IndexFixture {
 protected:
  ReindexJob WaitUntilDone(ReindexJobs& jobs, const std::string& id) {
    auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
      auto job = jobs.Get(id);
      EXPECT_TRUE(job);
      if (!job || job->state != JobState::kRunning) return job.value_or(ReindexJob{});
      std::this_thread::sleep_for(20ms);
    }
    ADD_FAILURE() << "job " << id << " never finished";
    return {};
  }
};

TEST_F(ReindexJobsTest, OneAtATimeWithProgressAndOutcome) {
  std::latch at_swap(1), release(1);
  ReindexOptions options;
  options.before_swap = [&] {
    at_swap.count_down();
    release.wait();
  };
  ReindexJobs jobs(db_.conninfo(), Store(), analyzer_, options);
  auto first = jobs.Start();
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->id.size(), 32u);
  EXPECT_EQ(first->state, JobState::kRunning);
  at_swap.wait();  // the snapshot is indexed; the job is held before its swap

  auto second = jobs.Start();
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
  EXPECT_NE(second.error().message.find(first->id), std::string::npos);
  auto running = jobs.Get(first->id).value();
  EXPECT_EQ(running.state, JobState::kRunning);
  EXPECT_GT(running.progress.total, 0);

  release.count_down();
  auto done = WaitUntilDone(jobs, first->id);
  EXPECT_EQ(done.state, JobState::kSucceeded);
  ASSERT_TRUE(done.report);
  EXPECT_EQ(done.report->documents, static_cast<int64_t>(DocCount()));
  EXPECT_EQ(done.progress.done, done.progress.total);
  EXPECT_EQ(done.progress.total, running.progress.total);
  EXPECT_GE(done.finished_at, done.started_at);

  // Once it is over, the next one may start, and both stay visible.
  auto third = jobs.Start();
  ASSERT_TRUE(third) << third.error().message;
  EXPECT_NE(third->id, first->id);
  EXPECT_EQ(WaitUntilDone(jobs, third->id).state, JobState::kSucceeded);
  EXPECT_TRUE(jobs.Get(first->id));
  auto unknown = jobs.Get("nope");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

TEST_F(ReindexJobsTest, AReindexRunningElsewhereFailsTheJobWithItsReason) {
  auto lock = Store().LockForReindex();  // as `starry reindex` in another process would
  ASSERT_TRUE(lock) << lock.error().message;
  ReindexJobs jobs(db_.conninfo(), Store(), analyzer_);
  auto job = jobs.Start();
  ASSERT_TRUE(job);
  auto done = WaitUntilDone(jobs, job->id);
  EXPECT_EQ(done.state, JobState::kFailed);
  ASSERT_TRUE(done.error);
  EXPECT_EQ(done.error->code, ErrorCode::kConflict) << done.error->message;
}

}  // namespace
}  // namespace starry::indexer
