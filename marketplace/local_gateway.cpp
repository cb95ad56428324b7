#include "marketplace/local_gateway.h"

#include <iostream>
#include <optional>
#include <thread>

#include "db/connection.h"
#include "marketplace/intent_json.h"
#include "marketplace/random_token.h"
#include "marketplace/test_cards.h"
#include "marketplace/webhook_signature.h"

namespace starry::marketplace {
namespace {

constexpr const char* kIntentColumns =
    "id, client_secret, amount_cents, currency, booking_id, status, "
    "coalesce(payment_method, ''), coalesce(latest_charge, ''), coalesce(failure_code, ''), "
    "coalesce(failure_message, ''), amount_refunded_cents";

struct StoredIntent {
  PaymentIntent intent;
  int64_t refunded_cents = 0;
};

std::optional<StoredIntent> LoadIntent(pqxx::work& tx, const std::string& id, bool for_update) {
  auto rows = tx.exec_params(std::string("SELECT ") + kIntentColumns +
                                 " FROM local_payment_intents WHERE id = $1" +
                                 (for_update ? " FOR UPDATE" : ""),
                             id);
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  StoredIntent s;
  s.intent.id = r[0].as<std::string>();
  s.intent.client_secret = r[1].as<std::string>();
  s.intent.amount_cents = r[2].as<int64_t>();
  s.intent.currency = r[3].as<std::string>();
  s.intent.booking_id = r[4].as<std::string>();
  s.intent.status = r[5].as<std::string>();
  s.intent.payment_method = r[6].as<std::string>();
  s.intent.latest_charge = r[7].as<std::string>();
  s.intent.failure_code = r[8].as<std::string>();
  s.intent.failure_message = r[9].as<std::string>();
  s.refunded_cents = r[10].as<int64_t>();
  return s;
}

void SaveIntent(pqxx::work& tx, const PaymentIntent& i) {
  auto null_if_empty = [](const std::string& s) {
    return s.empty() ? std::optional<std::string>() : std::optional<std::string>(s);
  };
  tx.exec_params(
      "UPDATE local_payment_intents SET status = $2, payment_method = $3, latest_charge = $4, "
      "failure_code = $5, failure_message = $6, updated_at = now() WHERE id = $1",
      i.id, i.status, null_if_empty(i.payment_method), null_if_empty(i.latest_charge),
      null_if_empty(i.failure_code), null_if_empty(i.failure_message));
}

// Idempotency, as Stripe does it: serialise requests with one key, replay a finished one.
// Returns the stored response (an object id) when `key` was used for the same request.
Result<std::optional<std::string>> Replay(pqxx::work& tx, const std::string& key,
                                          const std::string& request) {
  if (key.empty()) return std::optional<std::string>();
  if (key.size() > 255) return MakeError(ErrorCode::kInvalidArgument, "idempotency key too long");
  tx.exec_params("SELECT pg_advisory_xact_lock(hashtext($1))", key);
  auto rows = tx.exec_params(
      "SELECT request, response FROM local_idempotency_keys WHERE idempotency_key = $1", key);
  if (rows.empty()) return std::optional<std::string>();
  if (rows[0][0].as<std::string>() != request) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "idempotency key reused with different parameters (idempotency_error)");
  }
  return std::optional<std::string>(rows[0][1].as<std::string>());
}

void Remember(pqxx::work& tx, const std::string& key, const std::string& request,
              const std::string& response) {
  if (key.empty()) return;
  tx.exec_params(
      "INSERT INTO local_idempotency_keys (idempotency_key, request, response) VALUES ($1, $2, $3)",
      key, request, response);
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::unexpected<Error> NoSuchIntent(const std::string& id) {
  return MakeError(ErrorCode::kNotFound, "no such payment_intent: '" + id + "'");
}

}  // namespace

LocalGateway::LocalGateway(std::string conninfo, std::string webhook_secret, Clock clock)
    : conninfo_(std::move(conninfo)),
      webhook_secret_(std::move(webhook_secret)),
      clock_(std::move(clock)) {}

