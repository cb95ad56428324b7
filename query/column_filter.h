// @brief A search request's filters evaluated over the in-memory columns (query/columns.h),
// the exact disjunctive facet counts they imply, and the browse (no text) scan that orders the
// matching documents without Xapian.
//
// Disjunctive counting in one pass: a document that passes every filter counts in every facet;
// one that fails exactly one facet's own filter counts in that facet only (a facet's counts
// ignore its own selection); any other document counts nowhere.
#pragma once

#include <xapian.h>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "query/columns.h"
#include "query/search_request.h"
#include "query/text_scorer.h"

namespace starry::query {

// Filter groups. The first six are facets.
enum Group : uint8_t {
  kCategory,
  kCity,
  kCountry,
  kPrice,
  kRating,
  kVerified,
  kMeetingType,
  kGeo,
  kGroupCount
};
inline constexpr Group kFacetGroups[] = {kCategory, kCity, kCountry, kPrice, kRating, kVerified};
inline constexpr const char* kFacetNames[] = {"category", "city",   "country",
                                              "price",    "rating", "verified"};

class ColumnFilter {
 public:
  // `city_keys`: the request's cities resolved to index city keys (names match every country's).
  ColumnFilter(const ColumnStore& store, const SearchRequest& request,
               const std::vector<std::string>& city_keys);

  bool Selected(Group g) const { return (selected_ >> g) & 1; }
  bool SelectsNothing() const { return selected_ == 0; }
  // The selected groups, as bits (1 << Group).
  uint32_t selected() const { return selected_; }
  // Whether the (present) document passes the filter of group `g`, which is selected.
  bool Passes(Group g, Xapian::docid id) const;
  // The groups whose filter the (present) document fails: 0 when it matches.
  uint32_t FailMask(Xapian::docid id) const;
  // The documents passing the filter of group `g`, which is selected: a bitmap by docid (absent
  // documents may be set).
  std::vector<uint64_t> Passing(Group g) const;
  // The distance in km from `near` to the document's closest city (-1 without coordinates).
  double DistanceKm(Xapian::docid id) const;

 private:
  double MinMeters(Xapian::docid id) const;  // -1 without coordinates or `near`
  // f(test), where test(docid) is group `g`'s filter.
  template <typename F>
  auto WithTest(Group g, F&& f) const;

  const ColumnStore& store_;
  const SearchRequest& request_;
  uint32_t selected_ = 0;
  std::vector<uint8_t> categories_, cities_, countries_;  // by dictionary code: selected?
  double min_price_ = -1e300, max_price_ = 1e300;
  std::optional<Xapian::LatLongCoord> centre_;
  Xapian::GreatCircleMetric metric_;
};

class FacetTally {
 public:
  FacetTally(const ColumnStore& store, std::optional<int> meeting_tier);
  // Counts the document by the disjunctive rule, given its fail mask.
  void Add(Xapian::docid id, uint32_t fail_mask);
  // Adds another tally's counts (of the same store and meeting tier).
  void Merge(const FacetTally& other);
  // Takes another tally's counts away (of the same store and meeting tier, counting a subset).
  void Subtract(const FacetTally& other);
  // Replaces the counts of facet `g` by another tally's (of the same store and meeting tier).
  void CopyGroup(Group g, const FacetTally& other);
  // How many documents counted have the category, city or country `code` (0 for other groups).
  int64_t CodeCount(Group g, uint32_t code) const;
  int64_t matched() const { return matched_; }
  // "key\tlabel" -> count, for a facet group: of a keyed group (category, city, country), the
  // `top` highest counts (ties: the lower key first).
  std::map<std::string, int64_t> Counts(Group g, size_t top = SIZE_MAX) const;

 private:
  // Adds (sign 1) or takes away (-1) another tally's counts.
  void Combine(const FacetTally& other, int64_t sign);
  void Count(Group g, Xapian::docid id, const FacetRow& row);
  void CountCities(Xapian::docid id, const FacetRow& row);
  void CountCountries(Xapian::docid id, const FacetRow& row);
  const ColumnStore& store_;
  int tier_;  // -1: the lowest price of any meeting type
  int64_t matched_ = 0;
  std::vector<int64_t> category_, city_, country_;
  std::array<int64_t, std::size(kPriceBuckets)> price_{};
  std::array<int64_t, std::size(kRatingThresholds)>
      rating_first_{};  // by the highest threshold reached
  std::array<int64_t, 2> verified_{};
};

// The best `keep` documents offered so far, in a page's order: a higher primary, then a higher
// secondary, then a higher tertiary, then the lower docid.
class PageHeap {
 public:
  struct Entry {
    double primary, secondary, tertiary;
    Xapian::docid id;
  };
  static bool Before(const Entry& a, const Entry& b);
  explicit PageHeap(size_t keep) : keep_(keep) { heap_.reserve(keep); }
  bool full() const { return heap_.size() == keep_; }
  // The last of the best `keep` (when full()).
  const Entry& last() const { return heap_.front(); }
  void Offer(const Entry& e);
  // The documents from `offset` on, best first. Empties the heap.
  std::vector<Xapian::docid> Page(size_t offset);

 private:
  size_t keep_;
  std::vector<Entry> heap_;  // the worst of the best at the front
};

// A value where higher sorts first, an absent one (NaN) last.
double HigherFirst(double v);

// Where a document goes in `request.sort`: a higher primary first, then a higher secondary,
// then (browses) the lower docid or (text) the better match. Absent values go last.
struct SortPlace {
  double primary, secondary;
};
SortPlace PlaceOf(const ColumnStore& store, const ColumnFilter& filter,
                  const SearchRequest& request, Xapian::docid id);

// Every present document of `store` counted in every facet (no meeting tier): what a browse
// that selects nothing shows (the landing page, /v1/categories) and what suggestions count
// categories and cities by. The same for every caller until the store changes, so each thread
// counts once per store and change (before, each landing browse counted: 4.6 ms of server
// time on the 100k demo, 41-46 ms on 1M). Valid until the caller releases the store's lock.
const FacetTally& WholeCatalogue(const ColumnStore& store);

// The documents matching `filter` (and `required`, a bitmap by docid, when given), counted
// into `tally` (unless null), and the page of them in `request`'s order: of every document (a
// browse), or of the text's `matches` (by score under kRelevance; any other sort, then by score).
std::vector<Xapian::docid> RankedPage(const ColumnStore& store, const ColumnFilter& filter,
                                      const std::vector<uint64_t>* required,
                                      const std::vector<ScoredDoc>* matches,
                                      const SearchRequest& request, FacetTally* tally);

// How many of `matches` pass `filter` and `required`.
int64_t CountPassing(const ColumnStore& store, const ColumnFilter& filter,
                     const std::vector<uint64_t>* required, const std::vector<ScoredDoc>& matches);

}  // namespace starry::query
