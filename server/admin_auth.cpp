#include "server/admin_auth.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>

namespace starry::server {
namespace {

bool SameSecret(std::string_view given, std::string_view expected) {
  unsigned char a[SHA256_DIGEST_LENGTH], b[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(given.data()), given.size(), a);
  SHA256(reinterpret_cast<const unsigned char*>(expected.data()), expected.size(), b);
  return CRYPTO_memcmp(a, b, sizeof a) == 0;
}

}  // namespace

Status CheckAdminAuthorization(const std::optional<std::string>& configured_token,
                               std::optional<std::string_view> authorization_header) {
  if (!configured_token || configured_token->empty()) {
    return MakeError(ErrorCode::kPermissionDenied,
                     "admin endpoints are disabled: set STARRY_ADMIN_TOKEN to enable them");
  }
  if (!authorization_header) {
    return MakeError(ErrorCode::kUnauthenticated,
                     "admin endpoints require an Authorization: Bearer <token> header");
  }
  std::string_view header = *authorization_header;
  constexpr std::string_view kScheme = "Bearer ";
  if (header.size() <= kScheme.size() ||
      !std::equal(kScheme.begin(), kScheme.end(), header.begin(),
                  [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
    return MakeError(ErrorCode::kUnauthenticated,
                     "the Authorization header must be 'Bearer <token>'");
  }
  std::string_view token = header.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (!SameSecret(token, *configured_token)) {
    return MakeError(ErrorCode::kUnauthenticated, "invalid admin token");
  }
  return {};
}

Status CheckAdmin(const std::optional<std::string>& configured_token,
                  const Pistache::Rest::Request& request) {
  // Pistache keeps a header either typed (when its registry knows the name) or raw: look at both.
  if (auto typed = request.headers().tryGet<Pistache::Http::Header::Authorization>()) {
    return CheckAdminAuthorization(configured_token, typed->value());
  }
  if (auto raw = request.headers().tryGetRaw("Authorization")) {
    return CheckAdminAuthorization(configured_token, raw->value());
  }
  return CheckAdminAuthorization(configured_token, std::nullopt);
}

}  // namespace starry::server
