// @brief Applies the payment provider's webhook events to payments and bookings, exactly once.
//
// Every delivery is verified first (Stripe-Signature; nothing changes on failure). An event is
// applied in one transaction together with its row in payment_events, so a redelivery, however
// often, changes nothing twice. What each event does:
//   payment_intent.succeeded       payment succeeded; pending booking -> confirmed. If the
//                                  booking is no longer pending (expired or cancelled before the
//                                  money arrived), the payment is refunded in full automatically.
//   payment_intent.payment_failed  payment failed; pending booking -> cancelled (by 'system')
//                                  and its slot freed. Ignored once the payment has succeeded.
//   payment_intent.canceled        an unpaid payment -> canceled (the booking keeps its own course:
//                                  it expires unless a new intent is paid in time).
//   charge.refunded                payment refunded / partially_refunded with the charge's
//                                  cumulative amount; booking -> refunded. An older (smaller)
//                                  cumulative amount arriving late changes nothing.
// Other event types, and events for intents this service did not create, are recorded and
// acknowledged without effect (Stripe stops redelivering acknowledged events).
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "marketplace/clock.h"
#include "marketplace/payment_gateway.h"

namespace starry::marketplace {

struct WebhookOutcome {
  std::string event_id;
  std::string type;
  bool duplicate = false;  // already processed before: nothing changed now
  std::string effect;      // what processing did, for logs and the response
};

class WebhookProcessor {
 public:
  // `gateway` is used only for automatic refunds (a payment that arrived too late).
  WebhookProcessor(std::string conninfo, std::string webhook_secret, PaymentGateway& gateway,
                   Clock clock = SystemClock());

  // Errors: kInvalidArgument (signature missing, forged or expired; payload not a Stripe
  // event); kFailedPrecondition (no webhook secret configured); kConflict (a concurrent
  // delivery of the same booking's events: the provider retries); kUnavailable (PostgreSQL).
  Result<WebhookOutcome> Handle(std::string_view payload, std::string_view signature_header);

 private:
  std::string conninfo_;
  std::string webhook_secret_;
  PaymentGateway& gateway_;
  Clock clock_;
};

}  // namespace starry::marketplace
