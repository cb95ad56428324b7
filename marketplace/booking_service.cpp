#include "marketplace/booking_service.h"

#include "analyzers/utf8.h"
#include "marketplace/booking_rows.h"
#include "marketplace/ids.h"
#include "marketplace/slot_rules.h"

namespace starry::marketplace {
namespace {

std::unexpected<Error> Fail(ErrorCode code, std::string_view field, std::string message) {
  Error e(code, std::string(field) + ": " + std::move(message));
  e.details.emplace_back(field);
  return std::unexpected(std::move(e));
}

Status CheckUuid(std::string_view field, const std::string& value) {
  if (!IsUuid(value)) return Fail(ErrorCode::kInvalidArgument, field, "must be a UUID");
  return {};
}

Status CheckNote(std::string_view field, const std::optional<std::string>& note) {
  if (!note) return {};
  if (note->size() > kMaxBookingNoteBytes) {
    return Fail(ErrorCode::kInvalidArgument, field,
                "at most " + std::to_string(kMaxBookingNoteBytes) + " bytes");
  }
  if (!analyzers::IsValidUtf8(*note) || note->find('\0') != std::string::npos) {
    return Fail(ErrorCode::kInvalidArgument, field, "must be UTF-8 text without NUL");
  }
  return {};
}

std::unexpected<Error> NoSuchBooking() {
  return Fail(ErrorCode::kNotFound, "id", "no such booking");
}

std::unexpected<Error> AlreadyBooked() {
  return Fail(ErrorCode::kConflict, "availableDateId",
              "you already have a booking with this celebrity on this date");
}

bool HasLiveBooking(pqxx::work& tx, const std::string& user_id, const std::string& celebrity_id,
                    const std::string& date, const std::string& except_booking) {
  return !tx.exec_params(
                "SELECT 1 FROM bookings WHERE user_id = $1 AND celebrity_id = $2 AND "
                "meeting_date = $3::date AND status IN ('pending', 'confirmed', 'completed') "
                "AND id::text <> $4",
                user_id, celebrity_id, date, except_booking)
              .empty();
}

struct MeetingType {
  int64_t price_cents = 0;
  std::string currency;
  int duration_minutes = 0;
};

Result<MeetingType> LoadMeetingType(pqxx::work& tx, const std::string& id,
                                    const std::string& celebrity_id) {
  auto rows = tx.exec_params(
      "SELECT celebrity_id::text, is_active, price_cents, currency, duration_minutes "
      "FROM meeting_types WHERE id = $1",
      id);
  if (rows.empty()) return Fail(ErrorCode::kNotFound, "meetingTypeId", "no such meeting type");
  const auto& r = rows[0];
  if (r[0].as<std::string>() != celebrity_id) {
    return Fail(ErrorCode::kInvalidArgument, "meetingTypeId",
                "not a meeting type of this celebrity");
  }
  if (!r[1].as<bool>()) {
    return Fail(ErrorCode::kConflict, "meetingTypeId", "this meeting type is not offered now");
  }
  return MeetingType{r[2].as<int64_t>(), r[3].as<std::string>(), r[4].as<int>()};
}

}  // namespace

BookingService::BookingService(db::ConnectionPool& pool, Clock clock, BookingOptions options)
    : pool_(pool), clock_(std::move(clock)), options_(options) {}

Result<Booking> BookingService::Create(const Principal& fan, const NewBooking& request) {
  if (!IsUuid(fan.user_id)) {
    return MakeError(ErrorCode::kUnauthenticated, "this account no longer exists");
  }
  if (auto s = CheckUuid("celebrityId", request.celebrity_id); !s)
    return std::unexpected(s.error());
  if (auto s = CheckUuid("meetingTypeId", request.meeting_type_id); !s) {
    return std::unexpected(s.error());
  }
  if (auto s = CheckUuid("availableDateId", request.available_date_id); !s) {
    return std::unexpected(s.error());
  }
  auto start_minute = ParseMeetingTime("time", request.time);
  if (!start_minute) return std::unexpected(start_minute.error());
  if (auto s = CheckNote("specialRequests", request.special_requests); !s) {
    return std::unexpected(s.error());
  }
  if (auto s = CheckNote("fanNotes", request.fan_notes); !s) return std::unexpected(s.error());
  TimePoint now = clock_();
  return pool_.Run([&](pqxx::connection& conn) -> Result<Booking> {
    pqxx::work tx(conn);
    auto celebrity = tx.exec_params(
        "SELECT is_verified, user_id IS NOT NULL AND user_id = $2 FROM celebrities "
        "WHERE id = $1 AND is_active",
        request.celebrity_id, fan.user_id);
    if (celebrity.empty()) return Fail(ErrorCode::kNotFound, "celebrityId", "no such celebrity");
    if (!celebrity[0][0].as<bool>()) {
      return Fail(ErrorCode::kConflict, "celebrityId",
                  "this celebrity is not verified and cannot be booked yet");
    }
    if (celebrity[0][1].as<bool>()) {
      return Fail(ErrorCode::kConflict, "celebrityId", "you cannot book a meeting with yourself");
    }
    auto type = LoadMeetingType(tx, request.meeting_type_id, request.celebrity_id);
    if (!type) return std::unexpected(type.error());
    auto slot = CheckDate(tx, request.available_date_id, request.celebrity_id, *start_minute,
                          type->duration_minutes, options_.min_lead_days, now);
    if (!slot) return std::unexpected(slot.error());
    if (HasLiveBooking(tx, fan.user_id, request.celebrity_id, slot->date, "")) {
      return AlreadyBooked();
    }
    if (auto s = TakeSlot(tx, request.available_date_id); !s) return std::unexpected(s.error());
    PriceBreakdown price = PriceFor(type->price_cents, options_.platform_fee_bps, options_.tax_bps);
    // The year's next number (UTC year of creation); the row stays locked until commit.
    auto number = tx.exec_params(
        "WITH y AS (SELECT extract(year FROM (timestamptz 'epoch' + $1 * interval '1 second') "
        "  AT TIME ZONE 'UTC')::integer AS year) "
        "INSERT INTO booking_number_counters AS c (year, last_value) SELECT year, 1 FROM y "
        "ON CONFLICT (year) DO UPDATE SET last_value = c.last_value + 1 "
        "WHERE c.last_value < 999999 "
        "RETURNING 'BK-' || c.year || '-' || lpad(c.last_value::text, 6, '0')",
        EpochSeconds(now));
    if (number.empty()) {
      // BK-YYYY-NNNNNN has room for 999,999 bookings a year; running out must not look like a bug.
      return std::unexpected(Error(ErrorCode::kUnavailable,
                                   "no booking numbers are left this year (BK-YYYY-NNNNNN is used "
                                   "up); bookings are paused until the numbering is extended"));
    }
    std::string id;
    try {
      pqxx::subtransaction insert(tx, "insert_booking");
      id = insert
               .exec_params1(
                   "INSERT INTO bookings (booking_number, user_id, celebrity_id, meeting_type_id, "
                   "available_date_id, meeting_date, meeting_time, price_cents, "
                   "platform_fee_cents, tax_cents, total_cents, currency, special_requests, "
                   "fan_notes, expires_at, created_at, updated_at) VALUES ("
                   "$16, $1, $2, $3, $4, $5::date, $6::time, $7, $8, $9, $10, $11, $12, $13, "
                   "timestamptz 'epoch' + $15 * interval '1 second', "
                   "timestamptz 'epoch' + $14 * interval '1 second', "
                   "timestamptz 'epoch' + $14 * interval '1 second') RETURNING id",
                   fan.user_id, request.celebrity_id, request.meeting_type_id,
                   request.available_date_id, slot->date, request.time, price.price_cents,
                   price.platform_fee_cents, price.tax_cents, price.total_cents, type->currency,
                   request.special_requests, request.fan_notes, EpochSeconds(now),
                   EpochSeconds(now + options_.payment_window), number[0][0].as<std::string>())[0]
               .as<std::string>();
      insert.commit();
    } catch (const pqxx::unique_violation&) {
      return AlreadyBooked();  // a concurrent request of the same fan won the race
    }
    auto booking = LoadVisibleBooking(tx, id, fan, false);
    tx.commit();
    return *booking;
  });
}

Result<Booking> BookingService::Get(const Principal& who, const std::string& id) {
  if (auto s = CheckUuid("id", id); !s) return std::unexpected(s.error());
  return pool_.Run([&](pqxx::connection& conn) -> Result<Booking> {
    pqxx::work tx(conn);
    auto booking = LoadVisibleBooking(tx, id, who, false);
    if (!booking) return NoSuchBooking();
    return *booking;
  });
}

Result<BookingPage> BookingService::ListMine(const Principal& fan,
                                             const std::optional<std::string>& status, int64_t page,
                                             int64_t limit) {
  static constexpr std::string_view kStatuses[] = {"pending",   "confirmed", "completed",
                                                   "cancelled", "refunded",  "expired"};
  if (status &&
      std::find(std::begin(kStatuses), std::end(kStatuses), *status) == std::end(kStatuses)) {
    return Fail(ErrorCode::kInvalidArgument, "status",
                "one of pending, confirmed, completed, cancelled, refunded, expired");
  }
  if (page < 1 || page > 10000) return Fail(ErrorCode::kInvalidArgument, "page", "1 to 10000");
  if (limit < 1 || limit > kMaxBookingPageLimit) {
    return Fail(ErrorCode::kInvalidArgument, "limit",
                "1 to " + std::to_string(kMaxBookingPageLimit));
  }
  if (!IsUuid(fan.user_id)) {
    return MakeError(ErrorCode::kUnauthenticated, "this account no longer exists");
  }
  return pool_.Run([&](pqxx::connection& conn) -> Result<BookingPage> {
    pqxx::work tx(conn);
    BookingPage out;
    out.page = page;
    out.limit = limit;
    // user_id compared as a uuid so that bookings_user_idx (user_id, created_at DESC) serves it.
    std::string where = "WHERE b.user_id = $1::uuid AND ($2 = '' OR b.status = $2) ";
    out.total = tx.exec_params1("SELECT count(*) FROM bookings b " + where, fan.user_id,
                                status.value_or(""))[0]
                    .as<int64_t>();
    auto rows = tx.exec_params(
        std::string(kBookingSelect) + where + "ORDER BY b.created_at DESC, b.id LIMIT $3 OFFSET $4",
        fan.user_id, status.value_or(""), limit, (page - 1) * limit);
    for (const auto& r : rows) out.bookings.push_back(ReadBooking(r));
    return out;
  });
}

Result<CancelOutcome> BookingService::Cancel(const Principal& who, const std::string& id,
                                             const std::optional<std::string>& reason) {
  if (auto s = CheckUuid("id", id); !s) return std::unexpected(s.error());
  if (auto s = CheckNote("reason", reason); !s) return std::unexpected(s.error());
  TimePoint now = clock_();
  return pool_.Run([&](pqxx::connection& conn) -> Result<CancelOutcome> {
    pqxx::work tx(conn);
    auto booking = LoadVisibleBooking(tx, id, who, true);
    if (!booking) return NoSuchBooking();
    if (booking->status != "pending" && booking->status != "confirmed") {
      return Fail(ErrorCode::kConflict, "id",
                  "a " + booking->status + " booking cannot be cancelled");
    }
    CancelledBy by = CancelledBy::kAdmin;
    if (booking->user_id == who.user_id) {
      by = CancelledBy::kFan;
    } else if (CelebrityAccountOf(tx, booking->celebrity_id) == who.user_id) {
      by = CancelledBy::kCelebrity;
    }
    CancelOutcome out;
    out.was_confirmed = booking->status == "confirmed";
    out.refund_cents =
        out.was_confirmed ? RefundCents(booking->price.total_cents, booking->meeting_start, now, by)
                          : 0;
    tx.exec_params0(
        "UPDATE bookings SET status = 'cancelled', cancelled_by = $2, cancellation_reason = $3, "
        "cancelled_at = timestamptz 'epoch' + $4 * interval '1 second', refund_cents = $5, "
        "updated_at = now() WHERE id = $1",
        id, std::string(CancelledByName(by)), reason, EpochSeconds(now), out.refund_cents);
    FreeSlot(tx, booking->available_date_id);
    out.booking = *LoadVisibleBooking(tx, id, who, false);
    tx.commit();
    return out;
  });
}

Result<Booking> BookingService::Reschedule(const Principal& who, const std::string& id,
                                           const std::string& available_date_id,
                                           const std::string& time) {
  if (auto s = CheckUuid("id", id); !s) return std::unexpected(s.error());
  if (auto s = CheckUuid("availableDateId", available_date_id); !s) {
    return std::unexpected(s.error());
  }
  auto start_minute = ParseMeetingTime("time", time);
  if (!start_minute) return std::unexpected(start_minute.error());
  TimePoint now = clock_();
  return pool_.Run([&](pqxx::connection& conn) -> Result<Booking> {
    pqxx::work tx(conn);
    auto booking = LoadVisibleBooking(tx, id, who, true);
    if (!booking || (booking->user_id != who.user_id && !who.is_admin())) return NoSuchBooking();
    if (booking->status != "pending" && booking->status != "confirmed") {
      return Fail(ErrorCode::kConflict, "id",
                  "a " + booking->status + " booking cannot be rescheduled");
    }
    auto slot = CheckDate(tx, available_date_id, booking->celebrity_id, *start_minute,
                          booking->duration_minutes, options_.min_lead_days, now);
    if (!slot) return std::unexpected(slot.error());
    if (HasLiveBooking(tx, booking->user_id, booking->celebrity_id, slot->date, id)) {
      return AlreadyBooked();
    }
    if (available_date_id != booking->available_date_id) {
      // Both rows locked in id order first, so two reschedules swapping dates cannot deadlock.
      tx.exec_params("SELECT id FROM available_dates WHERE id IN ($1, $2) ORDER BY id FOR UPDATE",
                     available_date_id, booking->available_date_id);
      if (auto s = TakeSlot(tx, available_date_id); !s) return std::unexpected(s.error());
      FreeSlot(tx, booking->available_date_id);
    }
    try {
      pqxx::subtransaction move(tx, "move_booking");
      move.exec_params0(
          "UPDATE bookings SET available_date_id = $2, meeting_date = $3::date, "
          "meeting_time = $4::time, updated_at = now() WHERE id = $1",
          id, available_date_id, slot->date, time);
      move.commit();
    } catch (const pqxx::unique_violation&) {
      return AlreadyBooked();
    }
    auto moved = LoadVisibleBooking(tx, id, who, false);
    tx.commit();
    return *moved;
  });
}

Result<int64_t> BookingService::ExpireUnpaid() {
  TimePoint now = clock_();
  return pool_.Run([&](pqxx::connection& conn) -> Result<int64_t> {
    pqxx::work tx(conn);
    auto rows = tx.exec_params(
        "WITH expired AS ("
        "  UPDATE bookings SET status = 'expired', updated_at = now() "
        "  WHERE status = 'pending' AND expires_at <= timestamptz 'epoch' + $1 * interval '1 "
        "second' RETURNING available_date_id), "
        "freed AS ("
        "  UPDATE available_dates ad SET booked_slots = greatest(ad.booked_slots - e.n, 0) "
        "  FROM (SELECT available_date_id, count(*) AS n FROM expired GROUP BY 1) e "
        "  WHERE ad.id = e.available_date_id RETURNING ad.id) "
        "SELECT count(*) FROM expired",
        EpochSeconds(now));
    tx.commit();
    return rows[0][0].as<int64_t>();
  });
}

Result<int64_t> BookingService::CompletePast() {
  TimePoint now = clock_();
  return pool_.Run([&](pqxx::connection& conn) -> Result<int64_t> {
    pqxx::work tx(conn);
    // The meeting ends at its local start (in its city's timezone) plus the type's duration.
    auto rows = tx.exec_params(
        "WITH done AS ("
        "  UPDATE bookings b SET status = 'completed', updated_at = now() "
        "  FROM available_dates ad, celebrity_availability ca, meeting_types mt "
        "  WHERE b.status = 'confirmed' AND ad.id = b.available_date_id "
        "    AND ca.id = ad.availability_id AND mt.id = b.meeting_type_id "
        "    AND (b.meeting_date + b.meeting_time) AT TIME ZONE ca.timezone "
        "        + mt.duration_minutes * interval '1 minute' "
        "        <= timestamptz 'epoch' + $1 * interval '1 second' "
        "  RETURNING b.id) "
        "SELECT count(*) FROM done",
        EpochSeconds(now));
    tx.commit();
    return rows[0][0].as<int64_t>();
  });
}

}  // namespace starry::marketplace
