// @brief The booking endpoints: POST /v1/bookings, GET /v1/bookings, GET /v1/bookings/{id},
// POST /v1/bookings/{id}/cancel, PATCH /v1/bookings/{id}; and the public
// GET /v1/celebrities/{id}/availability?month=YYYY-MM.
#pragma once

#include "server/booking_services.h"
#include "server/pistache.h"

namespace starry::server {

class BookingHandlers {
 public:
  explicit BookingHandlers(BookingServices services) : services_(services) {}

  void PostBooking(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  void GetBookings(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  void GetBooking(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  void PostCancelBooking(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  void PatchBooking(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  void GetAvailability(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);

 private:
  BookingServices services_;
};

}  // namespace starry::server
