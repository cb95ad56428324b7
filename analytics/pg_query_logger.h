// @brief The PostgreSQL query logger: Record() appends to a bounded in-memory buffer; one
// background thread writes the buffer to the query_log table in batches (one multi-row INSERT
// per batch).
//
// While PostgreSQL is unreachable the thread keeps the unwritten entries and retries with
// exponential backoff (reconnecting each time); the buffer keeps accepting entries up to
// `capacity`, after which Record() drops the new entry and counts it. Nothing ever waits for
// PostgreSQL on the caller's thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "analytics/query_logger.h"
#include "common/result.h"
#include "db/pq.h"

namespace starry::analytics {

struct PgQueryLoggerOptions {
  size_t capacity = 50000;  // entries held in memory (written or not) before dropping
  size_t batch_size = 500;  // rows per INSERT
  std::chrono::milliseconds flush_interval{200};  // how long an entry may wait for a batch
  std::chrono::milliseconds min_backoff{100};     // after a failed write, doubling up to
  std::chrono::milliseconds max_backoff{5000};
  std::function<void(const std::string&)> log;  // one line per state change (down, back up)
};

struct QueryLoggerStats {
  uint64_t recorded = 0;       // accepted into the buffer
  uint64_t written = 0;        // committed to PostgreSQL
  uint64_t dropped = 0;        // refused because the buffer was full
  uint64_t pending = 0;        // in the buffer now
  uint64_t failed_writes = 0;  // batches that failed (and were kept for a retry)
};

class PgQueryLogger final : public QueryLogger {
 public:
  PgQueryLogger(std::string conninfo, PgQueryLoggerOptions options = {});
  // Stops the thread after one last attempt to write what is buffered.
  ~PgQueryLogger() override;
  PgQueryLogger(const PgQueryLogger&) = delete;
  PgQueryLogger& operator=(const PgQueryLogger&) = delete;

  void Record(QueryLogEntry entry) noexcept override;
  QueryLoggerStats Stats() const;
  // Waits until everything recorded so far is written, or the timeout passes. Returns whether
  // the buffer was emptied. For tests and shutdown; never call it on a request thread.
  bool Flush(std::chrono::milliseconds timeout);

 private:
  void Run(const std::stop_token& stop);
  // Writes one batch in one transaction. Errors: kUnavailable, kInternal (the reason).
  Status Write(const std::vector<QueryLogEntry>& batch);

  std::string conninfo_;
  PgQueryLoggerOptions options_;
  mutable std::mutex mu_;
  std::condition_variable_any wake_;    // the writer: entries arrived, or stop
  std::condition_variable written_cv_;  // Flush(): a batch was written
  std::deque<QueryLogEntry> buffer_;
  size_t in_flight_ = 0;  // taken by the writer, not yet written (still count toward capacity)
  QueryLoggerStats stats_;
  std::unique_ptr<pqxx::connection> conn_;  // the writer thread's only
  std::jthread thread_;                     // last: starts after everything above exists
};

}  // namespace starry::analytics
