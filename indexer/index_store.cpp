#include "indexer/index_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

namespace starry::indexer {
namespace fs = std::filesystem;

namespace {
constexpr std::string_view kGenerationPrefix = "gen-";
}

Result<FileLock> FileLock::Acquire(const fs::path& path) {
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return MakeError(ErrorCode::kUnavailable, "cannot open " + path.string());
  while (flock(fd, LOCK_EX) != 0) {
    if (errno != EINTR) {
      close(fd);
      return MakeError(ErrorCode::kUnavailable, "cannot lock " + path.string());
    }
  }
  return FileLock(fd);
}

Result<FileLock> FileLock::TryAcquire(const fs::path& path, const std::string& note) {
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return MakeError(ErrorCode::kUnavailable, "cannot open " + path.string());
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char buf[256] = {};
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    close(fd);
    std::string holder = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "another process";
    while (!holder.empty() && holder.back() == '\n') holder.pop_back();
    return MakeError(ErrorCode::kConflict, holder);
  }
  if (ftruncate(fd, 0) == 0) {
    (void)!pwrite(fd, note.data(), note.size(), 0);
  }
  return FileLock(fd);
}

FileLock::~FileLock() {
  if (fd_ >= 0) close(fd_);
}

Result<fs::path> IndexStore::LiveDir() const {
  std::ifstream stub(StubPath());
  std::string line;
  while (std::getline(stub, line)) {
    if (line.rfind("auto ", 0) == 0) {
      fs::path dir = line.substr(5);
      return dir.is_absolute() ? dir : root_ / dir;
    }
  }
  return MakeError(ErrorCode::kNotFound, "no search index yet; run `starry reindex`");
}

fs::path IndexStore::NewGenerationDir() const {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
  return root_ /
         (std::string(kGenerationPrefix) + std::to_string(ms) + "-" + std::to_string(getpid()));
}

Status IndexStore::MakeLive(const fs::path& dir) const {
  fs::path tmp = root_ / "live.tmp";
  std::string content = "auto " + dir.filename().string() + "\n";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return MakeError(ErrorCode::kUnavailable, "cannot write " + tmp.string());
  bool ok = write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
            fsync(fd) == 0;
  close(fd);
  if (!ok || rename(tmp.c_str(), StubPath().c_str()) != 0) {
    return MakeError(ErrorCode::kUnavailable, "cannot swap " + StubPath().string());
  }
  // The rename must be durable before callers record what the new generation holds.
  int root_fd = open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  bool synced = root_fd >= 0 && fsync(root_fd) == 0;
  if (root_fd >= 0) close(root_fd);
  if (!synced) return MakeError(ErrorCode::kUnavailable, "cannot sync " + root_.string());
  return {};
}

void IndexStore::RemoveUnused() const {
  auto live = LiveDir();
  std::error_code ec;
  // A stub we cannot read is no licence to delete: it may point at any of them.
  if (!live && fs::exists(StubPath(), ec)) return;
  for (const auto& entry : fs::directory_iterator(root_, ec)) {
    std::string name = entry.path().filename().string();
    if (!entry.is_directory() || name.rfind(kGenerationPrefix, 0) != 0) continue;
    if (live && entry.path() == *live) continue;
    fs::remove_all(entry.path(), ec);
  }
}

Result<FileLock> IndexStore::LockForReindex() const {
  std::error_code ec;
  fs::create_directories(root_, ec);
  auto lock =
      FileLock::TryAcquire(root_ / "reindex.lock", "pid " + std::to_string(getpid()) + " started " +
                                                       std::to_string(std::time(nullptr)));
  if (!lock && lock.error().code == ErrorCode::kConflict) {
    return MakeError(ErrorCode::kConflict,
                     "a reindex is already running (" + lock.error().message + ")");
  }
  return lock;
}

Result<FileLock> IndexStore::LockForWriting() const {
  std::error_code ec;
  fs::create_directories(root_, ec);
  return FileLock::Acquire(root_ / "writer.lock");
}

Result<Xapian::Database> IndexStore::OpenReader() const {
  if (!fs::exists(StubPath())) {
    return MakeError(ErrorCode::kNotFound, "no search index yet; run `starry reindex`");
  }
  try {
    return Xapian::Database(StubPath().string());
  } catch (const Xapian::Error& e) {
    return MakeError(ErrorCode::kUnavailable, "cannot open the index: " + e.get_description());
  }
}

uint64_t IndexStore::SizeOnDisk(const fs::path& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  }
  return total;
}

}  // namespace starry::indexer
