#include "server/account_handlers.h"

#include "marketplace/account_validation.h"
#include "marketplace/password_policy.h"
#include "server/account_json.h"
#include "server/auth.h"
#include "server/client_ip.h"
#include "server/http_reply.h"
#include "server/json_body.h"
#include "server/json_response.h"

namespace starry::server {

using Pistache::Http::ResponseWriter;
using Pistache::Rest::Request;

namespace {

class RetryAfter : public Pistache::Http::Header::Header {
 public:
  NAME("Retry-After")
  RetryAfter() = default;
  explicit RetryAfter(int64_t seconds) : seconds_(seconds) {}
  void parse(const std::string&) override {}
  void write(std::ostream& os) const override { os << seconds_; }

 private:
  int64_t seconds_ = 1;
};

constexpr size_t kMaxRefreshTokenBytes = 200;

}  // namespace

void AccountHandlers::PostRegister(const Request& req, ResponseWriter res) {
  auto body = ReadJsonBody(req, res);
  if (!body) return;
  marketplace::RegisterRequest request;
  auto email = StringField(*body, "email", marketplace::kMaxEmailBytes + 64, true);
  if (!email) return ReplyError(res, email.error());
  auto password = StringField(*body, "password", marketplace::kMaxPasswordBytes, true);
  if (!password) return ReplyError(res, password.error());
  auto first = StringField(*body, "firstName", marketplace::kMaxNameBytes + 64, true);
  if (!first) return ReplyError(res, first.error());
  auto last = StringField(*body, "lastName", marketplace::kMaxNameBytes + 64, true);
  if (!last) return ReplyError(res, last.error());
  auto phone = StringField(*body, "phone", marketplace::kMaxNameBytes, false);
  if (!phone) return ReplyError(res, phone.error());
  request.email = **email;
  request.password = **password;
  request.first_name = **first;
  request.last_name = **last;
  request.phone = *phone;
  auto session = services_.accounts->Register(request);
  if (!session) return ReplyError(res, session.error());
  ReplyJson(res, Pistache::Http::Code::Created, SuccessBody(SessionJson(*session)));
}

void AccountHandlers::PostLogin(const Request& req, ResponseWriter res) {
  auto body = ReadJsonBody(req, res);
  if (!body) return;
  auto email = StringField(*body, "email", marketplace::kMaxEmailBytes + 64, true);
  if (!email) return ReplyError(res, email.error());
  auto password = StringField(*body, "password", marketplace::kMaxPasswordBytes, true);
  if (!password) return ReplyError(res, password.error());
  std::string ip = ClientIp(req);
  auto session = services_.accounts->Login(**email, **password, ip);
  if (!session) {
    if (session.error().code == ErrorCode::kResourceExhausted) {
      auto wait = services_.accounts->LoginRetryAfter(**email, ip);
      res.headers().add<RetryAfter>(wait ? wait->count() : 1);
    }
    return ReplyError(res, session.error());
  }
  ReplyData(res, SessionJson(*session));
}

void AccountHandlers::PostRefresh(const Request& req, ResponseWriter res) {
  auto body = ReadJsonBody(req, res);
  if (!body) return;
  auto token = StringField(*body, "refreshToken", kMaxRefreshTokenBytes, true);
  if (!token) return ReplyError(res, token.error());
  auto session = services_.accounts->Refresh(**token);
  if (!session) return ReplyError(res, session.error());
  ReplyData(res, SessionJson(*session));
}

void AccountHandlers::PostLogout(const Request& req, ResponseWriter res) {
  auto body = ReadJsonBody(req, res);
  if (!body) return;
  auto token = StringField(*body, "refreshToken", kMaxRefreshTokenBytes, true);
  if (!token) return ReplyError(res, token.error());
  if (auto s = services_.accounts->Logout(**token); !s) return ReplyError(res, s.error());
  ReplyData(res, R"({"loggedOut":true})");
}

void AccountHandlers::GetMe(const Request& req, ResponseWriter res) {
  auto who = Authenticate(req, *services_.signer);
  if (!who) return ReplyError(res, who.error());
  auto user = services_.accounts->Me(*who);
  if (!user) return ReplyError(res, user.error());
  ReplyData(res, "{\"user\":" + UserJson(*user) + "}");
}

}  // namespace starry::server
