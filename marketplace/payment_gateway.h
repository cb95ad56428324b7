// @brief The payment provider seen from the marketplace: Stripe's PaymentIntent lifecycle.
//
// Two implementations: StripeGateway (Stripe's HTTP API) and LocalGateway (development and
// end-to-end tests, same lifecycle, Stripe's test cards). Every mutating call carries an
// idempotency key that is stable per logical operation, so a retried call never charges or
// refunds twice.
//
// Errors every call may return, mapped from the provider's error types (ProviderError):
//   kPaymentFailed      card_error (declined, expired, insufficient funds...)
//   kResourceExhausted  rate limited by the provider
//   kInvalidArgument    invalid_request_error, idempotency_error (bad parameters)
//   kNotFound           the named intent does not exist at the provider
//   kUnavailable        api_error, 5xx, connection failures and timeouts
//   kInternal           authentication with the provider failed (a configuration bug; logged)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace starry::marketplace {

// Stripe's PaymentIntent statuses, as Stripe spells them.
inline constexpr std::string_view kIntentRequiresPaymentMethod = "requires_payment_method";
inline constexpr std::string_view kIntentRequiresConfirmation = "requires_confirmation";
inline constexpr std::string_view kIntentRequiresAction = "requires_action";
inline constexpr std::string_view kIntentProcessing = "processing";
inline constexpr std::string_view kIntentSucceeded = "succeeded";
inline constexpr std::string_view kIntentCanceled = "canceled";

struct PaymentIntent {
  std::string id;             // pi_...
  std::string client_secret;  // pi_..._secret_...
  int64_t amount_cents = 0;
  std::string currency;        // lower-case ISO code, as Stripe returns it ("usd")
  std::string status;          // one of the kIntent* values
  std::string booking_id;      // metadata[bookingId]
  std::string payment_method;  // pm_... once confirmed, else empty
  std::string latest_charge;   // ch_... once a charge was attempted, else empty
  // last_payment_error, when the latest attempt failed.
  std::string failure_code;
  std::string failure_message;
};

struct CreateIntentRequest {
  int64_t amount_cents = 0;
  std::string currency;  // any case; sent lower-case
  std::string booking_id;
  std::string idempotency_key;
};

struct ConfirmIntentRequest {
  std::string intent_id;
  // A PaymentMethod id (pm_...). The local gateway also accepts a test card number.
  // Empty: confirm with the method already attached to the intent.
  std::string payment_method;
  std::string idempotency_key;
};

struct RefundRequest {
  std::string intent_id;
  int64_t amount_cents = 0;  // > 0, at most what is left to refund
  std::string booking_id;    // metadata[bookingId]
  std::string idempotency_key;
};

struct RefundResult {
  std::string id;  // re_...
  std::string intent_id;
  int64_t amount_cents = 0;
  std::string status;  // succeeded | pending | failed | canceled
};

class PaymentGateway {
 public:
  virtual ~PaymentGateway() = default;

  // "stripe" or "local": the payments.provider column.
  virtual std::string_view provider() const = 0;

  virtual Result<PaymentIntent> CreateIntent(const CreateIntentRequest& request) = 0;
  // A declined card returns kPaymentFailed (with the decline in the message); the provider
  // then also sends payment_intent.payment_failed.
  virtual Result<PaymentIntent> ConfirmIntent(const ConfirmIntentRequest& request) = 0;
  virtual Result<PaymentIntent> RetrieveIntent(const std::string& intent_id) = 0;
  virtual Result<RefundResult> Refund(const RefundRequest& request) = 0;
};

// The provider's error classes (Stripe's `error.type`, plus what the transport adds).
enum class ProviderError {
  kCardError,
  kRateLimit,
  kInvalidRequest,
  kNotFound,
  kIdempotency,
  kApiError,
  kConnection,
  kAuthentication,
};

// The domain error for a provider error (the table in this header's comment).
Error PaymentError(ProviderError type, std::string message);

}  // namespace starry::marketplace
