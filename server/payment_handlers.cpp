#include "server/payment_handlers.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <iostream>

#include "marketplace/ids.h"
#include "server/auth.h"
#include "server/http_reply.h"
#include "server/json_body.h"
#include "server/path_param.h"
#include "server/payment_json.h"

namespace starry::server {

using Pistache::Http::ResponseWriter;
using Pistache::Rest::Request;

namespace {

// The caller, or nullopt after answering 401 / 503 itself.
std::optional<marketplace::Principal> Caller(const PaymentServices& services, const Request& req,
                                             ResponseWriter& res) {
  if (services.payments == nullptr || services.signer == nullptr || services.accounts == nullptr) {
    ReplyError(res, Error(ErrorCode::kUnavailable, "payments are not configured"));
    return std::nullopt;
  }
  auto who = AuthenticateActive(req, *services.signer, *services.accounts);
  if (!who) {
    ReplyError(res, who.error());
    return std::nullopt;
  }
  return *who;
}

// Ids are short: anything longer is refused before reaching the service.
constexpr size_t kMaxIdBytes = 100;

// Internal errors (an unexpected provider answer, a bug) are logged here and stay opaque.
void ReplyFailure(ResponseWriter& res, const Error& error) {
  if (error.code == ErrorCode::kInternal) {
    std::cerr << "starry serve: payments: " << error.message << "\n";
  }
  ReplyError(res, error);
}

}  // namespace

void PaymentHandlers::PostCreateIntent(const Request& req, ResponseWriter res) {
  auto who = Caller(services_, req, res);
  if (!who) return;
  auto body = ReadJsonBody(req, res);
  if (!body) return;
  auto booking_id = StringField(*body, "bookingId", kMaxIdBytes, true);
  if (!booking_id) return ReplyError(res, booking_id.error());
  auto intent = services_.payments->CreateIntent(*who, marketplace::CanonicalId(**booking_id));
  if (!intent) return ReplyFailure(res, intent.error());
  ReplyData(res, IntentJson(*intent));
}

void PaymentHandlers::PostConfirm(const Request& req, ResponseWriter res) {
  auto who = Caller(services_, req, res);
  if (!who) return;
  auto body = ReadJsonBody(req, res);
  if (!body) return;
  auto intent_id = StringField(*body, "paymentIntentId", kMaxIdBytes, true);
  if (!intent_id) return ReplyError(res, intent_id.error());
  auto method = StringField(*body, "paymentMethod", kMaxIdBytes, false);
  if (!method) return ReplyError(res, method.error());
  auto payment = services_.payments->Confirm(*who, **intent_id, method->value_or(""));
  if (!payment) return ReplyFailure(res, payment.error());
  ReplyData(res, PaymentJson(*payment));
}

void PaymentHandlers::PostRefund(const Request& req, ResponseWriter res) {
  auto who = Caller(services_, req, res);
  if (!who) return;
  // The amount is the policy's, never the client's: a body, if any, is not read.
  auto refund = services_.payments->Refund(*who, PathParam(req, ":bookingId"));
  if (!refund) return ReplyFailure(res, refund.error());
  ReplyData(res, RefundJson(*refund));
}

void PaymentHandlers::GetPayment(const Request& req, ResponseWriter res) {
  auto who = Caller(services_, req, res);
  if (!who) return;
  auto payment = services_.payments->Get(*who, PathParam(req, ":id"));
  if (!payment) return ReplyFailure(res, payment.error());
  ReplyData(res, PaymentJson(*payment));
}

void PaymentHandlers::PostStripeWebhook(const Request& req, ResponseWriter res) {
  if (services_.webhooks == nullptr) {
    return ReplyError(res, Error(ErrorCode::kUnavailable, "webhooks are not configured"));
  }
  auto header = req.headers().tryGetRaw("Stripe-Signature");
  auto outcome =
      services_.webhooks->Handle(req.body(), header ? std::string_view(header->value()) : "");
  if (!outcome) {
    if (outcome.error().code != ErrorCode::kInvalidArgument) {
      std::cerr << "starry serve: webhook not processed: " << outcome.error().message << "\n";
    }
    return ReplyFailure(res, outcome.error());
  }
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("received");
  w.Bool(true);
  w.Key("eventId");
  w.String(outcome->event_id);
  w.Key("type");
  w.String(outcome->type);
  w.Key("duplicate");
  w.Bool(outcome->duplicate);
  w.Key("effect");
  w.String(outcome->effect);
  w.EndObject();
  ReplyData(res, buffer.GetString());
}

}  // namespace starry::server
