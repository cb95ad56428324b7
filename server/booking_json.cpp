#include "server/booking_json.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace starry::server {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Str(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value);
}

void OptStr(Writer& w, const char* key, const std::optional<std::string>& value) {
  w.Key(key);
  if (value) {
    w.String(*value);
  } else {
    w.Null();
  }
}

void Int(Writer& w, const char* key, int64_t value) {
  w.Key(key);
  w.Int64(value);
}

void WriteBooking(Writer& w, const marketplace::Booking& b) {
  w.StartObject();
  Str(w, "id", b.id);
  Str(w, "bookingNumber", b.booking_number);
  Str(w, "status", b.status);
  Str(w, "userId", b.user_id);
  Str(w, "celebrityId", b.celebrity_id);
  Str(w, "celebrityName", b.celebrity_name);
  Str(w, "meetingTypeId", b.meeting_type_id);
  Str(w, "meetingTypeName", b.meeting_type_name);
  Int(w, "durationMinutes", b.duration_minutes);
  Str(w, "availableDateId", b.available_date_id);
  Str(w, "city", b.city);
  Str(w, "timezone", b.timezone);
  Str(w, "meetingDate", b.meeting_date);
  Str(w, "meetingTime", b.meeting_time);
  Str(w, "meetingStartsAt", b.meeting_starts_at);
  Int(w, "priceCents", b.price.price_cents);
  Int(w, "platformFeeCents", b.price.platform_fee_cents);
  Int(w, "taxCents", b.price.tax_cents);
  Int(w, "totalCents", b.price.total_cents);
  Str(w, "currency", b.currency);
  Int(w, "refundCents", b.refund_cents);
  OptStr(w, "specialRequests", b.special_requests);
  OptStr(w, "fanNotes", b.fan_notes);
  OptStr(w, "cancelledBy", b.cancelled_by);
  OptStr(w, "cancellationReason", b.cancellation_reason);
  OptStr(w, "cancelledAt", b.cancelled_at);
  OptStr(w, "expiresAt", b.expires_at);
  Str(w, "createdAt", b.created_at);
  w.EndObject();
}

}  // namespace

std::string BookingJson(const marketplace::Booking& booking) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  WriteBooking(w, booking);
  return buf.GetString();
}

std::string BookingPageJson(const marketplace::BookingPage& page) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("bookings");
  w.StartArray();
  for (const auto& b : page.bookings) WriteBooking(w, b);
  w.EndArray();
  w.Key("pagination");
  w.StartObject();
  Int(w, "page", page.page);
  Int(w, "limit", page.limit);
  Int(w, "total", page.total);
  Int(w, "totalPages", (page.total + page.limit - 1) / page.limit);
  w.EndObject();
  w.EndObject();
  return buf.GetString();
}

std::string CancelJson(const marketplace::CancelOutcome& outcome, std::string_view refund_status) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("booking");
  WriteBooking(w, outcome.booking);
  Int(w, "refundCents", outcome.refund_cents);
  w.Key("wasConfirmed");
  w.Bool(outcome.was_confirmed);
  w.Key("refundStatus");
  w.String(refund_status.data(), static_cast<rapidjson::SizeType>(refund_status.size()));
  w.EndObject();
  return buf.GetString();
}

std::string AvailabilityJson(const std::string& celebrity_id, const std::string& month,
                             const std::vector<marketplace::CityAvailability>& cities) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  Str(w, "celebrityId", celebrity_id);
  Str(w, "month", month);
  w.Key("cities");
  w.StartArray();
  for (const auto& c : cities) {
    w.StartObject();
    Str(w, "availabilityId", c.availability_id);
    Str(w, "city", c.city);
    Str(w, "country", c.country);
    Str(w, "countryCode", c.country_code);
    Str(w, "timezone", c.timezone);
    w.Key("dates");
    w.StartArray();
    for (const auto& d : c.dates) {
      w.StartObject();
      Str(w, "availableDateId", d.available_date_id);
      Str(w, "date", d.date);
      Str(w, "startTime", d.start_time);
      Str(w, "endTime", d.end_time);
      Int(w, "maxSlots", d.max_slots);
      Int(w, "freeSlots", d.free_slots);
      w.Key("isBlocked");
      w.Bool(d.is_blocked);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buf.GetString();
}

}  // namespace starry::server
