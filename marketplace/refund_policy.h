// @brief How much of a paid booking is refunded when it is cancelled (a pure function).
//
// Cancelled by the fan: 7 or more days before the meeting starts, 100%; from 3 days up to (not
// including) 7 days, 50%; less than 3 days before (or after the start), nothing. Cancelled by the
// celebrity, an admin or the system: 100%. Half of an odd number of cents rounds down, so a
// refund never exceeds what was paid.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "marketplace/clock.h"

namespace starry::marketplace {

enum class CancelledBy { kFan, kCelebrity, kAdmin, kSystem };

// "fan", "celebrity", "admin", "system" (the bookings.cancelled_by column).
std::string_view CancelledByName(CancelledBy by);
std::optional<CancelledBy> ParseCancelledBy(std::string_view name);

int64_t RefundCents(int64_t paid_cents, TimePoint meeting_start, TimePoint now, CancelledBy by);

}  // namespace starry::marketplace
