#include "query/text_scorer.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <exception>

#include "query/bits.h"
#include "schema/document_schema.h"

namespace starry::query {
namespace {

// BuildQuery's wildcard on the fields outside the lexicon: the first this many terms.
constexpr size_t kWildcardTerms = 10;

// Calls fn(docid) for each document of `term`'s posting list; when `only` (sorted) is much
// shorter than the list, for those of `only` in it (skipping through the list).
template <typename Fn>
void ForEachPosting(const Xapian::Database& db, const std::string& term,
                    const std::vector<Xapian::docid>* only, Fn fn) {
  auto it = db.postlist_begin(term);
  const auto end = db.postlist_end(term);
  if (it == end) return;
  if (only == nullptr || only->size() * 8 > db.get_termfreq(term)) {
    for (; it != end; ++it) fn(*it);
    return;
  }
  for (Xapian::docid id : *only) {
    it.skip_to(id);
    if (it == end) return;
    if (*it == id) fn(id);
  }
}

// Calls fn(docid) for each of `only` (sorted) that `list` (sorted) holds: a merge, or when `only`
// is much shorter, a search for each.
template <typename Fn>
void ForEachOf(const std::vector<Xapian::docid>& only, const Postings& list, Fn fn) {
  if (only.size() * 16 > list.size()) {
    auto o = only.begin();
    for (Xapian::docid id : list) {
      while (o != only.end() && *o < id) ++o;
      if (o == only.end()) return;
      if (*o == id) fn(id);
    }
    return;
  }
  auto from = list.begin();
  for (Xapian::docid id : only) {
    from = std::lower_bound(from, list.end(), id);
    if (from == list.end()) return;
    if (*from == id) fn(id);
  }
}

// Calls fn(docid) for each document below `limit` set in `bits`, or when `only` (sorted), for
// those of `only` set.
template <typename Fn>
void ForEachBit(const std::vector<uint64_t>& bits, const std::vector<Xapian::docid>* only,
                Xapian::docid limit, Fn fn) {
  if (only != nullptr) {
    for (Xapian::docid id : *only) {
      if (HasBit(bits, id)) fn(id);
    }
    return;
  }
  const size_t words = std::min(bits.size(), (static_cast<size_t>(limit) + 63) / 64);
  for (size_t w = 0; w < words; ++w) {
    ForEachSetBit(bits[w], w, [&](Xapian::docid id) {
      if (id < limit) fn(id);
    });
  }
}

}  // namespace

std::vector<TextScorer::Leaf> TextScorer::Leaves(const ColumnStore& columns, ReadCache& cache,
                                                 const WordMatch& word) {
  std::vector<Leaf> leaves;
  auto add = [&](std::string term, double weight) {
    Leaf leaf;
    leaf.term = std::move(term);
    leaf.weight = static_cast<float>(weight);
    leaf.bits = columns.TermBits(leaf.term);
    if (leaf.bits != nullptr) {
      leaves.push_back(std::move(leaf));
      return;
    }
    leaf.kept = cache.PostingsOf(leaf.term);
    if (leaf.kept && leaf.kept->empty()) return;  // not in the index
    leaf.postings = leaf.kept.get();
    leaves.push_back(std::move(leaf));
  };
  for (const auto& spec : schema::kTextFields) {
    std::string prefix(spec.prefix);
    for (const auto& c : word.candidates) {
      // Fields outside the lexicon (username, bio): only the words as typed match there.
      if (!spec.in_lexicon && (c.distance > 0 || c.prefix)) continue;
      const double weight = TextMatcher::TierOf(c) + spec.weight;
      if (spec.field == schema::TextField::kName) {
        auto code = columns.NameCode(c.term);
        if (!code) continue;
        Leaf leaf;
        leaf.term = prefix + c.term;
        leaf.weight = static_cast<float>(weight);
        leaf.postings = &columns.NamePostings(*code);
        leaves.push_back(std::move(leaf));
      } else if (!spec.in_lexicon || columns.TermBits(prefix + c.term) != nullptr) {
        add(prefix + c.term, weight);  // bio, username, or a frequent small-field term
      } else if (const Postings* list = columns.FieldPostings(prefix + c.term)) {
        if (list->empty()) continue;  // no document has it any more
        Leaf leaf;
        leaf.term = prefix + c.term;
        leaf.weight = static_cast<float>(weight);
        leaf.postings = list;
        leaves.push_back(std::move(leaf));
      }
    }
    if (!spec.in_lexicon && word.last && word.word.term.size() >= 3) {
      // Xapian's OP_WILDCARD with WILDCARD_LIMIT_FIRST: the first terms in byte order.
      for (auto& term : cache.FirstTerms(prefix + word.word.term, kWildcardTerms)) {
        add(std::move(term), kTierPrefix + spec.weight);
      }
    }
  }
  return leaves;
}

void TextScorer::Grow(Xapian::docid end) {
  if (slots_.size() >= end) return;
  slots_.resize(end);
  touched_bits_.resize((end + 63) / 64, 0);
}

uint32_t TextScorer::NextWordEpoch() {
  if (++word_epoch_ == 0) {  // wrapped: old stamps could collide
    for (Slot& s : slots_) s.word = 0;
    word_epoch_ = 1;
  }
  return word_epoch_;
}

uint32_t TextScorer::NextProgressBase(size_t words) {
  const uint64_t needed = static_cast<uint64_t>(words) + 1;
  if (next_progress_ + needed > UINT32_MAX) {  // would wrap: old values could collide
    for (Slot& s : slots_) s.progress = 0;
    next_progress_ = 1;
  }
  const uint32_t base = next_progress_;
  next_progress_ += static_cast<uint32_t>(needed);
  return base;
}

// For the length of a Score or Split: touched_bits_ cleared first if a call threw, and marked
// clean on the way out unless this one throws.
class TextScorer::BitsInUse {
 public:
  explicit BitsInUse(TextScorer& scorer)
      : scorer_(scorer), exceptions_(std::uncaught_exceptions()) {
    if (!scorer_.bits_clean_) {
      std::fill(scorer_.touched_bits_.begin(), scorer_.touched_bits_.end(), 0);
    }
    scorer_.bits_clean_ = false;
  }
  ~BitsInUse() { scorer_.bits_clean_ = std::uncaught_exceptions() == exceptions_; }
  BitsInUse(const BitsInUse&) = delete;
  BitsInUse& operator=(const BitsInUse&) = delete;

