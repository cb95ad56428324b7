// @brief PaymentGateway over Stripe's real API (PaymentIntents and Refunds).
#pragma once

#include "marketplace/payment_gateway.h"
#include "marketplace/stripe_client.h"

namespace starry::marketplace {

class StripeGateway final : public PaymentGateway {
 public:
  explicit StripeGateway(StripeClientOptions options);

  std::string_view provider() const override { return "stripe"; }
  // POST /v1/payment_intents: amount, currency, metadata[bookingId], card payments without
  // redirects (the intent is confirmed server-side).
  Result<PaymentIntent> CreateIntent(const CreateIntentRequest& request) override;
  // POST /v1/payment_intents/{id}/confirm [payment_method]. Raw card numbers are refused
  // (kInvalidArgument): they never go to Stripe from a server; pass a PaymentMethod id.
  Result<PaymentIntent> ConfirmIntent(const ConfirmIntentRequest& request) override;
  // GET /v1/payment_intents/{id}.
  Result<PaymentIntent> RetrieveIntent(const std::string& intent_id) override;
  // POST /v1/refunds: payment_intent, amount, metadata[bookingId].
  Result<RefundResult> Refund(const RefundRequest& request) override;

 private:
  StripeClient client_;
};

}  // namespace starry::marketplace
