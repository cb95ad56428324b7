// @brief Where the index lives on disk and how a new one goes live.
//
// <root>/live is a Xapian stub file ("auto gen-..."), swapped atomically with rename() to
// point at a new generation directory. Readers open a NEW Xapian::Database through the stub
// when its target changes (reopen() does not follow a swap: see LiveDir); the writer (sync)
// reopens its WritableDatabase the same way. <root>/reindex.lock admits one full reindex at a
// time; <root>/writer.lock is held by whoever writes to the live index (a sync batch, or a
// reindex's final catch-up and swap), so the two never interleave.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <string>

#include "common/result.h"

namespace starry::indexer {

// An exclusive flock on a file, released on destruction (and by the kernel if we die).
class FileLock {
 public:
  // Blocks until locked. Errors: kUnavailable when the file cannot be opened.
  static Result<FileLock> Acquire(const std::filesystem::path& path);
  // Fails at once with kConflict, the holder's `note` as message, when another process holds
  // it; writes `note` into the file otherwise.
  static Result<FileLock> TryAcquire(const std::filesystem::path& path, const std::string& note);
  FileLock(FileLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  FileLock& operator=(FileLock&&) = delete;
  FileLock(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

class IndexStore {
 public:
  explicit IndexStore(std::filesystem::path root) : root_(std::move(root)) {}

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path StubPath() const { return root_ / "live"; }

  // The live generation directory. Errors: kNotFound when no index has been built yet.
  Result<std::filesystem::path> LiveDir() const;
  // A fresh, empty generation directory name (not created).
  std::filesystem::path NewGenerationDir() const;
  // Points the stub at `dir` atomically (write live.tmp, fsync, rename).
  Status MakeLive(const std::filesystem::path& dir) const;
  // Removes generation directories other than the live one (partial builds of killed
  // reindexes, retired generations). Call with the reindex lock held.
  void RemoveUnused() const;

  Result<FileLock> LockForReindex() const;
  Result<FileLock> LockForWriting() const;

  // Opens a reader through the stub. Errors: kNotFound (no index), kUnavailable.
  Result<Xapian::Database> OpenReader() const;
  // Bytes on disk of a generation directory.
  static uint64_t SizeOnDisk(const std::filesystem::path& dir);

 private:
  std::filesystem::path root_;
};

}  // namespace starry::indexer
