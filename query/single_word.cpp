#include "query/single_word.h"

#include <algorithm>
#include <bit>
#include <limits>

#include "query/bits.h"
#include "query/text_matcher.h"

namespace starry::query {
namespace {}  // namespace

std::vector<Xapian::docid> SingleWordPage(const ColumnStore& store, const SplitWord& word,
                                          const std::vector<uint64_t>& bonus, Xapian::docid end,
                                          size_t offset, size_t limit, FacetTally& tally) {
  end = std::min(end, store.end());
  const size_t words = (end + 63) / 64;
  // The matches, and among them the documents of the other leaves. Per thread, their memory
  // kept from search to search (a page first touched costs ~11 us on this project's VMs).
  thread_local std::vector<uint64_t> matches, sparse;
  matches.assign(words, 0);
  sparse.assign(words, 0);
  for (const auto& d : word.dense) {
    for (size_t w = 0; w < words && w < d.bits->size(); ++w) matches[w] |= (*d.bits)[w];
  }
  for (const ScoredDoc& m : word.sparse) {
    if (m.id < end) {
      SetBit(matches, m.id);
      SetBit(sparse, m.id);
    }
  }
  if (end % 64 != 0) matches[words - 1] &= (uint64_t{1} << (end % 64)) - 1;
  int64_t total = 0;
  for (size_t w = 0; w < words; ++w) {
    matches[w] &= store.PresentBits(w);
    total += std::popcount(matches[w]);
  }

  // Facets: of the matches, or of the whole catalogue less the documents that do not match.
  // A word of 64 documents at a time, the rows of a later word's asked for first (the
  // documents counted are scattered).
  constexpr size_t kAhead = 4;
  const FacetTally& whole = WholeCatalogue(store);
  if (total * 2 > whole.matched()) {
    FacetTally rest(store, std::nullopt);
    const size_t all = (store.end() + 63) / 64;
    auto missing = [&](size_t w) { return store.PresentBits(w) & ~(w < words ? matches[w] : 0); };
    for (size_t w = 0; w < all; ++w) {
      if (w + kAhead < all) {
        ForEachSetBit(missing(w + kAhead), w + kAhead,
                      [&](Xapian::docid id) { store.PrefetchRow(id); });
      }
      ForEachSetBit(missing(w), w, [&](Xapian::docid id) { rest.Add(id, 0); });
    }
    tally.Merge(whole);
    tally.Subtract(rest);
  } else {
    for (size_t w = 0; w < words; ++w) {
      if (w + kAhead < words) {
        ForEachSetBit(matches[w + kAhead], w + kAhead,
                      [&](Xapian::docid id) { store.PrefetchRow(id); });
      }
      ForEachSetBit(matches[w], w, [&](Xapian::docid id) { tally.Add(id, 0); });
    }
  }

  // The page. A document's score, as TextScorer sums it: its best leaf, then the bonus.
  auto dense_best = [&](Xapian::docid id) {
    float best = -std::numeric_limits<float>::infinity();
    for (const auto& d : word.dense) {
      if (HasBit(*d.bits, id)) best = std::max(best, d.weight);
    }
    return best;
  };
  auto class_score = [](float best, bool with_bonus) {
    float total_score = 0;
    total_score += best;
    if (with_bonus) total_score += static_cast<float>(kWholeNameBonus);
    return static_cast<double>(total_score);
  };
  auto score = [&](Xapian::docid id, float best) { return class_score(best, HasBit(bonus, id)); };
  // In RankedPage's order by relevance: the score, then popularity, then the lower docid.
  PageHeap heap(offset + limit);
  auto place = [&](Xapian::docid id, double s) {
    if (heap.full() && s < heap.last().primary) return;  // loses on the score alone
    heap.Offer({s, HigherFirst(store.Popularity(id)), 0, id});
  };
  // Scored one by one: the other leaves' documents...
  constexpr size_t kAheadDocs = 8;
  for (size_t i = 0; i < word.sparse.size(); ++i) {
    if (i + kAheadDocs < word.sparse.size()) {
      store.PrefetchPopularity(word.sparse[i + kAheadDocs].id);
    }
    const ScoredDoc& m = word.sparse[i];
    if (HasBit(matches, m.id)) place(m.id, score(m.id, std::max(m.score, dense_best(m.id))));
  }
  // ...the frequent terms' documents with the whole-name bonus, one by one when they are few
  // (up to 1/64 of the catalogue; otherwise the walk below takes them in popularity order
  // too), and the documents changed since the popularity order was made. `left`: how many
  // the walk has to see at most; `bonus_left`: how many of those have the bonus.
  int64_t with_bonus = 0;
  for (size_t w = 0; w < words; ++w) {
    with_bonus += std::popcount(matches[w] & ~sparse[w] & (w < bonus.size() ? bonus[w] : 0));
  }
  const bool bonus_apart = with_bonus * 64 <= static_cast<int64_t>(end);
  int64_t left = 0, bonus_left = 0;
  for (size_t w = 0; w < words; ++w) {
    const uint64_t others = matches[w] & ~sparse[w], bonus_bits = w < bonus.size() ? bonus[w] : 0;
    if (bonus_apart) {
      ForEachSetBit(others & bonus_bits, w,
                    [&](Xapian::docid id) { place(id, score(id, dense_best(id))); });
      left += std::popcount(others & ~bonus_bits);
    } else {
      left += std::popcount(others);
      bonus_left += std::popcount(others & bonus_bits);
    }
  }
  auto walks = [&](Xapian::docid id) {  // (unchanged documents only)
    return HasBit(matches, id) && !HasBit(sparse, id) && !(bonus_apart && HasBit(bonus, id));
  };
  store.ForEachChanged([&](Xapian::docid id) {
    if (!walks(id)) return;
    place(id, score(id, dense_best(id)));
    --left;
    if (HasBit(bonus, id)) --bonus_left;
  });
  // The rest score their best frequent term's weight (and the bonus). In popularity order, the
  // walk stops once no later document can rank above the page's last: its score beats the
  // best a later one can have, or equals it with more popularity (or as much and a lower
  // docid). (The order puts an absent popularity at -1 where this one puts it last: the walk
  // stops early only among documents of a popularity of at least 0, where the two agree.)
  float highest = -std::numeric_limits<float>::infinity();
  for (const auto& d : word.dense) highest = std::max(highest, d.weight);
  const Postings& order = store.PopularityOrder();
  for (size_t i = 0; i < order.size() && left > 0; ++i) {
    const Xapian::docid id = order[i];
    if (store.Changed(id) || !walks(id)) continue;
    --left;
    if (HasBit(bonus, id)) --bonus_left;
    place(id, score(id, dense_best(id)));
    const double popularity_rank = store.PopularityRank(id);
    if (popularity_rank < 0 || !heap.full()) continue;
    const double most = class_score(highest, bonus_left > 0);  // a later document's best
    const PageHeap::Entry& last = heap.last();
    if (last.primary > most ||
        (last.primary == most && (last.secondary > popularity_rank ||
                                  (last.secondary == popularity_rank && last.id <= id)))) {
      break;
    }
  }
  return heap.Page(offset);
}

}  // namespace starry::query
