#include "query/column_filter.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <limits>

#include "query/bits.h"
#include "schema/document_schema.h"

namespace starry::query {
namespace {

std::string PriceBucketKey(const PriceBucket& b) {
  std::string value =
      std::to_string(b.lo_dollars) + "-" + (b.hi_dollars < 0 ? "" : std::to_string(b.hi_dollars));
  std::string label =
      b.hi_dollars < 0 ? "$" + std::to_string(b.lo_dollars) + "+"
                       : "$" + std::to_string(b.lo_dollars) + "–$" + std::to_string(b.hi_dollars);
  return value + "\t" + label;
}

constexpr double kLast = -std::numeric_limits<double>::infinity();

// A value where lower sorts first; absent values last.
double Lower(double v) { return std::isnan(v) ? kLast : -v; }

// Marks the dictionary codes whose key is one of `keys`.
std::vector<uint8_t> Codes(const Dictionary& dict, const std::vector<std::string>& keys) {
  std::vector<uint8_t> selected(dict.size(), 0);
  for (uint32_t code = 0; code < dict.size(); ++code) {
    selected[code] = std::find(keys.begin(), keys.end(), dict.Key(code)) != keys.end();
  }
  return selected;
}

bool Any(std::span<const uint32_t> codes, const std::vector<uint8_t>& selected) {
  for (uint32_t c : codes) {
    if (selected[c]) return true;
  }
  return false;
}

}  // namespace

ColumnFilter::ColumnFilter(const ColumnStore& store, const SearchRequest& request,
                           const std::vector<std::string>& city_keys)
    : store_(store), request_(request) {
  auto select = [&](Group g) { selected_ |= 1u << g; };
  if (!request.categories.empty()) {
    select(kCategory);
    categories_ = Codes(store.categories(), request.categories);
  }
  if (!request.cities.empty()) {
    select(kCity);
    cities_ = Codes(store.cities(), city_keys);
  }
  if (!request.countries.empty()) {
    select(kCountry);
    countries_ = Codes(store.countries(), request.countries);
  }
  if (request.min_price_cents || request.max_price_cents) {
    select(kPrice);
    if (request.min_price_cents) min_price_ = static_cast<double>(*request.min_price_cents);
    if (request.max_price_cents) max_price_ = static_cast<double>(*request.max_price_cents);
  } else if (request.meeting_tier) {
    select(kMeetingType);
  }
  if (request.min_rating) select(kRating);
  if (request.verified) select(kVerified);
  if (request.near) {
    select(kGeo);
    centre_.emplace(request.near->latitude, request.near->longitude);
  }
}

template <typename F>
auto ColumnFilter::WithTest(Group g, F&& f) const {
  switch (g) {
    case kCategory:
      return f([this](Xapian::docid id) { return categories_[store_.Category(id)] != 0; });
    case kCity:
      return f([this](Xapian::docid id) { return Any(store_.Cities(id), cities_); });
    case kCountry:
      return f([this](Xapian::docid id) { return Any(store_.Countries(id), countries_); });
    case kPrice:
      return f([this](Xapian::docid id) {
        for (int t = 0; t < 3; ++t) {
          if (request_.meeting_tier && *request_.meeting_tier != t) continue;
          double p = store_.Price(id, t);
          if (p >= min_price_ && p <= max_price_) return true;
        }
        return false;
      });
    case kMeetingType:
      return f([this](Xapian::docid id) {
        return !std::isnan(store_.Price(id, *request_.meeting_tier));
      });
    case kRating:
      return f([this](Xapian::docid id) { return store_.Rating(id) >= *request_.min_rating; });
    case kVerified:
      return f([this](Xapian::docid id) { return store_.Verified(id) == *request_.verified; });
    case kGeo:
      return f([this](Xapian::docid id) {
        double meters = MinMeters(id);
        return meters >= 0 && meters <= request_.near->radius_km * 1000.0;
      });
    case kGroupCount:
      break;
  }
  return f([](Xapian::docid) { return true; });
}

bool ColumnFilter::Passes(Group g, Xapian::docid id) const {
  return WithTest(g, [id](const auto& test) { return test(id); });
}

uint32_t ColumnFilter::FailMask(Xapian::docid id) const {
  uint32_t fail = 0;
  for (uint32_t left = selected_; left != 0; left &= left - 1) {
    auto g = static_cast<Group>(std::countr_zero(left));
    if (!Passes(g, id)) fail |= 1u << g;
  }
  return fail;
}

std::vector<uint64_t> ColumnFilter::Passing(Group g) const {
  std::vector<uint64_t> bits((store_.end() + 63) / 64, 0);
  auto set = [&](const std::vector<Xapian::docid>& list) {
    for (Xapian::docid id : list) SetBit(bits, id);
  };
  // A keyed group: the postings of the selected codes ("Paris": a few of thousands of cities).
  auto from_postings = [&](const std::vector<uint8_t>& selected, auto postings) {
    for (uint32_t code = 0; code < selected.size(); ++code) {
      if (selected[code]) set(postings(code));
    }
  };
  switch (g) {
    case kCategory:
      from_postings(categories_,
                    [&](uint32_t c) -> const Postings& { return store_.CategoryPostings(c); });
      return bits;
    case kCity:
      from_postings(cities_, [&](uint32_t c) -> const Postings& { return store_.CityPostings(c); });
      return bits;
    case kCountry:
      from_postings(countries_,
                    [&](uint32_t c) -> const Postings& { return store_.CountryPostings(c); });
      return bits;
    default:
      break;
  }
  WithTest(g, [&](const auto& test) {
    for (size_t w = 0; w < bits.size(); ++w) {  // without branches on the outcome
      const auto first = static_cast<Xapian::docid>(w * 64);
      const Xapian::docid stop = std::min<Xapian::docid>(first + 64, store_.end());
      uint64_t word = 0;
      for (Xapian::docid id = std::max<Xapian::docid>(first, 1); id < stop; ++id) {
        word |= static_cast<uint64_t>(test(id)) << (id - first);
      }
      bits[w] = word;
    }
    return true;
  });
  return bits;
}

double ColumnFilter::MinMeters(Xapian::docid id) const {
  if (!centre_) return -1;
  double best = -1;
  for (const auto& c : store_.Coords(id)) {
    double d = metric_(*centre_, c);
    if (best < 0 || d < best) best = d;
  }
  return best;
}

double ColumnFilter::DistanceKm(Xapian::docid id) const {
  double meters = MinMeters(id);
  return meters < 0 ? -1 : meters / 1000.0;
}

FacetTally::FacetTally(const ColumnStore& store, std::optional<int> meeting_tier)
    : store_(store),
      tier_(meeting_tier.value_or(-1)),
      category_(store.categories().size()),
      city_(store.cities().size()),
      country_(store.countries().size()) {}

void FacetTally::Add(Xapian::docid id, uint32_t fail_mask) {
  const FacetRow& row = store_.Row(id);
  if (fail_mask == 0) {  // the common case, spelt out: every facet counts the document
    ++matched_;
    ++category_[row.category];
    CountCities(id, row);
    CountCountries(id, row);
    if (uint8_t b = row.price[tier_ + 1]; b != kNoBucket) ++price_[b];
    if (row.rating != kNoBucket) ++rating_first_[row.rating];
    ++verified_[row.verified];
    return;
  }
  // Exactly one failed group, and a facet: the document counts for that facet alone.
  if ((fail_mask & (fail_mask - 1)) == 0) {
    auto g = static_cast<Group>(std::countr_zero(fail_mask));
    if (g < std::size(kFacetGroups)) Count(g, id, row);
  }
}

void FacetTally::CountCities(Xapian::docid id, const FacetRow& row) {
  if (row.city_count == FacetRow::kListed) {
    for (uint32_t c : store_.Cities(id)) ++city_[c];
    return;
  }
  for (uint8_t i = 0; i < row.city_count; ++i) ++city_[row.cities[i]];
}

void FacetTally::CountCountries(Xapian::docid id, const FacetRow& row) {
  if (row.country_count == FacetRow::kListed) {
    for (uint32_t c : store_.Countries(id)) ++country_[c];
    return;
  }
  for (uint8_t i = 0; i < row.country_count; ++i) ++country_[row.countries[i]];
}

void FacetTally::Count(Group g, Xapian::docid id, const FacetRow& row) {
  switch (g) {
    case kCategory:
      ++category_[row.category];
      break;
    case kCity:
      CountCities(id, row);
      break;
    case kCountry:
      CountCountries(id, row);
      break;
    case kPrice:
      if (uint8_t b = row.price[tier_ + 1]; b != kNoBucket) ++price_[b];
      break;
    case kRating:
      if (row.rating != kNoBucket) ++rating_first_[row.rating];
      break;
    case kVerified:
      ++verified_[row.verified];
      break;
    default:
      break;
  }
}

void FacetTally::Merge(const FacetTally& other) { Combine(other, 1); }

void FacetTally::Subtract(const FacetTally& other) { Combine(other, -1); }

void FacetTally::Combine(const FacetTally& other, int64_t sign) {
  matched_ += sign * other.matched_;
  auto add = [sign](auto& into, const auto& from) {
    for (size_t i = 0; i < into.size() && i < from.size(); ++i) into[i] += sign * from[i];
  };
  add(category_, other.category_);
  add(city_, other.city_);
  add(country_, other.country_);
  add(price_, other.price_);
  add(rating_first_, other.rating_first_);
  add(verified_, other.verified_);
}

void FacetTally::CopyGroup(Group g, const FacetTally& other) {
  switch (g) {
    case kCategory:
      category_ = other.category_;
      break;
    case kCity:
      city_ = other.city_;
      break;
    case kCountry:
      country_ = other.country_;
      break;
    case kPrice:
      price_ = other.price_;
      break;
    case kRating:
      rating_first_ = other.rating_first_;
      break;
    case kVerified:
      verified_ = other.verified_;
      break;
    default:
      break;
  }
}

int64_t FacetTally::CodeCount(Group g, uint32_t code) const {
  const std::vector<int64_t>* counts = g == kCategory  ? &category_
                                       : g == kCity    ? &city_
                                       : g == kCountry ? &country_
                                                       : nullptr;
  return counts && code < counts->size() ? (*counts)[code] : 0;
}

const FacetTally& WholeCatalogue(const ColumnStore& store) {
  struct Counted {
    uint64_t store = 0, seq = 0;
    std::optional<FacetTally> tally;
  };
  thread_local Counted counted;
  if (!counted.tally || counted.store != store.id() || counted.seq != store.change_seq()) {
    counted.tally.emplace(store, std::nullopt);
    for (Xapian::docid id = 1; id < store.end(); ++id) {
      if (store.Present(id)) counted.tally->Add(id, 0);
    }
    counted.store = store.id();
    counted.seq = store.change_seq();
  }
  return *counted.tally;
}

std::map<std::string, int64_t> FacetTally::Counts(Group g, size_t top) const {
  std::map<std::string, int64_t> out;
  auto codes = [&](const std::vector<int64_t>& counts, const Dictionary& dict) {
    std::vector<uint32_t> counted;
    for (uint32_t c = 0; c < counts.size(); ++c) {
      if (counts[c] > 0) counted.push_back(c);
    }
    if (counted.size() > top) {  // a city facet of thousands: only the top are answered
      auto better = [&](uint32_t a, uint32_t b) {
        return counts[a] != counts[b] ? counts[a] > counts[b] : dict.Value(a) < dict.Value(b);
      };
      std::nth_element(counted.begin(), counted.begin() + static_cast<ptrdiff_t>(top),
                       counted.end(), better);
      counted.resize(top);
    }
    for (uint32_t c : counted) out[dict.Value(c)] = counts[c];
  };
  switch (g) {
    case kCategory:
      codes(category_, store_.categories());
      break;
    case kCity:
      codes(city_, store_.cities());
      break;
    case kCountry:
      codes(country_, store_.countries());
      break;
    case kPrice:
      for (size_t b = 0; b < price_.size(); ++b) {
        if (price_[b] > 0) out[PriceBucketKey(kPriceBuckets[b])] = price_[b];
      }
      break;
    case kRating: {
      int64_t at_least = 0;
      for (size_t t = 0; t < rating_first_.size(); ++t) {
        at_least += rating_first_[t];
        if (at_least == 0) continue;
        char key[32];
        std::snprintf(key, sizeof key, "%.1f\t%.1f & up", kRatingThresholds[t],
                      kRatingThresholds[t]);
        out[key] = at_least;
      }
      break;
    }
    case kVerified:
      if (verified_[1] > 0) out["true\tVerified"] = verified_[1];
      if (verified_[0] > 0) out["false\tNot verified"] = verified_[0];
      break;
    default:
      break;
  }
  return out;
}

bool PageHeap::Before(const Entry& a, const Entry& b) {
  if (a.primary != b.primary) return a.primary > b.primary;
  if (a.secondary != b.secondary) return a.secondary > b.secondary;
  if (a.tertiary != b.tertiary) return a.tertiary > b.tertiary;
  return a.id < b.id;
}

void PageHeap::Offer(const Entry& e) {
  if (heap_.size() < keep_) {
    heap_.push_back(e);
    std::push_heap(heap_.begin(), heap_.end(), Before);
  } else if (keep_ > 0 && Before(e, heap_.front())) {
    std::pop_heap(heap_.begin(), heap_.end(), Before);
    heap_.back() = e;
    std::push_heap(heap_.begin(), heap_.end(), Before);
  }
}

std::vector<Xapian::docid> PageHeap::Page(size_t offset) {
  std::sort_heap(heap_.begin(), heap_.end(), Before);
  std::vector<Xapian::docid> page;
  for (size_t i = offset; i < heap_.size(); ++i) page.push_back(heap_[i].id);
  heap_.clear();
  return page;
}

double HigherFirst(double v) { return std::isnan(v) ? kLast : v; }

SortPlace PlaceOf(const ColumnStore& store, const ColumnFilter& filter,
                  const SearchRequest& request, Xapian::docid id) {
  const int tier = request.meeting_tier.value_or(-1);
  double popularity = HigherFirst(store.Popularity(id));
  switch (request.sort) {
    case SortOrder::kPriceAsc:
      return {Lower(store.Price(id, tier)), popularity};
    case SortOrder::kPriceDesc:
      return {HigherFirst(store.Price(id, tier)), popularity};
    case SortOrder::kRating:
      return {HigherFirst(store.Rating(id)), popularity};
    case SortOrder::kNewest:
      return {HigherFirst(store.CreatedAt(id)), popularity};
    case SortOrder::kDistance: {
      double d = filter.DistanceKm(id);
      return {d < 0 ? kLast : -d, 0};
    }
    case SortOrder::kRelevance:
    case SortOrder::kPopularity:
      break;
  }
  return {popularity, 0};
}

namespace {

bool Required(const std::vector<uint64_t>* required, Xapian::docid id) {
  return required == nullptr || HasBit(*required, id);
}

}  // namespace

std::vector<Xapian::docid> RankedPage(const ColumnStore& store, const ColumnFilter& filter,
                                      const std::vector<uint64_t>* required,
                                      const std::vector<ScoredDoc>* matches,
                                      const SearchRequest& request, FacetTally* tally) {
  using Entry = PageHeap::Entry;
  // By relevance: the text score, then popularity. Otherwise the sort's place, then the text.
  const bool by_score = matches != nullptr && request.sort == SortOrder::kRelevance;
  auto entry = [&](Xapian::docid id, double score) -> Entry {
    if (by_score) return {score, HigherFirst(store.Popularity(id)), 0, id};
    SortPlace place = PlaceOf(store, filter, request, id);
    return {place.primary, place.secondary, score, id};
  };
  const size_t offset = static_cast<size_t>(request.page - 1) * request.limit;
  const size_t keep = offset + static_cast<size_t>(request.limit);
  PageHeap heap(keep);
  auto place = [&](Xapian::docid id, double score) {
    // By relevance, a document that loses on the score alone needs no popularity read.
    if (by_score && heap.full() && score < heap.last().primary) return;
    heap.Offer(entry(id, score));
  };
  auto offer = [&](Xapian::docid id, double score) {
    if (!store.Present(id) || !Required(required, id)) return;
    uint32_t fail = filter.FailMask(id);
    if (tally) tally->Add(id, fail);
    if (fail == 0) place(id, score);
  };
  if (matches) {
    constexpr size_t kAhead = 32;
    const std::vector<ScoredDoc>& m = *matches;
    for (size_t i = 0; i < m.size(); ++i) {
      if (i + kAhead < m.size()) store.Prefetch(m[i + kAhead].id);
      offer(m[i].id, m[i].score);
    }
  } else {
    // Every document: a word of 64 at a time, from a bitmap of each selected group's filter.
    // A document that fails exactly one facet's filter counts for that facet only; most fail
    // one (category=actors) or several, and never reach the heap or a per-document check.
    std::vector<std::vector<uint64_t>> passing(kGroupCount);
    for (uint32_t left = filter.selected(); left != 0; left &= left - 1) {
      auto g = static_cast<Group>(std::countr_zero(left));
      passing[g] = filter.Passing(g);
    }
    // With one facet selected and nothing else, its counts are the whole catalogue's (a
    // facet's counts ignore its own selection): counted once per store change.
    std::optional<Group> whole;
    if (tally && std::has_single_bit(filter.selected()) && required == nullptr &&
        !request.meeting_tier) {
      auto g = static_cast<Group>(std::countr_zero(filter.selected()));
      if (g < std::size(kFacetGroups)) whole = g;
    }
    const size_t words = (store.end() + 63) / 64;
    for (size_t w = 0; w < words; ++w) {
      uint64_t present = store.PresentBits(w);
      if (required) present &= (*required)[w];
      if (present == 0) continue;
      uint64_t all = present;
      for (uint32_t left = filter.selected(); left != 0; left &= left - 1) {
        all &= passing[std::countr_zero(left)][w];
      }
      ForEachSetBit(all, w, [&](Xapian::docid id) {
        if (tally) tally->Add(id, 0);
        place(id, 0);
      });
      if (!tally) continue;
      for (uint32_t left = filter.selected(); left != 0; left &= left - 1) {
        const int g = std::countr_zero(left);
        if (g >= static_cast<int>(std::size(kFacetGroups)) || whole == g) continue;
        uint64_t only = present & ~passing[g][w];  // fails g's filter...
        for (uint32_t others = filter.selected() & ~(1u << g); others != 0; others &= others - 1) {
          only &= passing[std::countr_zero(others)][w];  // ...and passes every other
        }
        ForEachSetBit(only, w, [&](Xapian::docid id) { tally->Add(id, 1u << g); });
      }
    }
    if (whole) tally->CopyGroup(*whole, WholeCatalogue(store));
  }
  return heap.Page(offset);
}

int64_t CountPassing(const ColumnStore& store, const ColumnFilter& filter,
                     const std::vector<uint64_t>* required, const std::vector<ScoredDoc>& matches) {
  int64_t n = 0;
  for (const ScoredDoc& m : matches) {
    n += store.Present(m.id) && Required(required, m.id) && filter.FailMask(m.id) == 0;
  }
  return n;
}

}  // namespace starry::query
