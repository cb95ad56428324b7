// @brief The price and rating facets' buckets: which bucket a price or a rating counts in. The
// columns keep each document's buckets (ColumnStore::Row); FacetTally names them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>

namespace starry::query {

struct PriceBucket {
  int64_t lo_dollars, hi_dollars;  // [lo, hi); hi < 0: open
};
inline constexpr PriceBucket kPriceBuckets[] = {{0, 100},     {100, 250},   {250, 500}, {500, 1000},
                                                {1000, 2500}, {2500, 5000}, {5000, -1}};
constexpr bool ContiguousFromZero() {
  for (size_t b = 0; b + 1 < std::size(kPriceBuckets); ++b) {
    if (kPriceBuckets[b].hi_dollars != kPriceBuckets[b + 1].lo_dollars) return false;
  }
  return kPriceBuckets[0].lo_dollars == 0 &&
         kPriceBuckets[std::size(kPriceBuckets) - 1].hi_dollars < 0;
}
static_assert(ContiguousFromZero());  // a price counts in the bucket whose lower bound it reaches

// "4.5 & up", "4.0 & up", ...: a rating counts once, at the highest threshold it reaches.
inline constexpr double kRatingThresholds[] = {4.5, 4.0, 3.5, 3.0};

// Neither a bucket nor a threshold: no price, or a rating below every threshold (or none).
inline constexpr uint8_t kNoBucket = 0xFF;

// The bucket of a price in cents (NaN: none).
constexpr uint8_t PriceBucketOf(double cents) {
  for (size_t b = std::size(kPriceBuckets); b-- > 0;) {
    if (cents >= static_cast<double>(kPriceBuckets[b].lo_dollars) * 100.0) {
      return static_cast<uint8_t>(b);
    }
  }
  return kNoBucket;
}

// The index of the highest threshold a rating reaches (NaN: none).
constexpr uint8_t RatingThresholdOf(double rating) {
  for (size_t t = 0; t < std::size(kRatingThresholds); ++t) {
    if (rating >= kRatingThresholds[t]) return static_cast<uint8_t>(t);
  }
  return kNoBucket;
}

}  // namespace starry::query
