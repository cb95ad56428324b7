// @brief The payment provider `starry serve` talks to, from the environment:
// STARRY_PAYMENT_GATEWAY=local|stripe (default local), STRIPE_SECRET_KEY, STRIPE_API_BASE,
// STARRY_STRIPE_WEBHOOK_SECRET (else generated once into the data dir, mode 0600).
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "common/result.h"
#include "marketplace/local_gateway.h"
#include "marketplace/payment_gateway.h"

namespace starry::cli {

// STARRY_STRIPE_WEBHOOK_SECRET when set; else <data_dir>/stripe_webhook_secret, created with a
// fresh "whsec_..." secret (mode 0600) when missing.
// Errors: kFailedPrecondition (the file is empty or readable by group/others);
// kUnavailable (cannot read or write it).
Result<std::string> LoadWebhookSecret(const std::filesystem::path& data_dir);

// The gateway named by STARRY_PAYMENT_GATEWAY. `local` keeps its intents in `conninfo`'s
// database and signs events with `webhook_secret`. `stripe` needs STRIPE_SECRET_KEY (sk_...).
// Errors: kInvalidArgument (unknown gateway name, missing or malformed key).
struct ConfiguredGateway {
  std::unique_ptr<marketplace::PaymentGateway> gateway;
  // Set when the gateway is the local one: its events need a sink (the webhook processor).
  marketplace::LocalGateway* local = nullptr;
};
Result<ConfiguredGateway> GatewayFromEnvironment(const std::string& conninfo,
                                                 const std::string& webhook_secret);

}  // namespace starry::cli
