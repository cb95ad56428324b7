#include "server/booking_handlers.h"

#include <iostream>

#include "marketplace/availability.h"
#include "marketplace/ids.h"
#include "server/auth.h"
#include "server/booking_json.h"
#include "server/http_reply.h"
#include "server/json_body.h"
#include "server/json_response.h"
#include "server/path_param.h"
#include "server/query_string.h"
#include "server/raw_query.h"

namespace starry::server {

using Pistache::Http::ResponseWriter;
using Pistache::Rest::Request;

namespace {

constexpr size_t kMaxIdBytes = 100;

std::unexpected<Error> Invalid(const std::string& field, std::string message) {
  Error e(ErrorCode::kInvalidArgument, field + ": " + std::move(message));
  e.details.push_back(field);
  return std::unexpected(std::move(e));
}

// Query parameters, each allowed at most once and only the `allowed` ones.
Result<std::map<std::string, std::string>> SingleParams(
    const ResponseWriter& res, std::initializer_list<const char*> allowed) {
  auto params = ParseQueryString(RawQueryString(res));
  if (!params) return std::unexpected(params.error());
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : *params) {
    if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return name == a; }) ==
        allowed.end()) {
      return Invalid(name, "unknown parameter");
    }
    if (!out.emplace(name, value).second) return Invalid(name, "given more than once");
  }
  return out;
}

Result<int64_t> IntParam(const std::map<std::string, std::string>& params, const std::string& name,
                         int64_t fallback) {
  auto it = params.find(name);
  if (it == params.end()) return fallback;
  const std::string& text = it->second;
  if (text.empty() || text.size() > 9 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return Invalid(name, "must be a whole number");
  }
  return std::stoll(text);
}

}  // namespace

void BookingHandlers::PostBooking(const Request& req, ResponseWriter res) {
  auto who = AuthenticateActive(req, *services_.signer, *services_.accounts);
  if (!who) return ReplyError(res, who.error());
  auto body = ReadJsonBody(req, res);
  if (!body) return;
  marketplace::NewBooking request;
  for (auto [field, target] : {std::pair{"celebrityId", &request.celebrity_id},
                               std::pair{"meetingTypeId", &request.meeting_type_id},
                               std::pair{"availableDateId", &request.available_date_id},
                               std::pair{"time", &request.time}}) {
    auto value = StringField(*body, field, kMaxIdBytes, true);
    if (!value) return ReplyError(res, value.error());
    *target = marketplace::CanonicalId(**value);
  }
  auto special = StringField(*body, "specialRequests", marketplace::kMaxBookingNoteBytes, false);
  if (!special) return ReplyError(res, special.error());
  auto notes = StringField(*body, "fanNotes", marketplace::kMaxBookingNoteBytes, false);
  if (!notes) return ReplyError(res, notes.error());
  request.special_requests = *special;
  request.fan_notes = *notes;
  auto booking = services_.bookings->Create(*who, request);
  if (!booking) return ReplyError(res, booking.error());
  res.headers().add<Pistache::Http::Header::Location>("/v1/bookings/" + booking->id);
  ReplyJson(res, Pistache::Http::Code::Created, SuccessBody(BookingJson(*booking)));
}

void BookingHandlers::GetBookings(const Request& req, ResponseWriter res) {
  auto who = AuthenticateActive(req, *services_.signer, *services_.accounts);
  if (!who) return ReplyError(res, who.error());
  auto params = SingleParams(res, {"status", "page", "limit"});
  if (!params) return ReplyError(res, params.error());
  auto page = IntParam(*params, "page", 1);
  if (!page) return ReplyError(res, page.error());
  auto limit = IntParam(*params, "limit", 20);
  if (!limit) return ReplyError(res, limit.error());
  std::optional<std::string> status;
  if (auto it = params->find("status"); it != params->end()) status = it->second;
  auto list = services_.bookings->ListMine(*who, status, *page, *limit);
  if (!list) return ReplyError(res, list.error());
  ReplyData(res, BookingPageJson(*list));
}

void BookingHandlers::GetBooking(const Request& req, ResponseWriter res) {
  auto who = AuthenticateActive(req, *services_.signer, *services_.accounts);
  if (!who) return ReplyError(res, who.error());
  auto booking = services_.bookings->Get(*who, PathParam(req, ":id"));
  if (!booking) return ReplyError(res, booking.error());
  ReplyData(res, BookingJson(*booking));
}

void BookingHandlers::PostCancelBooking(const Request& req, ResponseWriter res) {
  auto who = AuthenticateActive(req, *services_.signer, *services_.accounts);
  if (!who) return ReplyError(res, who.error());
  auto body = ReadJsonBody(req, res, true);
  if (!body) return;
  auto reason = StringField(*body, "reason", marketplace::kMaxBookingNoteBytes, false);
  if (!reason) return ReplyError(res, reason.error());
  std::string id = PathParam(req, ":id");
  auto outcome = services_.bookings->Cancel(*who, id, *reason);
  if (!outcome) return ReplyError(res, outcome.error());
  // The cancellation is committed; now the money. A provider failure leaves the refund owed
  // (recorded in the booking) for POST /v1/payments/{bookingId}/refund to retry.
  std::string_view refund_status = "none";
  if (outcome->was_confirmed && outcome->refund_cents > 0) {
    refund_status = "owed";
    if (services_.payments != nullptr) {
      auto settled = services_.payments->SettleRefund(id);
      if (settled) {
        // nullopt: no provider payment to refund (none recorded, or refunded already).
        refund_status = *settled ? "refunded" : "none";
        if (auto now = services_.bookings->Get(*who, id)) outcome->booking = *now;
      } else {
        std::cerr << "starry serve: refund of cancelled booking " << id
                  << " is owed: " << settled.error().message << std::endl;
      }
    }
  }
  ReplyData(res, CancelJson(*outcome, refund_status));
}

void BookingHandlers::PatchBooking(const Request& req, ResponseWriter res) {
  auto who = AuthenticateActive(req, *services_.signer, *services_.accounts);
  if (!who) return ReplyError(res, who.error());
  auto body = ReadJsonBody(req, res);
  if (!body) return;
  auto date = StringField(*body, "availableDateId", kMaxIdBytes, true);
  if (!date) return ReplyError(res, date.error());
  auto time = StringField(*body, "time", kMaxIdBytes, true);
  if (!time) return ReplyError(res, time.error());
  auto booking = services_.bookings->Reschedule(*who, PathParam(req, ":id"),
                                                marketplace::CanonicalId(**date), **time);
  if (!booking) return ReplyError(res, booking.error());
  ReplyData(res, BookingJson(*booking));
}

void BookingHandlers::GetAvailability(const Request& req, ResponseWriter res) {
  auto params = SingleParams(res, {"month"});
  if (!params) return ReplyError(res, params.error());
  auto month = params->find("month");
  if (month == params->end())
    return ReplyError(res, Invalid("month", "is required (YYYY-MM)").error());
  std::string id = PathParam(req, ":id");
  auto cities = marketplace::MonthAvailability(*services_.pool, id, month->second);
  if (!cities) return ReplyError(res, cities.error());
  ReplyData(res, AvailabilityJson(id, month->second, *cities));
}

}  // namespace starry::server
