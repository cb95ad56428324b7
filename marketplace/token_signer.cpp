#include "marketplace/token_signer.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "marketplace/base64url.h"

namespace starry::marketplace {
namespace {

constexpr size_t kMaxTokenBytes = 4096;
// Tolerated clock skew for `iat` in the future (tokens from a server whose clock runs ahead).
constexpr int64_t kIssuedInFutureLeewaySeconds = 60;

int64_t EpochSeconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::unexpected<Error> Refuse(std::string why) {
  return MakeError(ErrorCode::kUnauthenticated, "invalid access token: " + std::move(why));
}

// Parses a base64url JSON object; nullopt when either layer is malformed.
bool ParseObject(std::string_view part, rapidjson::Document& doc) {
  auto json = Base64UrlDecode(part);
  if (!json) return false;
  doc.Parse(json->data(), json->size());
  return !doc.HasParseError() && doc.IsObject();
}

}  // namespace

TokenSigner::TokenSigner(std::string secret, Clock clock)
    : secret_(std::move(secret)), clock_(std::move(clock)) {}

std::string TokenSigner::Sign(std::string_view signing_input) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac,
       &mac_len);
  return std::string(reinterpret_cast<const char*>(mac), mac_len);
}

std::string TokenSigner::IssueAccessToken(const Principal& who, std::chrono::seconds ttl) const {
  int64_t now = EpochSeconds(clock_());
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("sub");
  w.String(who.user_id);
  w.Key("email");
  w.String(who.email);
  w.Key("role");
  std::string_view role = RoleName(who.role);
  w.String(role.data(), static_cast<rapidjson::SizeType>(role.size()));
  w.Key("iat");
  w.Int64(now);
  w.Key("exp");
  w.Int64(now + ttl.count());
  w.EndObject();
  std::string input = Base64UrlEncode(R"({"alg":"HS256","typ":"JWT"})") + "." +
                      Base64UrlEncode(std::string_view(buf.GetString(), buf.GetSize()));
  return input + "." + Base64UrlEncode(Sign(input));
}

Result<Principal> TokenSigner::VerifyAccessToken(std::string_view token) const {
  if (secret_.empty()) return Refuse("no signing key is configured");
  if (token.empty() || token.size() > kMaxTokenBytes) return Refuse("malformed");
  auto dot1 = token.find('.');
  auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return Refuse("malformed");
  }
  std::string_view header_part = token.substr(0, dot1);
  std::string_view payload_part = token.substr(dot1 + 1, dot2 - dot1 - 1);
  std::string_view signature_part = token.substr(dot2 + 1);

  rapidjson::Document header;
  if (!ParseObject(header_part, header)) return Refuse("malformed header");
  auto alg = header.FindMember("alg");
  if (alg == header.MemberEnd() || !alg->value.IsString() ||
      std::string_view(alg->value.GetString(), alg->value.GetStringLength()) != "HS256") {
    return Refuse("unsupported algorithm");
  }
  if (auto typ = header.FindMember("typ");
      typ != header.MemberEnd() &&
      (!typ->value.IsString() || std::string_view(typ->value.GetString()) != "JWT")) {
    return Refuse("unsupported type");
  }
  if (header.HasMember("crit")) return Refuse("unsupported critical header");

  auto signature = Base64UrlDecode(signature_part);
  std::string expected = Sign(token.substr(0, dot2));
  if (!signature || signature->size() != expected.size() ||
      CRYPTO_memcmp(signature->data(), expected.data(), expected.size()) != 0) {
    return Refuse("bad signature");
  }

  rapidjson::Document claims;
  if (!ParseObject(payload_part, claims)) return Refuse("malformed claims");
  auto string_claim = [&claims](const char* name) -> std::optional<std::string> {
    auto it = claims.FindMember(name);
    if (it == claims.MemberEnd() || !it->value.IsString() || it->value.GetStringLength() == 0) {
      return std::nullopt;
    }
    return std::string(it->value.GetString(), it->value.GetStringLength());
  };
  auto int_claim = [&claims](const char* name) -> std::optional<int64_t> {
    auto it = claims.FindMember(name);
    if (it == claims.MemberEnd() || !it->value.IsInt64()) return std::nullopt;
    return it->value.GetInt64();
  };
  auto sub = string_claim("sub");
  auto email = string_claim("email");
  auto role_name = string_claim("role");
  auto iat = int_claim("iat");
  auto exp = int_claim("exp");
  if (!sub || !email || !role_name || !iat || !exp) return Refuse("missing claims");
  auto role = ParseRole(*role_name);
  if (!role) return Refuse("unknown role");
  int64_t now = EpochSeconds(clock_());
  if (now >= *exp) return Refuse("expired");
  if (*iat > now + kIssuedInFutureLeewaySeconds) return Refuse("issued in the future");
  return Principal{*sub, *email, *role};
}

}  // namespace starry::marketplace
