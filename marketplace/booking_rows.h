// @brief Reading bookings from PostgreSQL (the joined row the API shows), inside a transaction.
#pragma once

#include <optional>
#include <string>

#include "db/pq.h"
#include "marketplace/booking.h"
#include "marketplace/principal.h"

namespace starry::marketplace {

// SELECT list and FROM clause over bookings b, celebrities c, meeting_types mt,
// available_dates ad, celebrity_availability ca; ReadBooking reads one of its rows.
extern const char* const kBookingSelect;
Booking ReadBooking(const pqxx::row& row);

// The booking if `who` may see it (its fan, its celebrity's account, an admin); `lock` takes
// FOR UPDATE on the booking row. `id` must be a UUID.
std::optional<Booking> LoadVisibleBooking(pqxx::work& tx, const std::string& id,
                                          const Principal& who, bool lock);

// The account that owns the celebrity of booking `id` (celebrities.user_id), if any.
std::optional<std::string> CelebrityAccountOf(pqxx::work& tx, const std::string& celebrity_id);

}  // namespace starry::marketplace
