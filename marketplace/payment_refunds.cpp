// PaymentService's refunds (the rest of the class is in payment_service.cpp).
#include "db/connection.h"
#include "marketplace/ids.h"
#include "marketplace/payment_queries.h"
#include "marketplace/payment_service.h"
#include "marketplace/refund_policy.h"

namespace starry::marketplace {
namespace {

constexpr const char* kPaidPayment =
    "SELECT provider_payment_intent_id, amount_cents, refunded_cents FROM payments "
    "WHERE booking_id = $1 AND status IN ('succeeded', 'partially_refunded', 'refunded') "
    "ORDER BY created_at DESC LIMIT 1 FOR UPDATE";

}  // namespace

Result<RefundOutcome> PaymentService::Refund(const Principal& caller,
                                             const std::string& booking_id) {
  if (!IsUuid(booking_id)) {
    return MakeError(ErrorCode::kInvalidArgument, "bookingId must be a UUID");
  }
  auto conn = db::Connect(conninfo_);
  if (!conn) return std::unexpected(conn.error());
  try {
    pqxx::work tx(**conn);
    // The meeting starts at its local date and time in the city's timezone.
    auto rows = tx.exec_params(
        "SELECT b.user_id, b.status, b.total_cents, b.available_date_id, "
        "extract(epoch FROM (b.meeting_date + b.meeting_time) AT TIME ZONE ca.timezone)::bigint "
        "FROM bookings b JOIN available_dates ad ON ad.id = b.available_date_id "
        "JOIN celebrity_availability ca ON ca.id = ad.availability_id "
        "WHERE b.id = $1 FOR UPDATE OF b",
        booking_id);
    if (rows.empty() || !MayAccess(caller, rows[0][0].as<std::string>())) {
      return MakeError(ErrorCode::kNotFound, "bookingId: booking " + booking_id + " not found");
    }
    const auto status = rows[0][1].as<std::string>();
    if (status == "confirmed") {
      auto paid = tx.exec_params(kPaidPayment, booking_id);
      if (paid.empty()) {
        return MakeError(ErrorCode::kConflict, "bookingId: the booking has no payment to refund");
      }
      const int64_t amount = paid[0][1].as<int64_t>();
      const int64_t refunded = paid[0][2].as<int64_t>();
      const CancelledBy by = caller.is_admin() ? CancelledBy::kAdmin : CancelledBy::kFan;
      const TimePoint start{std::chrono::seconds(rows[0][4].as<int64_t>())};
      const int64_t due = std::min(RefundCents(amount, start, clock_(), by), amount - refunded);
      if (due <= 0) {
        return MakeError(ErrorCode::kConflict,
                         "bookingId: no refund is due under the refund policy (the meeting is "
                         "less than 3 days away); the booking is unchanged");
      }
      tx.exec_params(
          "UPDATE bookings SET status = 'cancelled', cancelled_by = $2, cancelled_at = now(), "
          "cancellation_reason = 'refund requested', "
          "refund_cents = LEAST(total_cents, $3), updated_at = now() WHERE id = $1",
          booking_id, std::string(CancelledByName(by)), refunded + due);
      tx.exec_params(
          "UPDATE available_dates SET booked_slots = booked_slots - 1 "
          "WHERE id = $1 AND booked_slots > 0",
          rows[0][3].as<std::string>());
    } else if (status != "cancelled" && status != "expired") {
      return MakeError(ErrorCode::kConflict, "bookingId: the booking is " + status +
                                                 "; only a paid booking can be refunded");
    }
    tx.commit();
  } catch (const std::exception& e) {
    return std::unexpected(db::ErrorFromException(e));
  }
  auto settled = SettleRefund(booking_id);
  if (!settled) return std::unexpected(settled.error());
  if (!*settled) {
    return MakeError(ErrorCode::kConflict, "bookingId: nothing is left to refund");
  }
  return **settled;
}

Result<std::optional<RefundOutcome>> PaymentService::SettleRefund(const std::string& booking_id) {
  if (!IsUuid(booking_id)) {
    return MakeError(ErrorCode::kInvalidArgument, "bookingId must be a UUID");
  }
  auto conn = db::Connect(conninfo_);
  if (!conn) return std::unexpected(conn.error());
  RefundOutcome outcome;
  int64_t target = 0;
  try {
    pqxx::work tx(**conn);
    auto booking = tx.exec_params(
        "SELECT status, refund_cents, currency FROM bookings WHERE id = $1 FOR UPDATE", booking_id);
    if (booking.empty()) {
      return MakeError(ErrorCode::kNotFound, "bookingId: booking " + booking_id + " not found");
    }
    const auto status = booking[0][0].as<std::string>();
    auto paid = tx.exec_params(kPaidPayment, booking_id);
    tx.commit();
    if (paid.empty() || (status != "cancelled" && status != "expired")) {
      return std::optional<RefundOutcome>();
    }
    const int64_t amount = paid[0][1].as<int64_t>();
    const int64_t refunded = paid[0][2].as<int64_t>();
    target = std::min(booking[0][1].as<int64_t>(), amount);
    if (target <= refunded) return std::optional<RefundOutcome>();
    outcome.booking_id = booking_id;
    outcome.payment_intent_id = paid[0][0].as<std::string>();
    outcome.refund_cents = target - refunded;
    outcome.paid_cents = amount;
    outcome.currency = booking[0][2].as<std::string>();
  } catch (const std::exception& e) {
    return std::unexpected(db::ErrorFromException(e));
  }
  // The key names the cumulative amount this refund reaches, so a retry of the same decision
  // reuses it (the provider refunds once) and a later, larger decision gets a new one.
  auto refund =
      gateway_.Refund({outcome.payment_intent_id, outcome.refund_cents, booking_id,
                       "pi:" + outcome.payment_intent_id + ":refund-to:" + std::to_string(target)});
  if (!refund) return std::unexpected(refund.error());
  outcome.refund_id = refund->id;
  try {
    pqxx::work tx(**conn);
    outcome.booking_status =
        tx.exec_params1("SELECT status FROM bookings WHERE id = $1", booking_id)[0]
            .as<std::string>();
    tx.commit();
  } catch (const std::exception& e) {
    return std::unexpected(db::ErrorFromException(e));
  }
  return std::optional<RefundOutcome>(outcome);
}

}  // namespace starry::marketplace
