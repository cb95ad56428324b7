// @brief The page, total and facets of a one-word search with no filter, by relevance, without
// scoring every document of the word's frequent terms.
//
// What the search box sends while a name is being typed ("an", "and", "ch") is one word whose
// leaves include terms in a large part of the catalogue ("and" is in 938,192 of the 1M demo's
// bios): scoring, counting and ranking each match one by one cost 25-90 ms there. Here:
//   - the matches are a bitmap: the frequent terms' bitmaps and the other leaves' documents;
//   - the facets count the matches, or when they are most of the catalogue, the whole
//     catalogue's counts less those of the documents that do not match;
//   - the page: every document of the other leaves is scored as TextScorer would; the rest
//     score their best frequent term's weight (and the whole-name bonus), and are taken in
//     popularity order (ColumnStore::PopularityOrder) until no later one can reach the page
//     (those with the bonus, when few, are scored one by one first).
// (A word without frequent terms goes the general way, from TextScorer::Split's scores.)
// The answer is the one RankedPage gives over TextScorer's matches: tested against it
// (SingleWordTest).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "query/column_filter.h"
#include "query/columns.h"
#include "query/text_scorer.h"

namespace starry::query {

// `word`: the word's leaves split; `bonus`: a bitmap by docid of the documents whose name has
// as many words as the query (kWholeNameBonus). Counts every match into `tally` (of no meeting
// tier) and returns the documents of the page [offset, offset + limit) in relevance order
// (score, then popularity, then the lower docid). `store` read-locked by the caller.
// Documents from `end` on (newer than the caller's index handle) are left out, as TextScorer
// leaves them.
std::vector<Xapian::docid> SingleWordPage(const ColumnStore& store, const SplitWord& word,
                                          const std::vector<uint64_t>& bonus, Xapian::docid end,
                                          size_t offset, size_t limit, FacetTally& tally);

}  // namespace starry::query
