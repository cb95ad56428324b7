#include "marketplace/webhook_processor.h"

#include <iostream>
#include <optional>

#include "analyzers/utf8.h"
#include "db/connection.h"
#include "marketplace/intent_json.h"
#include "marketplace/payment_queries.h"
#include "marketplace/webhook_signature.h"

namespace starry::marketplace {
namespace {

struct Locked {
  std::string payment_id;
  std::string payment_status;
  int64_t amount_cents = 0;
  int64_t refunded_cents = 0;
  std::string booking_id;
  std::string booking_status;
  std::string available_date_id;
};

// The payment for `intent_id` and its booking, both locked (booking first, the order every
// writer of these rows uses), or nullopt when this service did not create that intent.
std::optional<Locked> Lock(pqxx::work& tx, const std::string& intent_id) {
  auto booking = tx.exec_params(
      "SELECT booking_id FROM payments WHERE provider_payment_intent_id = $1", intent_id);
  if (booking.empty()) return std::nullopt;
  auto b =
      tx.exec_params1("SELECT id, status, available_date_id FROM bookings WHERE id = $1 FOR UPDATE",
                      booking[0][0].as<std::string>());
  auto p = tx.exec_params1(
      "SELECT id, status, amount_cents, refunded_cents FROM payments "
      "WHERE provider_payment_intent_id = $1 FOR UPDATE",
      intent_id);
  return Locked{p[0].as<std::string>(), p[1].as<std::string>(), p[2].as<int64_t>(),
                p[3].as<int64_t>(),     b[0].as<std::string>(), b[1].as<std::string>(),
                b[2].as<std::string>()};
}

bool Paid(const std::string& payment_status) {
  return payment_status == "succeeded" || payment_status == "refunded" ||
         payment_status == "partially_refunded";
}

struct AutoRefund {
  std::string intent_id;
  std::string booking_id;
  int64_t amount_cents = 0;
  int64_t target_cents = 0;  // the cumulative refund once this one is done (idempotency key)
};

std::string OnSucceeded(pqxx::work& tx, const PaymentIntent& intent,
                        std::optional<AutoRefund>& refund) {
  auto row = Lock(tx, intent.id);
  if (!row) return "ignored: unknown payment intent";
  if (intent.amount_cents != row->amount_cents) return "ignored: amount differs from the payment";
  if (Paid(row->payment_status)) return "no change: payment already succeeded";
  tx.exec_params(
      "UPDATE payments SET status = 'succeeded', failure_code = NULL, failure_message = NULL, "
      "updated_at = now() WHERE id = $1",
      row->payment_id);
  if (row->booking_status == "pending") {
    tx.exec_params("UPDATE bookings SET status = 'confirmed', updated_at = now() WHERE id = $1",
                   row->booking_id);
    return "payment succeeded, booking confirmed";
  }
  // The money arrived for a booking that is gone (expired, cancelled): give it back in full.
  tx.exec_params(
      "UPDATE bookings SET refund_cents = LEAST(total_cents, $2), updated_at = now() "
      "WHERE id = $1",
      row->booking_id, row->amount_cents);
  refund = AutoRefund{intent.id, row->booking_id, row->amount_cents - row->refunded_cents,
                      row->amount_cents};
  return "payment succeeded for a " + row->booking_status + " booking: refunding in full";
}

std::string OnFailed(pqxx::work& tx, const PaymentIntent& intent) {
  auto row = Lock(tx, intent.id);
  if (!row) return "ignored: unknown payment intent";
  if (Paid(row->payment_status)) return "no change: payment already succeeded";
  auto null_if_empty = [](const std::string& s) {
    return s.empty() ? std::optional<std::string>() : std::optional<std::string>(s.substr(0, 500));
  };
  tx.exec_params(
      "UPDATE payments SET status = 'failed', failure_code = $2, failure_message = $3, "
      "updated_at = now() WHERE id = $1",
      row->payment_id, null_if_empty(intent.failure_code), null_if_empty(intent.failure_message));
  if (row->booking_status != "pending") return "payment failed";
  tx.exec_params(
      "UPDATE bookings SET status = 'cancelled', cancelled_by = 'system', cancelled_at = now(), "
      "cancellation_reason = $2, updated_at = now() WHERE id = $1",
      row->booking_id,
      "payment failed" + (intent.failure_code.empty() ? "" : ": " + intent.failure_code));
  tx.exec_params(
      "UPDATE available_dates SET booked_slots = booked_slots - 1 "
      "WHERE id = $1 AND booked_slots > 0",
      row->available_date_id);
  return "payment failed, booking cancelled, slot freed";
}

std::string OnCanceled(pqxx::work& tx, const PaymentIntent& intent) {
  auto row = Lock(tx, intent.id);
  if (!row) return "ignored: unknown payment intent";
  if (Paid(row->payment_status) || row->payment_status == "failed") {
    return "no change: payment already " + row->payment_status;
  }
  tx.exec_params("UPDATE payments SET status = 'canceled', updated_at = now() WHERE id = $1",
                 row->payment_id);
  return "payment canceled";
}

std::string OnRefunded(pqxx::work& tx, const ChargeSummary& charge) {
  auto row = Lock(tx, charge.intent_id);
  if (!row) return "ignored: unknown payment intent";
  const int64_t refunded = std::min(charge.amount_refunded_cents, row->amount_cents);
  if (refunded <= row->refunded_cents) return "no change: refund already recorded";
  tx.exec_params(
      "UPDATE payments SET refunded_cents = $2, status = CASE WHEN $2 >= amount_cents "
      "THEN 'refunded' ELSE 'partially_refunded' END, updated_at = now() WHERE id = $1",
      row->payment_id, refunded);
  if (row->booking_status == "confirmed") {
    // Refunded at the provider (a dashboard refund) while the meeting still stood: the booking
    // is void, so its slot goes back on sale.
    tx.exec_params(
        "UPDATE available_dates SET booked_slots = booked_slots - 1 "
        "WHERE id = $1 AND booked_slots > 0",
        row->available_date_id);
  }
  tx.exec_params(
      "UPDATE bookings SET status = CASE WHEN status IN ('confirmed', 'cancelled', 'expired', "
      "'completed') THEN 'refunded' ELSE status END, "
      "refund_cents = GREATEST(refund_cents, LEAST(total_cents, $2)), updated_at = now() "
      "WHERE id = $1",
      row->booking_id, refunded);
  return "refund of " + std::to_string(refunded) + " recorded, booking refunded";
}

}  // namespace

WebhookProcessor::WebhookProcessor(std::string conninfo, std::string webhook_secret,
                                   PaymentGateway& gateway, Clock clock)
    : conninfo_(std::move(conninfo)),
      webhook_secret_(std::move(webhook_secret)),
      gateway_(gateway),
      clock_(std::move(clock)) {}

Result<WebhookOutcome> WebhookProcessor::Handle(std::string_view payload,
                                                std::string_view signature_header) {
  if (auto ok = VerifyWebhookSignature(webhook_secret_, payload, signature_header, clock_()); !ok) {
    return std::unexpected(ok.error());
  }
  // PostgreSQL stores only UTF-8 text without NUL: anything else is a bad request, not a 500.
  // (An escaped NUL, \u0000, is refused by ParseEventJson in the fields we keep, and only
  // there: Stripe would retry a refused event for days.)
  if (!analyzers::IsValidUtf8(payload) || payload.find('\0') != std::string_view::npos) {
    return MakeError(ErrorCode::kInvalidArgument, "body: not UTF-8 text");
  }
  auto event = ParseEventJson(payload);
  if (!event) {
    return MakeError(ErrorCode::kInvalidArgument, "body: " + event.error().message);
  }
  WebhookOutcome outcome{event->id, event->type, false, ""};
  const std::string intent_id =
      event->type.starts_with("charge.") ? event->charge.intent_id : event->intent.id;

  auto conn = db::Connect(conninfo_);
  if (!conn) return std::unexpected(conn.error());
  std::optional<AutoRefund> refund;
  try {
    pqxx::work tx(**conn);
    auto inserted = tx.exec_params(
        "INSERT INTO payment_events (event_id, type, payment_intent_id, outcome) "
        "VALUES ($1, $2, $3, '') ON CONFLICT (event_id) DO NOTHING RETURNING event_id",
        event->id, event->type.substr(0, 100),
        intent_id.empty() ? std::optional<std::string>() : std::optional<std::string>(intent_id));
    if (inserted.empty()) {
      tx.commit();
      outcome.duplicate = true;
      outcome.effect = "duplicate: already processed";
      return outcome;
    }
    if (event->type == "payment_intent.succeeded") {
      outcome.effect = OnSucceeded(tx, event->intent, refund);
    } else if (event->type == "payment_intent.payment_failed") {
      outcome.effect = OnFailed(tx, event->intent);
    } else if (event->type == "payment_intent.canceled") {
      outcome.effect = OnCanceled(tx, event->intent);
    } else if (event->type == "charge.refunded") {
      outcome.effect = OnRefunded(tx, event->charge);
    } else {
      outcome.effect = "ignored: event type not handled";
    }
    tx.exec_params("UPDATE payment_events SET outcome = $2 WHERE event_id = $1", event->id,
                   outcome.effect);
    tx.commit();
  } catch (const std::exception& e) {
    return std::unexpected(db::ErrorFromException(e));
  }
  if (refund && refund->amount_cents > 0) {
    auto done = gateway_.Refund(
        {refund->intent_id, refund->amount_cents, refund->booking_id,
         "pi:" + refund->intent_id + ":refund-to:" + std::to_string(refund->target_cents)});
    if (!done) {
      std::cerr << "starry: automatic refund of " << refund->intent_id
                << " failed: " << done.error().message << "\n";
      outcome.effect += " (automatic refund failed: retry with POST /v1/payments/" +
                        refund->booking_id + "/refund)";
    }
  }
  return outcome;
}

}  // namespace starry::marketplace
