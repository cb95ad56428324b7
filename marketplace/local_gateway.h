// @brief PaymentGateway for development and end-to-end tests: Stripe's PaymentIntent
// lifecycle and test cards, kept in PostgreSQL, with signed webhook events.
//
// Intents, refunds and idempotency keys live in the local_* tables (migration 0006), so they
// survive a restart. Every state change emits the event Stripe would send
// (payment_intent.succeeded, payment_intent.payment_failed, charge.refunded), signed with the
// webhook secret exactly as Stripe signs, to a sink that is the server's own webhook path
// (verification, then processing). Events are delivered synchronously after the change commits;
// a delivery refused with kConflict or kUnavailable is tried up to three times, then logged.
#pragma once

#include <functional>
#include <string>

#include "marketplace/clock.h"
#include "marketplace/payment_gateway.h"

namespace starry::marketplace {

// Receives (raw payload, Stripe-Signature header value), as an HTTP webhook endpoint would.
using WebhookSink = std::function<Status(const std::string& payload, const std::string& signature)>;

class LocalGateway final : public PaymentGateway {
 public:
  LocalGateway(std::string conninfo, std::string webhook_secret, Clock clock = SystemClock());

  // Where events go. Set before the gateway is used (the sink usually needs services built
  // after the gateway); without a sink events are dropped.
  void SetWebhookSink(WebhookSink sink) { sink_ = std::move(sink); }

  std::string_view provider() const override { return "local"; }
  Result<PaymentIntent> CreateIntent(const CreateIntentRequest& request) override;
  // payment_method: a test card number (spaces allowed) or test PaymentMethod id; empty uses
  // the method already on the intent. Unknown cards: kInvalidArgument, intent unchanged.
  // Declined cards: kPaymentFailed, the intent back to requires_payment_method with
  // last_payment_error, and payment_intent.payment_failed emitted.
  Result<PaymentIntent> ConfirmIntent(const ConfirmIntentRequest& request) override;
  Result<PaymentIntent> RetrieveIntent(const std::string& intent_id) override;
  // Emits charge.refunded with the charge's cumulative amount_refunded.
  Result<RefundResult> Refund(const RefundRequest& request) override;

 private:
  void Emit(const std::string& type, const std::string& object_json) const;

  std::string conninfo_;
  std::string webhook_secret_;
  Clock clock_;
  WebhookSink sink_;
};

}  // namespace starry::marketplace
