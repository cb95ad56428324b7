#include "marketplace/refund_policy.h"

namespace starry::marketplace {

int64_t RefundCents(int64_t paid_cents, TimePoint meeting_start, TimePoint now, CancelledBy by) {
  if (paid_cents <= 0) return 0;
  if (by != CancelledBy::kFan) return paid_cents;
  const auto days =
      std::chrono::duration_cast<std::chrono::hours>(meeting_start - now).count() / 24;
  if (days >= 7) return paid_cents;
  if (days >= 3) return paid_cents / 2;
  return 0;
}

}  // namespace starry::marketplace
