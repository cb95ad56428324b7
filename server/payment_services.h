// @brief What the payment endpoints need, built in main (Pistache-free, for cli/).
#pragma once

#include "marketplace/account_service.h"
#include "marketplace/payment_service.h"
#include "marketplace/token_signer.h"
#include "marketplace/webhook_processor.h"

namespace starry::server {

struct PaymentServices {
  marketplace::PaymentService* payments = nullptr;
  marketplace::WebhookProcessor* webhooks = nullptr;
  const marketplace::TokenSigner* signer = nullptr;  // checks the caller's access token
  marketplace::AccountService* accounts = nullptr;   // and that the account is still active
};

}  // namespace starry::server
