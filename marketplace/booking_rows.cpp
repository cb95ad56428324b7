#include "marketplace/booking_rows.h"

namespace starry::marketplace {

#define STARRY_ISO(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

const char* const kBookingSelect =
    "SELECT b.id, b.booking_number, b.user_id, b.celebrity_id, c.display_name, b.meeting_type_id, "
    "mt.name, mt.duration_minutes, b.available_date_id, ca.city, ca.timezone, "
    "b.meeting_date::text, to_char(b.meeting_time, 'HH24:MI'), "
    "extract(epoch from ((b.meeting_date + b.meeting_time) AT TIME ZONE ca.timezone))::bigint, "
    "b.status, b.price_cents, b.platform_fee_cents, b.tax_cents, b.total_cents, b.currency, "
    "b.refund_cents, b.special_requests, b.fan_notes, b.cancelled_by, b.cancellation_reason, " STARRY_ISO(
        "b.cancelled_at") ", " STARRY_ISO("b.expires_at") ", " STARRY_ISO("b.created_at") ", " STARRY_ISO(
        "((b.meeting_date + b.meeting_time) AT TIME ZONE ca.timezone)") " FROM bookings b JOIN celebrities c ON c.id = b.celebrity_id "
    "JOIN meeting_types mt ON mt.id = b.meeting_type_id "
    "JOIN available_dates ad ON ad.id = b.available_date_id "
    "JOIN celebrity_availability ca ON ca.id = ad.availability_id ";

#undef STARRY_ISO

Booking ReadBooking(const pqxx::row& r) {
  Booking b;
  b.id = r[0].as<std::string>();
  b.booking_number = r[1].as<std::string>();
  b.user_id = r[2].as<std::string>();
  b.celebrity_id = r[3].as<std::string>();
  b.celebrity_name = r[4].as<std::string>();
  b.meeting_type_id = r[5].as<std::string>();
  b.meeting_type_name = r[6].as<std::string>();
  b.duration_minutes = r[7].as<int>();
  b.available_date_id = r[8].as<std::string>();
  b.city = r[9].as<std::string>();
  b.timezone = r[10].as<std::string>();
  b.meeting_date = r[11].as<std::string>();
  b.meeting_time = r[12].as<std::string>();
  b.meeting_start = TimePoint(std::chrono::seconds(r[13].as<int64_t>()));
  b.meeting_starts_at = r[28].as<std::string>();
  b.status = r[14].as<std::string>();
  b.price.price_cents = r[15].as<int64_t>();
  b.price.platform_fee_cents = r[16].as<int64_t>();
  b.price.tax_cents = r[17].as<int64_t>();
  b.price.total_cents = r[18].as<int64_t>();
  b.currency = r[19].as<std::string>();
  b.refund_cents = r[20].as<int64_t>();
  b.special_requests = r[21].get<std::string>();
  b.fan_notes = r[22].get<std::string>();
  b.cancelled_by = r[23].get<std::string>();
  b.cancellation_reason = r[24].get<std::string>();
  b.cancelled_at = r[25].get<std::string>();
  b.expires_at = r[26].get<std::string>();
  b.created_at = r[27].as<std::string>();
  return b;
}

std::optional<Booking> LoadVisibleBooking(pqxx::work& tx, const std::string& id,
                                          const Principal& who, bool lock) {
  auto rows = tx.exec_params(std::string(kBookingSelect) +
                                 "WHERE b.id = $1 AND (b.user_id::text = $2 OR "
                                 "c.user_id::text = $2 OR $3)" +
                                 (lock ? " FOR UPDATE OF b" : ""),
                             id, who.user_id, who.is_admin());
  if (rows.empty()) return std::nullopt;
  return ReadBooking(rows[0]);
}

std::optional<std::string> CelebrityAccountOf(pqxx::work& tx, const std::string& celebrity_id) {
  auto rows = tx.exec_params(
      "SELECT user_id::text FROM celebrities WHERE id = $1 AND user_id IS NOT NULL", celebrity_id);
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<std::string>();
}

}  // namespace starry::marketplace
