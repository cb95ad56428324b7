#include "marketplace/booking_pricing.h"

namespace starry::marketplace {
namespace {

int64_t Percentage(int64_t cents, int64_t bps) { return (cents * bps + 5000) / 10000; }

}  // namespace

PriceBreakdown PriceFor(int64_t price_cents, int64_t fee_bps, int64_t tax_bps) {
  PriceBreakdown p;
  p.price_cents = price_cents;
  p.platform_fee_cents = Percentage(price_cents, fee_bps);
  p.tax_cents = Percentage(price_cents, tax_bps);
  p.total_cents = p.price_cents + p.platform_fee_cents + p.tax_cents;
  return p;
}

}  // namespace starry::marketplace
