// @brief The rules a date and time must pass to be booked, and taking/freeing a slot, inside
// the caller's transaction (Create and Reschedule share them).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "db/pq.h"
#include "marketplace/clock.h"

namespace starry::marketplace {

// "HH:MM" or "HH:MM:00" -> minutes after midnight. Errors: kInvalidArgument naming `field`.
Result<int> ParseMeetingTime(std::string_view field, std::string_view text);

struct SlotCheck {
  std::string date;  // YYYY-MM-DD
};

// Checks that available date `date_id` belongs to an active availability of `celebrity_id`, is
// at least `min_lead_days` after today in the city's timezone (at `now`), and that a meeting of
// `duration_minutes` starting at `start_minute` fits in its window.
// Errors: kNotFound (no such date: availableDateId); kInvalidArgument (availableDateId of
// another celebrity or too soon; time outside the window).
Result<SlotCheck> CheckDate(pqxx::work& tx, const std::string& date_id,
                            const std::string& celebrity_id, int start_minute, int duration_minutes,
                            int min_lead_days, TimePoint now);

// Takes one slot of the date: one conditional UPDATE, so concurrent takers never oversell.
// Errors: kConflict when the date is blocked or has no free slot.
Status TakeSlot(pqxx::work& tx, const std::string& date_id);
// Gives one slot back (never below zero).
void FreeSlot(pqxx::work& tx, const std::string& date_id);

// Seconds since the epoch, for SQL: (timestamptz 'epoch' + $n * interval '1 second').
int64_t EpochSeconds(TimePoint t);

}  // namespace starry::marketplace
