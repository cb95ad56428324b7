#include "marketplace/slot_rules.h"

namespace starry::marketplace {
namespace {

std::unexpected<Error> Fail(ErrorCode code, std::string_view field, std::string message) {
  Error e(code, std::string(field) + ": " + std::move(message));
  e.details.emplace_back(field);
  return std::unexpected(std::move(e));
}

}  // namespace

int64_t EpochSeconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

Result<int> ParseMeetingTime(std::string_view field, std::string_view text) {
  auto digit = [&](size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  bool shape =
      (text.size() == 5 || (text.size() == 8 && text[5] == ':' && text.substr(6) == "00")) &&
      digit(0) && digit(1) && text[2] == ':' && digit(3) && digit(4);
  if (!shape) return Fail(ErrorCode::kInvalidArgument, field, "must be HH:MM (24-hour)");
  int hours = (text[0] - '0') * 10 + (text[1] - '0');
  int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) {
    return Fail(ErrorCode::kInvalidArgument, field, "not a time of day");
  }
  return hours * 60 + minutes;
}

Result<SlotCheck> CheckDate(pqxx::work& tx, const std::string& date_id,
                            const std::string& celebrity_id, int start_minute, int duration_minutes,
                            int min_lead_days, TimePoint now) {
  auto rows = tx.exec_params(
      "SELECT ca.celebrity_id::text, ca.is_active, ad.date::text, "
      "extract(epoch from ad.start_time)::int / 60, extract(epoch from ad.end_time)::int / 60, "
      "ad.date >= ((timestamptz 'epoch' + $2 * interval '1 second') AT TIME ZONE ca.timezone)"
      "::date + $3::int "
      "FROM available_dates ad JOIN celebrity_availability ca ON ca.id = ad.availability_id "
      "WHERE ad.id = $1",
      date_id, EpochSeconds(now), min_lead_days);
  if (rows.empty()) {
    return Fail(ErrorCode::kNotFound, "availableDateId", "no such available date");
  }
  const auto& r = rows[0];
  if (r[0].as<std::string>() != celebrity_id || !r[1].as<bool>()) {
    return Fail(ErrorCode::kInvalidArgument, "availableDateId",
                "not an available date of this celebrity");
  }
  if (!r[5].as<bool>()) {
    return Fail(ErrorCode::kInvalidArgument, "availableDateId",
                "bookings open at least " + std::to_string(min_lead_days) +
                    " days ahead (in the city's local date)");
  }
  int window_start = r[3].as<int>();
  int window_end = r[4].as<int>();
  if (start_minute < window_start || start_minute + duration_minutes > window_end) {
    return Fail(ErrorCode::kInvalidArgument, "time",
                "the meeting (" + std::to_string(duration_minutes) +
                    " minutes) must fit within the date's hours");
  }
  return SlotCheck{r[2].as<std::string>()};
}

Status TakeSlot(pqxx::work& tx, const std::string& date_id) {
  auto taken = tx.exec_params(
      "UPDATE available_dates SET booked_slots = booked_slots + 1 "
      "WHERE id = $1 AND NOT is_blocked AND booked_slots < max_slots RETURNING id",
      date_id);
  if (!taken.empty()) return {};
  bool blocked = tx.exec_params1("SELECT is_blocked FROM available_dates WHERE id = $1", date_id)[0]
                     .as<bool>();
  return Fail(ErrorCode::kConflict, "availableDateId",
              blocked ? "this date is blocked" : "no free slot left on this date");
}

void FreeSlot(pqxx::work& tx, const std::string& date_id) {
  tx.exec_params0(
      "UPDATE available_dates SET booked_slots = booked_slots - 1 "
      "WHERE id = $1 AND booked_slots > 0",
      date_id);
}

}  // namespace starry::marketplace
