#include "query/index_reader.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <thread>

#include "query/lexicon_snapshot.h"

namespace starry::query {
namespace fs = std::filesystem;

namespace {

// The generation the stub points at (see indexer/index_store.h for the format).
std::optional<fs::path> StubTarget(const fs::path& root) {
  std::ifstream stub(root / "live");
  std::string line;
  while (std::getline(stub, line)) {
    if (line.rfind("auto ", 0) == 0) return root / line.substr(5);
  }
  return std::nullopt;
}

}  // namespace

LexiconCache::~LexiconCache() { worker_.reset(); }

std::shared_ptr<const analyzers::Lexicon> LexiconCache::For(const fs::path& dir,
                                                            Xapian::rev revision) {
  std::unique_lock lock(mu_);
  auto now = std::chrono::steady_clock::now();
  auto entry =
      std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.dir == dir; });
  if (entry == entries_.end()) {
    // A generation we have not seen: build now (the first search after a swap waits for it).
    Xapian::Database db(dir.string());
    entries_.push_back({dir, db.get_revision(), now,
                        std::make_shared<const analyzers::Lexicon>(BuildLexicon(db))});
    if (entries_.size() > 2) entries_.erase(entries_.begin());  // the oldest
    return entries_.back().lexicon;
  }
  if (revision != entry->revision && !rebuilding_ && now - entry->built_at > refresh_after_) {
    rebuilding_ = true;
    entry->built_at = now;
    worker_ = std::make_unique<std::jthread>([this, dir] {
      std::shared_ptr<const analyzers::Lexicon> fresh;
      Xapian::rev rev = 0;
      try {
        Xapian::Database db(dir.string());
        rev = db.get_revision();
        fresh = std::make_shared<const analyzers::Lexicon>(BuildLexicon(db));
      } catch (const Xapian::Error&) {  // the generation was retired meanwhile
      }
      std::lock_guard done(mu_);
      for (auto& e : entries_) {
        if (fresh && e.dir == dir) {
          e.lexicon = fresh;
          e.revision = rev;
        }
      }
      rebuilding_ = false;
    });
  }
  return entry->lexicon;
}

std::optional<IndexReader::FileStamp> IndexReader::Stamp(const fs::path& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileStamp{st.st_dev, st.st_ino, st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec};
}

Status IndexReader::Refresh() {
  // The stub and the generation's version file are replaced by rename at each swap and commit:
  // while neither has moved, the handle is current, and so are the columns caught up with it.
  // Taken before reading, so that a commit landing meanwhile shows at the next call.
  auto stub = Stamp(root_ / "live");
  auto version = db_ ? Stamp(dir_ / "iamglass") : std::nullopt;
  try {
    if (!db_ || !stub || stub != stub_ || !version || version != version_) {
      auto target = StubTarget(root_);
      if (!target) return MakeError(ErrorCode::kNotFound, "no search index yet");
      if (!db_ || *target != dir_) {
        db_.emplace(target->string());
        dir_ = *target;
        version = std::nullopt;  // of the old generation
      } else {
        db_->reopen();
      }
      columns_ = column_cache_.For(dir_, *db_);
      stub_ = stub;
      version_ = version;
    }
    // Every time: the lexicon is rebuilt in the background after a change, and taken when ready.
    lexicon_ = lexicons_.For(dir_, db_->get_revision());
  } catch (const Xapian::Error& e) {  // e.g. the generation was retired between stub and open
    db_.reset();
    return MakeError(ErrorCode::kUnavailable, "cannot open the index: " + e.get_description());
  }
  return {};
}

}  // namespace starry::query
