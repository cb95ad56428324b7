#include "indexer/reindex_jobs.h"

#include <cstdio>
#include <random>

namespace starry::indexer {
namespace {

constexpr size_t kJobsKept = 20;

std::string NewJobId() {
  std::random_device random;  // /dev/urandom: ids are not guessable from one another
  std::string id;
  for (int i = 0; i < 4; ++i) {
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(random()));
    id += buf;
  }
  return id;
}

}  // namespace

std::string_view JobStateName(JobState state) {
  switch (state) {
    case JobState::kRunning:
      return "running";
    case JobState::kSucceeded:
      return "succeeded";
    case JobState::kFailed:
      return "failed";
  }
  return "failed";
}

ReindexJobs::~ReindexJobs() {
  if (thread_.joinable()) thread_.join();
}

Result<ReindexJob> ReindexJobs::Start() {
  std::lock_guard lock(mu_);
  if (running_) {
    Error e(ErrorCode::kConflict, "a reindex is already running (job " + jobs_.back().id + ")");
    e.details.push_back(jobs_.back().id);
    return std::unexpected(std::move(e));
  }
  if (thread_.joinable()) thread_.join();  // the previous job's thread, already done
  ReindexJob job;
  job.id = NewJobId();
  job.started_at = std::chrono::system_clock::now();
  jobs_.push_back(job);
  if (jobs_.size() > kJobsKept) jobs_.pop_front();
  running_ = true;
  thread_ = std::jthread([this, id = job.id] { Run(id); });
  return job;
}

Result<ReindexJob> ReindexJobs::Get(const std::string& id) const {
  std::lock_guard lock(mu_);
  for (const auto& job : jobs_) {
    if (job.id == id) return job;
  }
  return MakeError(ErrorCode::kNotFound, "no reindex job '" + id.substr(0, 64) + "'");
}

bool ReindexJobs::Running() const {
  std::lock_guard lock(mu_);
  return running_;
}

void ReindexJobs::Run(std::string id) {
  auto find = [&]() -> ReindexJob* {
    for (auto& job : jobs_) {
      if (job.id == id) return &job;
    }
    return nullptr;
  };
  ReindexOptions options = options_;
  options.progress = [&, user = options_.progress](const ReindexProgress& p) {
    {
      std::lock_guard lock(mu_);
      if (auto* job = find()) job->progress = p;
    }
    if (user) user(p);
  };
  Result<ReindexReport> report = MakeError(ErrorCode::kInternal, "reindex did not run");
  try {
    report = FullReindex(conninfo_, store_, analyzer_, options);
  } catch (const std::exception& e) {
    report = MakeError(ErrorCode::kInternal, e.what());
  }
  std::lock_guard lock(mu_);
  running_ = false;
  ReindexJob* job = find();
  if (job == nullptr) return;
  job->finished_at = std::chrono::system_clock::now();
  if (report) {
    job->state = JobState::kSucceeded;
    job->progress.done = report->documents;
    job->progress.total = std::max(job->progress.total, report->documents);
    job->progress.seconds = report->seconds;
    job->report = *report;
  } else {
    job->state = JobState::kFailed;
    job->error = report.error();
  }
}

}  // namespace starry::indexer
