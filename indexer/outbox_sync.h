// @brief Near-real-time sync: applies the change outbox to the live index.
//
// Woken by NOTIFY search_outbox, with a periodic poll as fallback. Each batch, under the writer
// lock: take the oldest unprocessed outbox rows, re-read the current rows of their celebrities
// (so replays and out-of-order rows are harmless), replace or delete their documents, commit
// the index, and only then mark the rows processed (at-least-once, idempotent). When a full
// reindex has swapped in a new generation, the next batch reopens the writer on it.
#pragma once

#include <xapian.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>

#include "analyzers/analyzer.h"
#include "common/result.h"
#include "db/pq.h"
#include "indexer/index_store.h"

namespace starry::indexer {

struct SyncOptions {
  int batch_size = 500;
  std::chrono::milliseconds poll_interval{2000};  // when no NOTIFY arrives
  std::chrono::milliseconds max_backoff{5000};    // reconnect backoff ceiling
  std::chrono::hours keep_processed{24};          // processed rows are pruned after this
  std::function<void(const std::string&)> log;    // progress and trouble, one line each
};

struct SyncBatchReport {
  int rows = 0;         // outbox rows consumed
  int celebrities = 0;  // distinct celebrities re-indexed or removed
};

class OutboxSync {
 public:
  OutboxSync(std::string conninfo, IndexStore store, const analyzers::Analyzer& analyzer,
             SyncOptions options = {});
  ~OutboxSync();
  OutboxSync(const OutboxSync&) = delete;
  OutboxSync& operator=(const OutboxSync&) = delete;

  // Applies every pending row, batch by batch. Errors: kNotFound (no index built yet),
  // kUnavailable (PostgreSQL or the index), kFailedPrecondition (index of another schema).
  Result<SyncBatchReport> RunOnce();

  // Loops until `stop` is requested: LISTEN, drain, wait for a NOTIFY or the poll interval.
  // Survives PostgreSQL restarts (reconnects with backoff) and a missing index (waits).
  void Run(const std::stop_token& stop);

 private:
  Result<SyncBatchReport> RunBatch();
  Status EnsureConnected();
  Status EnsureWriter();
  void Log(const std::string& line) const;

  std::string conninfo_;
  IndexStore store_;
  const analyzers::Analyzer& analyzer_;
  SyncOptions options_;
  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<pqxx::notification_receiver> receiver_;
  std::optional<Xapian::WritableDatabase> writer_;
  std::filesystem::path writer_dir_;
  std::chrono::steady_clock::time_point last_prune_{};
};

}  // namespace starry::indexer