Result<PaymentIntent> LocalGateway::CreateIntent(const CreateIntentRequest& request) {
  if (request.amount_cents <= 0) {
    return MakeError(ErrorCode::kInvalidArgument, "amount must be positive");
  }
  const std::string currency = Lower(request.currency);
  if (currency.size() != 3 ||
      currency.find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos) {
    return MakeError(ErrorCode::kInvalidArgument, "currency must be a three-letter ISO code");
  }
  auto conn = db::Connect(conninfo_);
  if (!conn) return std::unexpected(conn.error());
  try {
    pqxx::work tx(**conn);
    const std::string fingerprint = "create:" + std::to_string(request.amount_cents) + ":" +
                                    currency + ":" + request.booking_id;
    auto replay = Replay(tx, request.idempotency_key, fingerprint);
    if (!replay) return std::unexpected(replay.error());
    if (*replay) {
      auto stored = LoadIntent(tx, **replay, false);
      if (!stored) return NoSuchIntent(**replay);
      return stored->intent;
    }
    PaymentIntent intent;
    intent.id = "pi_" + RandomToken(24);
    intent.client_secret = intent.id + "_secret_" + RandomToken(24);
    intent.amount_cents = request.amount_cents;
    intent.currency = currency;
    intent.status = std::string(kIntentRequiresPaymentMethod);
    intent.booking_id = request.booking_id;
    tx.exec_params(
        "INSERT INTO local_payment_intents (id, client_secret, amount_cents, currency, "
        "booking_id, status) VALUES ($1, $2, $3, $4, $5, $6)",
        intent.id, intent.client_secret, intent.amount_cents, intent.currency, intent.booking_id,
        intent.status);
    Remember(tx, request.idempotency_key, fingerprint, intent.id);
    tx.commit();
    return intent;
  } catch (const std::exception& e) {
    return std::unexpected(db::ErrorFromException(e));
  }
}

Result<PaymentIntent> LocalGateway::ConfirmIntent(const ConfirmIntentRequest& request) {
  auto conn = db::Connect(conninfo_);
  if (!conn) return std::unexpected(conn.error());
  PaymentIntent intent;
  std::optional<TestCard> card;
  try {
    pqxx::work tx(**conn);
    const std::string fingerprint = "confirm:" + request.intent_id + ":" + request.payment_method;
    auto replay = Replay(tx, request.idempotency_key, fingerprint);
    if (!replay) return std::unexpected(replay.error());
    auto stored = LoadIntent(tx, request.intent_id, true);
    if (!stored) return NoSuchIntent(request.intent_id);
    if (*replay) return stored->intent;
    intent = stored->intent;
    if (intent.status != kIntentRequiresPaymentMethod &&
        intent.status != kIntentRequiresConfirmation) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "this PaymentIntent's status is " + intent.status +
                           ", it cannot be confirmed (payment_intent_unexpected_state)");
    }
    std::string method =
        request.payment_method.empty() ? intent.payment_method : request.payment_method;
    if (method.empty()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "paymentMethod is required: the PaymentIntent has none attached");
    }
    card = LookUpTestCard(method);
    if (!card) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "paymentMethod is not a test card number or test PaymentMethod id "
                       "(e.g. 4242 4242 4242 4242, pm_card_visa)");
    }
    intent.payment_method = card->payment_method;
    intent.latest_charge = "ch_" + RandomToken(24);
    if (card->succeeds) {
      intent.status = std::string(kIntentSucceeded);
      intent.failure_code.clear();
      intent.failure_message.clear();
    } else {
      intent.status = std::string(kIntentRequiresPaymentMethod);
      intent.failure_code = card->decline_code;
      intent.failure_message = card->message;
    }
    SaveIntent(tx, intent);
    // A decline is not remembered: confirming again (with another card) is a new attempt.
    if (card->succeeds) Remember(tx, request.idempotency_key, fingerprint, intent.id);
    tx.commit();
  } catch (const std::exception& e) {
    return std::unexpected(db::ErrorFromException(e));
  }
  if (card->succeeds) {
    Emit("payment_intent.succeeded", IntentToJson(intent));
    return intent;
  }
  Emit("payment_intent.payment_failed", IntentToJson(intent));
  return MakeError(ErrorCode::kPaymentFailed,
                   intent.failure_message + " (" + intent.failure_code + ")");
}

