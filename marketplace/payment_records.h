// @brief What the payment service returns: rows of the payments table as the API shows them.
#pragma once

#include <cstdint>
#include <string>

namespace starry::marketplace {

struct PaymentRecord {
  std::string id;  // payments.id (uuid)
  std::string booking_id;
  std::string booking_status;
  std::string provider;           // stripe | local
  std::string payment_intent_id;  // pi_...
  int64_t amount_cents = 0;
  std::string currency;  // upper-case ISO code, as bookings store it
  std::string status;    // payments.status
  int64_t refunded_cents = 0;
  std::string failure_code;
  std::string failure_message;
  std::string created_at;  // ISO 8601 UTC
  std::string updated_at;
};

// What create-intent hands the client: enough to confirm the payment (Stripe.js or /confirm).
struct IntentForClient {
  std::string booking_id;
  std::string payment_intent_id;
  std::string client_secret;
  int64_t amount_cents = 0;
  std::string currency;
  std::string status;
};

struct RefundOutcome {
  std::string booking_id;
  std::string payment_intent_id;
  std::string refund_id;
  int64_t refund_cents = 0;
  int64_t paid_cents = 0;
  std::string currency;
  std::string booking_status;
};

}  // namespace starry::marketplace
