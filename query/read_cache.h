// @brief What a thread reads from one revision of an index again and again, kept in memory:
// documents' cards (with their display names analysed for highlighting) and terms, posting lists of
// the terms outside the columns (username, bio, profession, category, city, dates, name lengths),
// and wildcard expansions.
//
// Each of those reads was a B-tree descent through pread() (8 KiB copied per block), and a card
// an inflate() and an ICU analysis of its name besides: on the 100k demo they were about a
// third of a search's server time. The cache belongs to the calling thread (Xapian handles are
// per thread) and to one (generation, revision): a handle that has moved on finds it emptied, so
// nothing read from an older revision is ever answered. Bounded: past its limits it is emptied and
// refilled.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "analyzers/analyzer.h"
#include "query/columns.h"

namespace starry::query {

// A document's card and its display name as shown.
struct CachedCard {
  std::string json;
  std::string name;                              // the card's displayName, unescaped
  std::vector<analyzers::QueryWord> name_words;  // name analysed as a query (offsets into name)
};

class ReadCache {
 public:
  // Lists longer than kMaxList are not kept (read them from the index); those longer than
  // kSmallList only when asked for a second time: reading a whole long list costs more than
  // the few skips a query that looks up a few documents in it makes, unless it comes again.
  static constexpr size_t kMaxList = size_t{1} << 20;
  static constexpr size_t kSmallList = size_t{1} << 16;
  // Other limits for this thread's cache (tests: 0, 0 keeps no list, so every read takes the
  // index's path).
  void KeepLists(size_t small_list, size_t max_list) {
    small_list_ = small_list;
    max_list_ = max_list;
    Clear();
  }
  // Kept at most, in all (then emptied): docids of posting lists, and cards.
  static constexpr size_t kMaxPostings = size_t{1} << 23;
  static constexpr size_t kMaxCards = 20000;
  static constexpr size_t kMaxTermLists = 2000;

  // This thread's cache for `db` at its current revision, of the generation `store` belongs to:
  // emptied first when either differs from the previous call's.
  static ReadCache& For(const Xapian::Database& db, const ColumnStore& store);

  // The card of `id`, its name analysed by `analyzer` (every analyzer analyses alike), or null
  // when the revision lacks the document (deleted in a revision the columns have seen and this
  // handle has not). Throws Xapian::Error.
  std::shared_ptr<const CachedCard> Card(Xapian::docid id, const analyzers::Analyzer& analyzer);
  // The documents of `term` in docid order (empty when the index lacks it), or null when the
  // list is not kept (see kMaxList). Throws Xapian::Error.
  std::shared_ptr<const Postings> PostingsOf(const std::string& term);
  // The terms of document `id`, or null when the revision lacks it. Throws Xapian::Error.
  std::shared_ptr<const std::unordered_set<std::string>> TermsOf(Xapian::docid id);
  // The first `limit` terms of the index starting with `stem`, in byte order (Xapian's
  // OP_WILDCARD with WILDCARD_LIMIT_FIRST). Throws Xapian::Error.
  std::vector<std::string> FirstTerms(const std::string& stem, size_t limit);

 private:
  ReadCache() = default;
  void Clear();

  const Xapian::Database* db_ = nullptr;
  std::pair<uint64_t, Xapian::rev> of_{0, 0};  // (store id, revision)
  std::unordered_map<Xapian::docid, std::shared_ptr<const CachedCard>> cards_;
  std::unordered_map<std::string, std::shared_ptr<const Postings>> postings_;
  std::unordered_map<Xapian::docid, std::shared_ptr<const std::unordered_set<std::string>>> terms_;
  size_t postings_held_ = 0;
  size_t small_list_ = kSmallList, max_list_ = kMaxList;
  std::unordered_set<std::string> asked_once_;  // long lists asked for, not kept yet
  std::unordered_map<std::string, std::vector<std::string>> first_terms_;  // key: stem + limit
};

// The displayName of a card's JSON, unescaped, without parsing the rest.
std::string DisplayNameOf(const std::string& card_json);

}  // namespace starry::query