Result<PaymentIntent> LocalGateway::RetrieveIntent(const std::string& intent_id) {
  auto conn = db::Connect(conninfo_);
  if (!conn) return std::unexpected(conn.error());
  try {
    pqxx::work tx(**conn);
    auto stored = LoadIntent(tx, intent_id, false);
    if (!stored) return NoSuchIntent(intent_id);
    return stored->intent;
  } catch (const std::exception& e) {
    return std::unexpected(db::ErrorFromException(e));
  }
}

Result<RefundResult> LocalGateway::Refund(const RefundRequest& request) {
  if (request.amount_cents <= 0) {
    return MakeError(ErrorCode::kInvalidArgument, "refund amount must be positive");
  }
  auto conn = db::Connect(conninfo_);
  if (!conn) return std::unexpected(conn.error());
  RefundResult refund;
  ChargeSummary charge;
  try {
    pqxx::work tx(**conn);
    const std::string fingerprint =
        "refund:" + request.intent_id + ":" + std::to_string(request.amount_cents);
    auto replay = Replay(tx, request.idempotency_key, fingerprint);
    if (!replay) return std::unexpected(replay.error());
    if (*replay) {
      auto rows = tx.exec_params(
          "SELECT id, payment_intent_id, amount_cents FROM local_refunds WHERE id = $1", **replay);
      if (rows.empty()) return MakeError(ErrorCode::kInternal, "replayed refund is missing");
      return RefundResult{rows[0][0].as<std::string>(), rows[0][1].as<std::string>(),
                          rows[0][2].as<int64_t>(), "succeeded"};
    }
    auto stored = LoadIntent(tx, request.intent_id, true);
    if (!stored) return NoSuchIntent(request.intent_id);
    if (stored->intent.status != kIntentSucceeded) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "this PaymentIntent has no successful charge to refund");
    }
    const int64_t left = stored->intent.amount_cents - stored->refunded_cents;
    if (request.amount_cents > left) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "refund amount " + std::to_string(request.amount_cents) +
                           " is greater than the unrefunded amount " + std::to_string(left));
    }
    refund =
        RefundResult{"re_" + RandomToken(24), request.intent_id, request.amount_cents, "succeeded"};
    tx.exec_params(
        "INSERT INTO local_refunds (id, payment_intent_id, amount_cents) VALUES ($1, $2, $3)",
        refund.id, refund.intent_id, refund.amount_cents);
    tx.exec_params(
        "UPDATE local_payment_intents SET amount_refunded_cents = amount_refunded_cents + $2, "
        "updated_at = now() WHERE id = $1",
        request.intent_id, request.amount_cents);
    Remember(tx, request.idempotency_key, fingerprint, refund.id);
    tx.commit();
    charge =
        ChargeSummary{stored->intent.latest_charge, stored->intent.id,
                      stored->intent.amount_cents,  stored->refunded_cents + refund.amount_cents,
                      stored->intent.currency,      stored->intent.booking_id};
  } catch (const std::exception& e) {
    return std::unexpected(db::ErrorFromException(e));
  }
  Emit("charge.refunded", ChargeToJson(charge));
  return refund;
}

void LocalGateway::Emit(const std::string& type, const std::string& object_json) const {
  if (!sink_) return;
  const int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(clock_().time_since_epoch()).count();
  const std::string payload = EventToJson("evt_" + RandomToken(24), type, now, object_json);
  const std::string signature = SignWebhookPayload(webhook_secret_, payload, now);
  // Like Stripe, try again when the endpoint could not take it now (a lock conflict, the
  // database briefly away); a refusal for any other reason is final.
  Status delivered;
  for (int attempt = 0; attempt < 3; ++attempt) {
    delivered = sink_(payload, signature);
    if (delivered || (delivered.error().code != ErrorCode::kConflict &&
                      delivered.error().code != ErrorCode::kUnavailable)) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50 << attempt));
  }
  if (!delivered) {
    std::cerr << "starry: local gateway: " << type
              << " event was not accepted: " << delivered.error().message << "\n";
  }
}

}  // namespace starry::marketplace
