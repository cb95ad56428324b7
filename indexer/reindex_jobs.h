// @brief Full reindexes started inside the running service (POST /v1/admin/reindex): one at a
// time, on a background thread, with progress and outcome kept for the last few jobs.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "analyzers/analyzer.h"
#include "common/result.h"
#include "indexer/full_reindex.h"
#include "indexer/index_store.h"

namespace starry::indexer {

enum class JobState { kRunning, kSucceeded, kFailed };
std::string_view JobStateName(JobState state);  // "running", "succeeded", "failed"

struct ReindexJob {
  std::string id;  // 32 hex digits
  JobState state = JobState::kRunning;
  ReindexProgress progress;
  std::chrono::system_clock::time_point started_at, finished_at;
  std::optional<ReindexReport> report;  // succeeded
  std::optional<Error> error;           // failed
};

class ReindexJobs {
 public:
  ReindexJobs(std::string conninfo, IndexStore store, const analyzers::Analyzer& analyzer,
              ReindexOptions options = {})
      : conninfo_(std::move(conninfo)),
        store_(std::move(store)),
        analyzer_(analyzer),
        options_(std::move(options)) {}
  // Waits for a running job to finish (a reindex cannot be interrupted half-way safely).
  ~ReindexJobs();
  ReindexJobs(const ReindexJobs&) = delete;
  ReindexJobs& operator=(const ReindexJobs&) = delete;

  // Starts a reindex and returns its job at once. Errors: kConflict while one runs (its id in
  // the message). A reindex run by another process (`starry reindex`) makes the job fail with
  // the conflict as its error.
  Result<ReindexJob> Start();
  // Errors: kNotFound for an id never issued or forgotten (the last 20 are kept).
  Result<ReindexJob> Get(const std::string& id) const;
  bool Running() const;

 private:
  void Run(std::string id);

  std::string conninfo_;
  IndexStore store_;
  const analyzers::Analyzer& analyzer_;
  ReindexOptions options_;
  mutable std::mutex mu_;
  std::deque<ReindexJob> jobs_;  // newest last
  bool running_ = false;
  std::jthread thread_;
};

}  // namespace starry::indexer
