// @brief The JSON shapes of the booking and availability endpoints.
#pragma once

#include <string>
#include <vector>

#include "marketplace/availability.h"
#include "marketplace/booking.h"

namespace starry::server {

std::string BookingJson(const marketplace::Booking& booking);
// {bookings: [...], pagination: {page, limit, total, totalPages}}
std::string BookingPageJson(const marketplace::BookingPage& page);
// {booking, refundCents, wasConfirmed, refundStatus}; refundStatus: "none" (nothing owed, or no
// provider payment to refund),
// "refunded" (the provider refunded it) or "owed" (recorded; the provider could not be reached,
// POST /v1/payments/{bookingId}/refund retries).
std::string CancelJson(const marketplace::CancelOutcome& outcome, std::string_view refund_status);
// {celebrityId, month, cities: [{availabilityId, city, country, countryCode, timezone,
//  dates: [{availableDateId, date, startTime, endTime, maxSlots, freeSlots, isBlocked}]}]}
std::string AvailabilityJson(const std::string& celebrity_id, const std::string& month,
                             const std::vector<marketplace::CityAvailability>& cities);

}  // namespace starry::server
