#include "query/index_reader.h"

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

Status IndexReader::Refresh() {
  try {
    auto target = StubTarget(root_);
    if (!target) return MakeError(ErrorCode::kNotFound, "no search index yet");
    if (!db_ || *target != dir_) {
      db_.emplace(target->string());
      dir_ = *target;
    } else {
      db_->reopen();
    }
    lexicon_ = lexicons_.For(dir_, db_->get_revision());
    columns_ = column_cache_.For(dir_, *db_);
  } catch (const Xapian::Error& e) {  // e.g. the generation was retired between stub and open
    db_.reset();
    return MakeError(ErrorCode::kUnavailable, "cannot open the index: " + e.get_description());
  }
  return {};
}

}  // namespace starry::query
