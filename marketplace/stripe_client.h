// @brief Stripe's HTTP API over libcurl: authentication, idempotency keys, timeouts, retries,
// and Stripe's error bodies turned into domain errors.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "marketplace/form_encoding.h"

namespace starry::marketplace {

struct StripeClientOptions {
  std::string base_url = "https://api.stripe.com";  // tests point this at a fake server
  std::string secret_key;                           // sk_test_... / sk_live_...
  std::string api_version = "2024-06-20";           // sent as Stripe-Version
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{30000};
  // Retries after the first attempt, with exponential backoff from initial_backoff (with
  // jitter), capped at max_backoff.
  int max_retries = 2;
  std::chrono::milliseconds initial_backoff{500};
  std::chrono::milliseconds max_backoff{5000};
};

class StripeClient {
 public:
  explicit StripeClient(StripeClientOptions options);

  // POSTs `fields` form-encoded to `path` ("/v1/payment_intents") with `idempotency_key`
  // (required: the same key on every retry, so Stripe performs the operation at most once).
  // Returns the 2xx response body (JSON).
  // Errors: as PaymentGateway documents (kPaymentFailed, kResourceExhausted, kInvalidArgument,
  // kNotFound, kUnavailable, kInternal for authentication).
  Result<std::string> Post(std::string_view path, const FormFields& fields,
                           std::string_view idempotency_key) const;
  // GETs `path`. Errors as Post.
  Result<std::string> Get(std::string_view path) const;

 private:
  Result<std::string> Send(std::string_view method, std::string_view path, const std::string& body,
                           std::string_view idempotency_key) const;

  StripeClientOptions options_;
};

}  // namespace starry::marketplace
