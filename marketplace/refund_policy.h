// @brief The refund policy (TEMPORARY copy in the payments branch: the bookings work owns this
// file; this follows the agreed signature until theirs lands).
#pragma once

#include <cstdint>

#include "marketplace/clock.h"

namespace starry::marketplace {

enum class CancelledBy { kFan, kCelebrity, kAdmin, kSystem };

// >= 7 days before the meeting: 100%; 3-6 days: 50%; < 3 days: 0; cancelled by the celebrity
// (or an admin, or the system): 100%. Never more than `paid_cents`.
int64_t RefundCents(int64_t paid_cents, TimePoint meeting_start, TimePoint now, CancelledBy by);

}  // namespace starry::marketplace
