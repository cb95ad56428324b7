#include "marketplace/stripe_gateway.h"

#include <algorithm>
#include <cctype>

#include "marketplace/form_encoding.h"
#include "marketplace/intent_json.h"

namespace starry::marketplace {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Stripe object ids are [A-Za-z0-9_]; anything else must not reach a URL path.
Status CheckId(const std::string& id, std::string_view what) {
  bool ok = !id.empty() && id.size() <= 255 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
  if (!ok) return MakeError(ErrorCode::kInvalidArgument, std::string(what) + " is not a valid id");
  return {};
}

Result<PaymentIntent> Intent(Result<std::string> body) {
  if (!body) return std::unexpected(body.error());
  auto intent = ParseIntentJson(*body);
  if (!intent) {
    return MakeError(ErrorCode::kUnavailable, "unexpected PaymentIntent from Stripe");
  }
  return intent;
}

}  // namespace

StripeGateway::StripeGateway(StripeClientOptions options) : client_(std::move(options)) {}

Result<PaymentIntent> StripeGateway::CreateIntent(const CreateIntentRequest& request) {
  if (request.amount_cents <= 0) {
    return MakeError(ErrorCode::kInvalidArgument, "amount must be positive");
  }
  FormFields fields = {
      {"amount", std::to_string(request.amount_cents)},
      {"currency", Lower(request.currency)},
      {"metadata[bookingId]", request.booking_id},
      {"automatic_payment_methods[enabled]", "true"},
      {"automatic_payment_methods[allow_redirects]", "never"},
  };
  return Intent(client_.Post("/v1/payment_intents", fields, request.idempotency_key));
}

Result<PaymentIntent> StripeGateway::ConfirmIntent(const ConfirmIntentRequest& request) {
  if (auto ok = CheckId(request.intent_id, "paymentIntentId"); !ok) {
    return std::unexpected(ok.error());
  }
  FormFields fields;
  if (!request.payment_method.empty()) {
    const auto& method = request.payment_method;
    const bool stripe_object =
        method.starts_with("pm_") || method.starts_with("card_") || method.starts_with("src_");
    if (auto ok = CheckId(method, "paymentMethod"); !ok || !stripe_object) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "paymentMethod must be a Stripe PaymentMethod id (pm_...); card numbers "
                       "are accepted only by the local gateway");
    }
    fields.emplace_back("payment_method", request.payment_method);
  }
  return Intent(client_.Post("/v1/payment_intents/" + request.intent_id + "/confirm", fields,
                             request.idempotency_key));
}

Result<PaymentIntent> StripeGateway::RetrieveIntent(const std::string& intent_id) {
  if (auto ok = CheckId(intent_id, "paymentIntentId"); !ok) return std::unexpected(ok.error());
  return Intent(client_.Get("/v1/payment_intents/" + intent_id));
}

Result<RefundResult> StripeGateway::Refund(const RefundRequest& request) {
  if (auto ok = CheckId(request.intent_id, "paymentIntentId"); !ok) {
    return std::unexpected(ok.error());
  }
  if (request.amount_cents <= 0) {
    return MakeError(ErrorCode::kInvalidArgument, "refund amount must be positive");
  }
  FormFields fields = {
      {"payment_intent", request.intent_id},
      {"amount", std::to_string(request.amount_cents)},
      {"metadata[bookingId]", request.booking_id},
  };
  auto body = client_.Post("/v1/refunds", fields, request.idempotency_key);
  if (!body) return std::unexpected(body.error());
  auto refund = ParseRefundJson(*body);
  if (!refund) return MakeError(ErrorCode::kUnavailable, "unexpected Refund from Stripe");
  return refund;
}

}  // namespace starry::marketplace
