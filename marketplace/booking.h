// @brief A booking as the API shows it, and the requests that create or change one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "marketplace/booking_pricing.h"
#include "marketplace/clock.h"

namespace starry::marketplace {

struct Booking {
  std::string id;
  std::string booking_number;  // BK-YYYY-NNNNNN
  std::string user_id;
  std::string celebrity_id;
  std::string celebrity_name;
  std::string meeting_type_id;
  std::string meeting_type_name;
  int duration_minutes = 0;
  std::string available_date_id;
  std::string city;
  std::string timezone;
  std::string meeting_date;       // YYYY-MM-DD, the city's local date
  std::string meeting_time;       // HH:MM, local
  std::string meeting_starts_at;  // ISO 8601 UTC: the local date and time in the city's timezone
  TimePoint meeting_start;
  std::string status;  // pending | confirmed | completed | cancelled | refunded | expired
  PriceBreakdown price;
  std::string currency;
  int64_t refund_cents = 0;
  std::optional<std::string> special_requests;
  std::optional<std::string> fan_notes;
  std::optional<std::string> cancelled_by;
  std::optional<std::string> cancellation_reason;
  std::optional<std::string> cancelled_at;  // ISO 8601 UTC
  std::optional<std::string> expires_at;    // ISO 8601 UTC; pending bookings only
  std::string created_at;                   // ISO 8601 UTC
};

struct NewBooking {
  std::string celebrity_id;
  std::string meeting_type_id;
  std::string available_date_id;
  std::string time;  // HH:MM or HH:MM:SS
  std::optional<std::string> special_requests;
  std::optional<std::string> fan_notes;
};

struct BookingPage {
  std::vector<Booking> bookings;
  int64_t page = 1;
  int64_t limit = 20;
  int64_t total = 0;
};

// What a cancellation did, for the payments side to move the money: a confirmed booking was
// paid, and `refund_cents` of its total is owed back (RefundCents).
struct CancelOutcome {
  Booking booking;
  int64_t refund_cents = 0;
  bool was_confirmed = false;  // paid: the gateway must refund `refund_cents`
};

}  // namespace starry::marketplace
