#include "marketplace/payment_service.h"

#include "db/connection.h"
#include "marketplace/ids.h"
#include "marketplace/payment_queries.h"

namespace starry::marketplace {
namespace {

std::unexpected<Error> BookingNotFound(const std::string& id) {
  return MakeError(ErrorCode::kNotFound, "bookingId: booking " + id + " not found");
}

std::unexpected<Error> IntentNotFound(const std::string& id) {
  return MakeError(ErrorCode::kNotFound, "paymentIntentId: payment " + id + " not found");
}

// The payments.status a freshly created intent starts with.
std::string InitialStatus(const std::string& intent_status) {
  return intent_status == kIntentRequiresConfirmation ? intent_status
                                                      : std::string(kIntentRequiresPaymentMethod);
}

bool PrintableAscii(const std::string& s) {
  for (char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

}  // namespace

PaymentService::PaymentService(std::string conninfo, PaymentGateway& gateway, Clock clock)
    : conninfo_(std::move(conninfo)), gateway_(gateway), clock_(std::move(clock)) {}

Result<IntentForClient> PaymentService::CreateIntent(const Principal& caller,
                                                     const std::string& booking_id) {
  if (!IsUuid(booking_id)) {
    return MakeError(ErrorCode::kInvalidArgument, "bookingId must be a UUID");
  }
  auto conn = db::Connect(conninfo_);
  if (!conn) return std::unexpected(conn.error());
  int64_t total_cents = 0;
  std::string currency;
  std::optional<std::string> live_intent;
  int attempts = 0;
  try {
    pqxx::work tx(**conn);
    auto rows = tx.exec_params(
        "SELECT user_id, status, total_cents, currency, "
        "coalesce(expires_at <= to_timestamp($2), false) FROM bookings WHERE id = $1 FOR UPDATE",
        booking_id, UnixSeconds(clock_()));
    if (rows.empty() || !MayAccess(caller, rows[0][0].as<std::string>())) {
      return BookingNotFound(booking_id);
    }
    const auto status = rows[0][1].as<std::string>();
    if (status != "pending") {
      return MakeError(ErrorCode::kConflict,
                       "bookingId: booking is " + status + "; only a pending booking can be paid");
    }
    if (rows[0][4].as<bool>()) {
      return MakeError(ErrorCode::kConflict, "bookingId: the booking's payment window has expired");
    }
    total_cents = rows[0][2].as<int64_t>();
    currency = rows[0][3].as<std::string>();
    auto live = tx.exec_params(
        "SELECT provider_payment_intent_id, status FROM payments WHERE booking_id = $1 "
        "AND status NOT IN ('failed', 'canceled')",
        booking_id);
    if (!live.empty()) {
      if (live[0][1].as<std::string>() != kIntentRequiresPaymentMethod &&
          live[0][1].as<std::string>() != kIntentRequiresConfirmation) {
        return MakeError(ErrorCode::kConflict, "bookingId: the booking is already being paid");
      }
      live_intent = live[0][0].as<std::string>();
    }
    attempts = tx.exec_params1("SELECT count(*) FROM payments WHERE booking_id = $1", booking_id)[0]
                   .as<int>();
    tx.commit();
  } catch (const std::exception& e) {
    return std::unexpected(db::ErrorFromException(e));
  }

  auto to_client = [&](const PaymentIntent& intent) {
    return IntentForClient{booking_id,          intent.id, intent.client_secret,
                           intent.amount_cents, currency,  intent.status};
  };
  if (live_intent) {
    auto intent = gateway_.RetrieveIntent(*live_intent);
    if (!intent) return std::unexpected(intent.error());
    return to_client(*intent);
  }

  // Racing calls for one booking compute the same key, so the provider creates one intent.
  const std::string key = "booking:" + booking_id + ":intent:" + std::to_string(attempts);
  auto intent = gateway_.CreateIntent({total_cents, currency, booking_id, key});
  if (!intent) return std::unexpected(intent.error());
  if (intent->amount_cents != total_cents) {
    return MakeError(ErrorCode::kInternal, "the provider's intent amount differs from the booking");
  }
  try {
    pqxx::work tx(**conn);
    tx.exec_params(
        "INSERT INTO payments (booking_id, provider, provider_payment_intent_id, amount_cents, "
        "currency, status) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        booking_id, std::string(gateway_.provider()), intent->id, total_cents, currency,
        InitialStatus(intent->status));
    auto live = tx.exec_params(
        "SELECT provider_payment_intent_id FROM payments WHERE booking_id = $1 "
        "AND status NOT IN ('failed', 'canceled')",
        booking_id);
    tx.commit();
    if (!live.empty() && live[0][0].as<std::string>() != intent->id) {
      // Another caller's intent won the one live slot: hand out that one.
      auto winner = gateway_.RetrieveIntent(live[0][0].as<std::string>());
      if (!winner) return std::unexpected(winner.error());
      return to_client(*winner);
    }
  } catch (const std::exception& e) {
    return std::unexpected(db::ErrorFromException(e));
  }
  return to_client(*intent);
}

Result<PaymentRecord> PaymentService::Confirm(const Principal& caller, const std::string& intent_id,
                                              const std::string& payment_method) {
  if (!IsProviderId(intent_id)) {
    return MakeError(ErrorCode::kInvalidArgument, "paymentIntentId is malformed");
  }
  if (payment_method.size() > 100 || !PrintableAscii(payment_method)) {
    return MakeError(ErrorCode::kInvalidArgument, "paymentMethod is malformed");
  }
  auto conn = db::Connect(conninfo_);
  if (!conn) return std::unexpected(conn.error());
  try {
    pqxx::work tx(**conn);
    auto row = FindPayment(tx, "p.provider_payment_intent_id = $1", intent_id);
    if (!row || !MayAccess(caller, row->booking_user_id)) return IntentNotFound(intent_id);
    if (row->record.status == "succeeded" || row->record.status == "refunded" ||
        row->record.status == "partially_refunded") {
      return MakeError(ErrorCode::kConflict, "paymentIntentId: this payment already succeeded");
    }
    if (row->record.booking_status != "pending") {
      return MakeError(ErrorCode::kConflict, "paymentIntentId: the booking is " +
                                                 row->record.booking_status +
                                                 "; only a pending booking can be paid");
    }
    auto expired = tx.exec_params1(
        "SELECT coalesce(expires_at <= to_timestamp($2), false) FROM bookings WHERE id = $1",
        row->record.booking_id, UnixSeconds(clock_()));
    if (expired[0].as<bool>()) {
      return MakeError(ErrorCode::kConflict,
                       "paymentIntentId: the booking's payment window has expired");
    }
    tx.commit();
  } catch (const std::exception& e) {
    return std::unexpected(db::ErrorFromException(e));
  }

  auto confirmed = gateway_.ConfirmIntent(
      {intent_id, payment_method, "pi:" + intent_id + ":confirm:" + payment_method});
  if (!confirmed) return std::unexpected(confirmed.error());
  try {
    pqxx::work tx(**conn);
    // The webhook decides the final state; until it arrives the payment shows it is underway.
    if (confirmed->status == kIntentSucceeded || confirmed->status == kIntentProcessing) {
      tx.exec_params(
          "UPDATE payments SET status = 'processing', updated_at = now() "
          "WHERE provider_payment_intent_id = $1 "
          "AND status IN ('requires_payment_method', 'requires_confirmation')",
          intent_id);
    }
    auto row = FindPayment(tx, "p.provider_payment_intent_id = $1", intent_id);
    tx.commit();
    if (!row) return IntentNotFound(intent_id);
    return row->record;
  } catch (const std::exception& e) {
    return std::unexpected(db::ErrorFromException(e));
  }
}

Result<PaymentRecord> PaymentService::Get(const Principal& caller, const std::string& id) {
  const char* where = nullptr;
  if (IsUuid(id)) {
    where = "p.id = $1";
  } else if (IsProviderId(id) && id.starts_with("pi_")) {
    where = "p.provider_payment_intent_id = $1";
  } else {
    return MakeError(ErrorCode::kInvalidArgument,
                     "id must be a payment id (UUID) or a PaymentIntent id (pi_...)");
  }
  auto conn = db::Connect(conninfo_);
  if (!conn) return std::unexpected(conn.error());
  try {
    pqxx::work tx(**conn);
    auto row = FindPayment(tx, where, id);
    tx.commit();
    if (!row || !MayAccess(caller, row->booking_user_id)) {
      return MakeError(ErrorCode::kNotFound, "id: payment " + id + " not found");
    }
    return row->record;
  } catch (const std::exception& e) {
    return std::unexpected(db::ErrorFromException(e));
  }
}

}  // namespace starry::marketplace