 private:
  TextScorer& scorer_;
  int exceptions_;
};

SplitWord& TextScorer::Split(const Xapian::Database& db, const ColumnStore& columns,
                             const WordMatch& word) {
  Grow(db.get_lastdocid() + 1);
  BitsInUse in_use(*this);
  ReadCache& cache = ReadCache::For(db, columns);
  const Xapian::docid limit = db.get_lastdocid() + 1;  // the store may know newer documents
  SplitWord& out = split_;
  out.dense.clear();
  out.sparse.clear();
  std::vector<Leaf> leaves = Leaves(columns, cache, word);
  // The heaviest leaf first: a document's best leaf is then the first that has it, and one bit
  // a document (touched_bits_, all zero between calls) says whether it has been seen.
  std::stable_sort(leaves.begin(), leaves.end(),
                   [](const Leaf& a, const Leaf& b) { return a.weight > b.weight; });
  auto visit = [&](Xapian::docid id, float weight) {
    if (HasBit(touched_bits_, id)) return;
    out.sparse.push_back({id, weight});
    SetBit(touched_bits_, id);
  };
  for (const Leaf& leaf : leaves) {
    if (leaf.bits) {
      out.dense.push_back({leaf.bits, leaf.weight});
    } else if (leaf.postings) {
      for (Xapian::docid id : *leaf.postings) {
        if (id < limit) visit(id, leaf.weight);
      }
    } else {
      ForEachPosting(db, leaf.term, nullptr, [&](Xapian::docid id) { visit(id, leaf.weight); });
    }
  }
  for (const ScoredDoc& m : out.sparse) touched_bits_[m.id / 64] = 0;
  return out;
}

std::vector<ScoredDoc> TextScorer::Score(const Xapian::Database& db, const ColumnStore& columns,
                                         const std::vector<WordMatch>& words,
                                         std::optional<size_t> skip) {
  Grow(db.get_lastdocid() + 1);
  BitsInUse in_use(*this);
  ReadCache& cache = ReadCache::For(db, columns);
  // Every word's leaves, and how many postings they hold: the word with the fewest goes
  // first, and the others only look up its documents ("anna cook": the few thousand names
  // with a "cook*" word, then which of those have an "anna"-like word).
  struct Word {
    std::vector<Leaf> leaves;
    size_t postings = 0;
  };
  std::vector<Word> todo;
  size_t query_words = 0;  // repeats included: "duran duran" is a two-word name
  for (size_t i = 0; i < words.size(); ++i) {
    if (skip && *skip == i) continue;
    query_words += words[i].positions.size();
    Word w{Leaves(columns, cache, words[i]), 0};
    for (const Leaf& leaf : w.leaves) {
      w.postings += leaf.postings ? leaf.postings->size() : db.get_termfreq(leaf.term);
    }
    todo.push_back(std::move(w));
  }
  if (todo.empty()) return {};
  std::stable_sort(todo.begin(), todo.end(),
                   [](const Word& a, const Word& b) { return a.postings < b.postings; });

  const uint32_t base = NextProgressBase(todo.size());
  Slot* const slots = slots_.data();
  const Xapian::docid limit = db.get_lastdocid() + 1;  // the store may know newer documents
  std::vector<Xapian::docid> candidates;               // sorted after the first word
  uint32_t matched_words = 0;
  for (const Word& w : todo) {
    const uint32_t word = NextWordEpoch();
    const uint32_t so_far = base + matched_words;  // progress of a document still in the running
    std::vector<Xapian::docid>& touched = touched_;
    touched.clear();
    const bool first = matched_words == 0;
    for (const Leaf& leaf : w.leaves) {
      auto visit = [&](Xapian::docid id) {
        Slot& s = slots[id];
        if (!first && s.progress != so_far) return;
        if (s.word != word) {
          s.word = word;
          s.word_best = leaf.weight;
          touched.push_back(id);
          SetBit(touched_bits_, id);
        } else if (leaf.weight > s.word_best) {
          s.word_best = leaf.weight;  // OP_MAX: the word's best leaf
        }
      };
      if (leaf.bits) {
        ForEachBit(*leaf.bits, first ? nullptr : &candidates, limit, visit);
      } else if (!leaf.postings) {
        ForEachPosting(db, leaf.term, first ? nullptr : &candidates, visit);
      } else if (first) {
        // In docid order but scattered: their slots asked for a few ahead.
        const Postings& list = *leaf.postings;
        constexpr size_t kAhead = 16;
        for (size_t i = 0; i < list.size(); ++i) {
          if (i + kAhead < list.size() && list[i + kAhead] < limit) {
            PrefetchLine(slots + list[i + kAhead]);
          }
          if (list[i] < limit) visit(list[i]);  // the store may know newer documents
        }
      } else {
        ForEachOf(candidates, *leaf.postings, visit);
      }
    }
    for (Xapian::docid id : touched) {
      Slot& s = slots[id];
      if (first) s.total = 0;
      s.total += s.word_best;  // exact in any order: multiples of 0.5
      s.progress = so_far + 1;
    }
    ++matched_words;
    // Only these matched every word so far, in docid order: sorted, or when they are many
    // (a short prefix matches a third of a million documents), read off their bitmap.
    candidates.clear();
    if (touched.size() * 16 > touched_bits_.size()) {
      candidates.reserve(touched.size());
      for (size_t w = 0; w < touched_bits_.size(); ++w) {
        ForEachSetBit(touched_bits_[w], w, [&](Xapian::docid id) {
          // A bit this word did not set was left by a search a Xapian error cut short (the
          // searcher retries DatabaseModifiedError on this same scorer).
          if (slots[id].word == word) candidates.push_back(id);
        });
        touched_bits_[w] = 0;
      }
    } else {
      for (Xapian::docid id : touched) touched_bits_[id / 64] = 0;
      candidates = touched;
      std::sort(candidates.begin(), candidates.end());
    }
    if (candidates.empty()) return {};
  }
  // OP_AND_MAYBE: the bonus for names of exactly as many words as the query.
  const uint32_t done = base + matched_words;
  auto bonus = [&](Xapian::docid id) {
    if (slots[id].progress == done) slots[id].total += static_cast<float>(kWholeNameBonus);
  };
  const std::string whole_name =
      std::string(schema::kNameWordsPrefix) + std::to_string(query_words);
  if (const auto* bits = columns.TermBits(whole_name)) {
    ForEachBit(*bits, &candidates, limit, bonus);
  } else if (auto kept = cache.PostingsOf(whole_name)) {
    ForEachOf(candidates, *kept, bonus);
  } else {
    ForEachPosting(db, whole_name, &candidates, bonus);
  }
  std::vector<ScoredDoc> out;
  out.reserve(candidates.size());
  for (Xapian::docid id : candidates) out.push_back({id, slots[id].total});
  return out;
}

}  // namespace starry::query
