// @brief Stripe's webhook signature scheme: `Stripe-Signature: t=<unix>,v1=<hex hmac>[,v1=...]`.
//
// The signature is HMAC-SHA256, keyed with the endpoint's webhook secret, over
// "<t>.<raw payload>". Several v1 entries may be present (during a secret rotation); one match
// is enough. Other schemes (v0 test signatures) are ignored.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "marketplace/clock.h"

namespace starry::marketplace {

inline constexpr std::chrono::seconds kWebhookTolerance{300};

// The header value Stripe would send for `payload` signed at `timestamp` (unix seconds).
std::string SignWebhookPayload(std::string_view secret, std::string_view payload,
                               int64_t timestamp);

// Checks `header` against `payload`. Compares in constant time.
// Errors (all kInvalidArgument, naming the Stripe-Signature header): missing or malformed
// header, no v1 signature, no v1 that matches, timestamp further than `tolerance` from `now`;
// kFailedPrecondition when `secret` is empty (webhooks not configured).
Status VerifyWebhookSignature(std::string_view secret, std::string_view payload,
                              std::string_view header, TimePoint now,
                              std::chrono::seconds tolerance = kWebhookTolerance);

}  // namespace starry::marketplace
