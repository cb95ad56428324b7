// @brief Stripe's JSON shapes for PaymentIntents, Refunds and webhook Events (rapidjson).
//
// Read by the Stripe gateway (API responses) and the webhook processor (event payloads);
// written by the local gateway, so its events look exactly like Stripe's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "marketplace/payment_gateway.h"

namespace starry::marketplace {

// A PaymentIntent object. Errors: kInvalidArgument when `json` is not one.
Result<PaymentIntent> ParseIntentJson(std::string_view json);
// A Refund object. Errors: kInvalidArgument when `json` is not one.
Result<RefundResult> ParseRefundJson(std::string_view json);

// A PaymentIntent object as Stripe serialises it (the fields PaymentIntent carries).
std::string IntentToJson(const PaymentIntent& intent);

// The part of a Charge that charge.refunded needs.
struct ChargeSummary {
  std::string id;
  std::string intent_id;
  int64_t amount_cents = 0;
  int64_t amount_refunded_cents = 0;
  std::string currency;
  std::string booking_id;  // metadata[bookingId]
};
std::string ChargeToJson(const ChargeSummary& charge);

// A webhook Event:
// {"id":"evt_...","object":"event","type":...,"created":...,"data":{"object":...}}.
struct WebhookEvent {
  std::string id;
  std::string type;
  int64_t created = 0;
  // Set for payment_intent.* events.
  PaymentIntent intent;
  // Set for charge.* events.
  ChargeSummary charge;
};
// Errors: kInvalidArgument (not JSON, no id/type, data.object of the wrong shape).
Result<WebhookEvent> ParseEventJson(std::string_view json);
// `data_object_json` is a serialised object (IntentToJson / ChargeToJson).
std::string EventToJson(std::string_view id, std::string_view type, int64_t created,
                        std::string_view data_object_json);

}  // namespace starry::marketplace
