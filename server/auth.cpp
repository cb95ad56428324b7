#include "server/auth.h"

#include <algorithm>
#include <cctype>

namespace starry::server {

std::optional<std::string> AuthorizationHeader(const Pistache::Http::Request& request) {
  if (auto typed = request.headers().tryGet<Pistache::Http::Header::Authorization>()) {
    return typed->value();
  }
  if (auto raw = request.headers().tryGetRaw("Authorization")) return raw->value();
  return std::nullopt;
}

std::optional<std::string_view> BearerToken(std::string_view header) {
  constexpr std::string_view kScheme = "Bearer ";
  if (header.size() <= kScheme.size() ||
      !std::equal(kScheme.begin(), kScheme.end(), header.begin(),
                  [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
    return std::nullopt;
  }
  std::string_view token = header.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

Result<marketplace::Principal> Authenticate(const Pistache::Http::Request& request,
                                            const marketplace::TokenSigner& signer) {
  auto header = AuthorizationHeader(request);
  if (!header) {
    return MakeError(ErrorCode::kUnauthenticated,
                     "this endpoint requires an Authorization: Bearer <access token> header");
  }
  auto token = BearerToken(*header);
  if (!token) {
    return MakeError(ErrorCode::kUnauthenticated,
                     "the Authorization header must be 'Bearer <access token>'");
  }
  return signer.VerifyAccessToken(*token);
}

Result<marketplace::Principal> AuthenticateActive(const Pistache::Http::Request& request,
                                                  const marketplace::TokenSigner& signer,
                                                  marketplace::AccountService& accounts) {
  auto who = Authenticate(request, signer);
  if (!who) return who;
  return accounts.ActivePrincipal(*who);
}

}  // namespace starry::server
