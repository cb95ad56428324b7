// @brief Full reindex: builds a new index generation from one snapshot of the catalogue and
// swaps it in atomically, with no change lost.
//
// 1. Takes the reindex lock (a second reindex is refused) and clears out leftovers of killed
//    runs.
// 2. Reads every indexable celebrity in one REPEATABLE READ snapshot (one streaming pass) into
//    a new generation directory. Searches and sync keep using the live index meanwhile.
// 3. Holding the writer lock (sync pauses), replays onto the new generation every outbox row
//    that the snapshot did not see (written by transactions it could not see, whether or not
//    sync already applied them to the old generation), swaps the stub, and marks those rows
//    and the ones the snapshot covered as processed.
// Killed at any point before the swap, the live index is untouched; the next run removes the
// partial directory. Killed after, the new generation is live and complete; unmarked outbox
// rows are applied again by sync, which is harmless.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "analyzers/analyzer.h"
#include "common/result.h"
#include "indexer/index_store.h"

namespace starry::indexer {

struct ReindexProgress {
  int64_t done = 0;
  int64_t total = 0;
  double seconds = 0;
};

struct ReindexOptions {
  std::function<void(const ReindexProgress&)> progress;  // called every few thousand documents
  // Test hook: runs after the snapshot is indexed and before the catch-up and swap.
  std::function<void()> before_swap;
};

struct ReindexReport {
  int64_t documents = 0;  // from the snapshot
  int64_t caught_up = 0;  // celebrities changed during the build and replayed
  double seconds = 0;
  uint64_t bytes = 0;  // the new generation on disk
  std::filesystem::path dir;
};

// Errors: kConflict (another reindex runs), kUnavailable (PostgreSQL, disk), kInternal.
Result<ReindexReport> FullReindex(const std::string& conninfo, const IndexStore& store,
                                  const analyzers::Analyzer& analyzer,
                                  const ReindexOptions& options = {});

}  // namespace starry::indexer
