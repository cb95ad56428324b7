// @brief The documents all of a query's words match, each with the score that
// TextMatcher::BuildQuery's Xapian query gives it under Xapian::CoordWeight, read straight
// from the posting lists.
//
// The score of a document is the sum over the words of the word's best leaf (tier + field
// weight), plus kWholeNameBonus when its name has as many words as the query. Xapian's matcher
// gets the same numbers by merging every leaf's posting list through a tree of virtual
// postlists, one document at a time; here each posting list is read once into slots by docid
// that are reused from query to query (stamped, never cleared), which is several times faster
// for a word with hundreds of typo and prefix variants. Exactness against Xapian is tested
// (ColumnsAgreeTest.TextScoresAgreeWithXapian).
//
// Not thread-safe: Searcher keeps one per thread.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "query/columns.h"
#include "query/read_cache.h"
#include "query/text_matcher.h"

namespace starry::query {

struct ScoredDoc {
  Xapian::docid id;
  float score;  // sums of multiples of 0.5 far below 2^23: exact in a float
};

// A word's leaves apart: the frequent terms' bitmaps, and the documents of the others scored.
struct SplitWord {
  struct Dense {
    const std::vector<uint64_t>* bits;  // ColumnStore::TermBits
    float weight;
  };
  std::vector<Dense> dense;
  // The documents of the other leaves, in no particular order, each with its best leaf's
  // weight (no whole-name bonus).
  std::vector<ScoredDoc> sparse;
};

class TextScorer {
 public:
  // Every document all `words` (but `skip`) match, in docid order. `columns`: the store of
  // `db`'s generation, read-locked by the caller; its name postings stand in for the name
  // field's posting lists. Throws Xapian::Error.
  std::vector<ScoredDoc> Score(const Xapian::Database& db, const ColumnStore& columns,
                               const std::vector<WordMatch>& words,
                               std::optional<size_t> skip = std::nullopt);

  // One word's leaves split (a search of one word can then count and rank the documents of
  // its frequent terms without scoring each). The answer is this scorer's, reused by the next
  // call (its memory is kept: a page first touched costs ~11 us on this project's VMs).
  // Throws Xapian::Error.
  SplitWord& Split(const Xapian::Database& db, const ColumnStore& columns, const WordMatch& word);

 private:
  struct Leaf {
    std::string term;  // with its field's prefix
    float weight = 0;
    // In memory (the columns' names or small-field terms, or `kept`, the read cache's), or
    // null: read from db.
    const Postings* postings = nullptr;
    std::shared_ptr<const Postings> kept;
    // A frequent term's bitmap in the columns (ColumnStore::TermBits), read instead.
    const std::vector<uint64_t>* bits = nullptr;
  };
  // The (field, candidate) terms of a word with their weights, as BuildQuery makes its leaves,
  // less those the index does not have.
  std::vector<Leaf> Leaves(const ColumnStore& columns, ReadCache& cache, const WordMatch& word);
  void Grow(Xapian::docid end);
  uint32_t NextWordEpoch();
  // The first of `words` + 1 progress values for a search (see Slot).
  uint32_t NextProgressBase(size_t words);

  // A document's state, by docid, in one place (a search touches each match several times, and
  // separate arrays cost a cache miss each). A document matched the search's first k words so
  // far when progress is the search's base + k; `word` stamps the word being read, and
  // word_best is its best leaf for the document.
  struct Slot {
    uint32_t progress = 0, word = 0;
    float total = 0, word_best = 0;
  };
  std::vector<Slot> slots_;
  uint32_t next_progress_ = 1, word_epoch_ = 0;
  std::vector<Xapian::docid> touched_;  // the current word's documents (kept for its capacity)
  SplitWord split_;                     // Split()'s answer (kept for its capacity)
  std::vector<uint64_t> touched_bits_;  // the current word's documents; all zero between words
  // Whether touched_bits_ is all zero: false while a call uses it, and after one that threw
  // (a Xapian error part-way through a posting list); the next call then clears it.
  bool bits_clean_ = true;
  class BitsInUse;
};

}  // namespace starry::query
