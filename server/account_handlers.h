// @brief The account endpoints: POST /v1/auth/register, /v1/auth/login, /v1/auth/refresh,
// /v1/auth/logout and GET /v1/users/me.
#pragma once

#include "server/account_services.h"
#include "server/pistache.h"

namespace starry::server {

class AccountHandlers {
 public:
  explicit AccountHandlers(AccountServices services) : services_(services) {}

  void PostRegister(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  void PostLogin(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  void PostRefresh(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  void PostLogout(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  void GetMe(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);

 private:
  AccountServices services_;
};

}  // namespace starry::server
