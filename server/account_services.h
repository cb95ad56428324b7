// @brief What the account endpoints need, built in main (Pistache-free, for cli/).
#pragma once

#include "marketplace/account_service.h"
#include "marketplace/token_signer.h"

namespace starry::server {

struct AccountServices {
  marketplace::AccountService* accounts = nullptr;
  const marketplace::TokenSigner* signer = nullptr;
};

}  // namespace starry::server
