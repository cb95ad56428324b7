#include "marketplace/payment_gateway.h"

#include <utility>

namespace starry::marketplace {

Error PaymentError(ProviderError type, std::string message) {
  switch (type) {
    case ProviderError::kCardError:
      return Error(ErrorCode::kPaymentFailed, std::move(message));
    case ProviderError::kRateLimit:
      return Error(ErrorCode::kResourceExhausted,
                   "the payment provider is rate limiting requests: " + message);
    case ProviderError::kInvalidRequest:
    case ProviderError::kIdempotency:
      return Error(ErrorCode::kInvalidArgument, std::move(message));
    case ProviderError::kNotFound:
      return Error(ErrorCode::kNotFound, std::move(message));
    case ProviderError::kApiError:
    case ProviderError::kConnection:
      return Error(ErrorCode::kUnavailable, "the payment provider is unavailable: " + message);
    case ProviderError::kAuthentication:
      // A wrong or revoked secret key: our configuration, not the caller's fault. The message
      // is logged by the server, never shown to clients (kInternal bodies are opaque).
      return Error(ErrorCode::kInternal, "payment provider authentication failed: " + message);
  }
  return Error(ErrorCode::kInternal, std::move(message));
}

}  // namespace starry::marketplace
