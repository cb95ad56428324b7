// @brief A booking's price breakdown in integer cents: price, platform fee, tax, total.
#pragma once

#include <cstdint>

namespace starry::marketplace {

struct PriceBreakdown {
  int64_t price_cents = 0;
  int64_t platform_fee_cents = 0;
  int64_t tax_cents = 0;
  int64_t total_cents = 0;  // always price + fee + tax
};

// Fee and tax are rates in basis points (1500 = 15%), each applied to the price (tax is not
// charged on the fee) and rounded to the nearest cent, halves up. The total is their exact sum.
PriceBreakdown PriceFor(int64_t price_cents, int64_t fee_bps, int64_t tax_bps);

}  // namespace starry::marketplace
