// @brief Booking rules over PostgreSQL: create (taking a slot atomically), read, list, cancel
// with the refund policy, reschedule, and the sweeps that expire unpaid bookings and complete
// past meetings.
//
// A slot is taken by one conditional UPDATE (`booked_slots < max_slots AND NOT is_blocked`) in
// the transaction that inserts the booking, so concurrent requests for the last slots succeed
// exactly as many times as there are slots, and the rest get kConflict. Slot changes go through
// available_dates.booked_slots, whose trigger tells the search index.
//
// Visibility: a booking is seen by its fan, by the account of its celebrity
// (celebrities.user_id) and by admins; to anyone else it does not exist (kNotFound).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "common/result.h"
#include "db/connection_pool.h"
#include "marketplace/booking.h"
#include "marketplace/clock.h"
#include "marketplace/principal.h"
#include "marketplace/refund_policy.h"

namespace starry::marketplace {

struct BookingOptions {
  int min_lead_days = 7;  // the meeting's local date must be at least this many days ahead
  std::chrono::seconds payment_window = std::chrono::minutes(30);  // pending -> expired
  int64_t platform_fee_bps = 1500;
  int64_t tax_bps = 500;
};

inline constexpr size_t kMaxBookingNoteBytes = 2000;
inline constexpr int64_t kMaxBookingPageLimit = 100;

class BookingService {
 public:
  BookingService(db::ConnectionPool& pool, Clock clock, BookingOptions options = {});

  // A pending booking for `fan`, holding one slot until paid or expired.
  // Errors: kInvalidArgument naming the field (malformed ids or time, notes too long, a date
  // too soon, a time outside the date's window, a meeting type or date of another celebrity);
  // kNotFound naming the field (no such celebrity, meeting type or date); kConflict (celebrity
  // not verified, the fan is that celebrity's own account, meeting type inactive, date blocked or
  // full, already booked that celebrity on that date); kUnavailable.
  Result<Booking> Create(const Principal& fan, const NewBooking& request);

  // Errors: kInvalidArgument (id not a UUID); kNotFound (absent or not visible to `who`).
  Result<Booking> Get(const Principal& who, const std::string& id);

  // The fan's own bookings, newest first. `status` filters (one of the booking statuses).
  // Errors: kInvalidArgument (status, page, limit).
  Result<BookingPage> ListMine(const Principal& fan, const std::optional<std::string>& status,
                               int64_t page, int64_t limit);

  // Cancels a pending or confirmed booking: records status, cancelled_by (fan, celebrity or
  // admin, from who cancels), the refund by RefundCents for a confirmed (paid) booking, and
  // frees the slot. Errors: kNotFound (not visible); kConflict (not pending or confirmed);
  // kInvalidArgument (reason too long).
  Result<CancelOutcome> Cancel(const Principal& who, const std::string& id,
                               const std::optional<std::string>& reason);

  // Moves a pending or confirmed booking to another date (of the same celebrity) and time,
  // taking the new slot and freeing the old one in one transaction; the same rules as Create.
  // Only its fan or an admin may. Errors: as Create, plus kNotFound and kConflict as Cancel.
  Result<Booking> Reschedule(const Principal& who, const std::string& id,
                             const std::string& available_date_id, const std::string& time);

  // Expires pending bookings whose payment window has passed and frees their slots. Returns
  // how many expired. Run periodically by `starry serve`.
  Result<int64_t> ExpireUnpaid();

  // Marks confirmed bookings whose meeting has ended (local start in the city's timezone plus
  // the meeting type's duration) as completed. Returns how many. Run with ExpireUnpaid.
  Result<int64_t> CompletePast();

 private:
  db::ConnectionPool& pool_;
  Clock clock_;
  BookingOptions options_;
};

}  // namespace starry::marketplace
