// @brief The payment endpoints: POST /v1/payments/create-intent, POST /v1/payments/confirm,
// POST /v1/payments/{bookingId}/refund, GET /v1/payments/{id} (all need a user's access token;
// only the booking's owner or an admin sees a payment, anyone else gets 404), and
// POST /v1/webhooks/stripe (no token: the Stripe-Signature header is the authentication).
#pragma once

#include "server/payment_services.h"
#include "server/pistache.h"

namespace starry::server {

class PaymentHandlers {
 public:
  explicit PaymentHandlers(PaymentServices services) : services_(services) {}

  void PostCreateIntent(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  void PostConfirm(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  void PostRefund(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  void GetPayment(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  void PostStripeWebhook(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);

 private:
  PaymentServices services_;
};

}  // namespace starry::server
