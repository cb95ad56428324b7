// @brief JSON for the payment endpoints: payments, intents and refunds as camelCase objects.
#pragma once

#include <string>

#include "marketplace/payment_records.h"

namespace starry::server {

std::string PaymentJson(const marketplace::PaymentRecord& payment);
std::string IntentJson(const marketplace::IntentForClient& intent);
std::string RefundJson(const marketplace::RefundOutcome& refund);

}  // namespace starry::server
