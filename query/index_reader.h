// @brief A thread's view of the live index: its own Xapian::Database handle (handles are not
// safe to share), opened anew when a full reindex swaps the stub (reopen() does not follow a
// swap) and reopen()ed otherwise to see sync commits; plus the lexicon of that index, shared
// between threads and rebuilt in the background when the index has changed, and its columns
// (columns.h), shared and caught up with the handle.
#pragma once

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "analyzers/lexicon.h"
#include "common/result.h"
#include "query/columns.h"

namespace starry::query {

class LexiconCache {
 public:
  explicit LexiconCache(std::chrono::milliseconds refresh_after = std::chrono::seconds(5))
      : refresh_after_(refresh_after) {}
  ~LexiconCache();
  // The lexicon for `dir` at about `revision`: built synchronously the first time a generation
  // is seen, afterwards rebuilt in the background (at most every refresh_after) while callers
  // keep the previous one.
  std::shared_ptr<const analyzers::Lexicon> For(const std::filesystem::path& dir,
                                                Xapian::rev revision);

 private:
  struct Entry {
    std::filesystem::path dir;
    Xapian::rev revision = 0;
    std::chrono::steady_clock::time_point built_at;
    std::shared_ptr<const analyzers::Lexicon> lexicon;
  };
  std::mutex mu_;
  // The newest generations seen (two at most: the live one and, around a swap, the one some
  // threads still hold), so that threads on either side of a swap never rebuild in turn.
  std::vector<Entry> entries_;
  bool rebuilding_ = false;
  std::chrono::milliseconds refresh_after_;
  std::unique_ptr<std::jthread> worker_;
};

class IndexReader {
 public:
  IndexReader(std::filesystem::path index_root, LexiconCache& lexicons, ColumnCache& columns)
      : root_(std::move(index_root)), lexicons_(lexicons), column_cache_(columns) {}

  // Brings the handle up to date. Errors: kNotFound (no index yet), kUnavailable.
  Status Refresh();
  Xapian::Database& db() { return *db_; }
  const analyzers::Lexicon& lexicon() const { return *lexicon_; }
  const ColumnStore& columns() const { return *columns_; }

 private:
  // Which file a path names, and its last change.
  struct FileStamp {
    uint64_t dev, ino;
    int64_t size, mtime_s, mtime_ns;
    bool operator==(const FileStamp&) const = default;
  };
  static std::optional<FileStamp> Stamp(const std::filesystem::path& path);

  std::filesystem::path root_;
  LexiconCache& lexicons_;
  ColumnCache& column_cache_;
  std::optional<Xapian::Database> db_;
  std::filesystem::path dir_;
  std::shared_ptr<const analyzers::Lexicon> lexicon_;
  std::shared_ptr<ColumnStore> columns_;
  std::optional<FileStamp> stub_, version_;  // when the handle was last brought up to date
};

}  // namespace starry::query
