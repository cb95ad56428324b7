#include "server/admin_auth.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>

#include "server/auth.h"

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
                  const marketplace::TokenSigner* signer, marketplace::AccountService* accounts,
                  const Pistache::Rest::Request& request) {
  auto header = AuthorizationHeader(request);
  if (signer != nullptr && header) {
    if (auto token = BearerToken(*header)) {
      if (auto who = signer->VerifyAccessToken(*token)) {
        if (accounts != nullptr) {
          who = accounts->ActivePrincipal(*who);
          if (!who) return std::unexpected(who.error());
        }
        if (!who->is_admin()) {
          return MakeError(ErrorCode::kPermissionDenied, "this endpoint is for admins only");
        }
        return {};
      }
    }
  }
  if (!header) return CheckAdminAuthorization(configured_token, std::nullopt);
  return CheckAdminAuthorization(configured_token, *header);
}

}  // namespace starry::server
