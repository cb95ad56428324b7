#include "marketplace/webhook_signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>
#include <vector>

namespace starry::marketplace {
namespace {

std::string Hmac(std::string_view secret, std::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::string SignedPayload(int64_t timestamp, std::string_view payload) {
  std::string message = std::to_string(timestamp);
  message.push_back('.');
  message.append(payload);
  return message;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::unexpected<Error> Invalid(std::string why) {
  return MakeError(ErrorCode::kInvalidArgument, "Stripe-Signature: " + std::move(why));
}

}  // namespace

std::string SignWebhookPayload(std::string_view secret, std::string_view payload,
                               int64_t timestamp) {
  return "t=" + std::to_string(timestamp) +
         ",v1=" + Hex(Hmac(secret, SignedPayload(timestamp, payload)));
}

Status VerifyWebhookSignature(std::string_view secret, std::string_view payload,
                              std::string_view header, TimePoint now,
                              std::chrono::seconds tolerance) {
  if (secret.empty()) {
    return MakeError(ErrorCode::kFailedPrecondition, "no webhook secret is configured");
  }
  if (Trim(header).empty()) return Invalid("header is missing");
  if (header.size() > 4096) return Invalid("header is too long");

  bool have_timestamp = false;
  int64_t timestamp = 0;
  std::vector<std::string_view> signatures;
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view item = Trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    auto eq = item.find('=');
    if (eq == std::string_view::npos) return Invalid("malformed item (expected key=value)");
    std::string_view key = item.substr(0, eq);
    std::string_view value = item.substr(eq + 1);
    if (key == "t") {
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), timestamp);
      if (ec != std::errc() || end != value.data() + value.size() || value.empty()) {
        return Invalid("timestamp t is not a number");
      }
      have_timestamp = true;
    } else if (key == "v1") {
      signatures.push_back(value);
    }
  }
  if (!have_timestamp) return Invalid("no timestamp t");
  if (signatures.empty()) return Invalid("no v1 signature");

  const int64_t now_seconds =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const int64_t age = now_seconds - timestamp;
  if (age > tolerance.count() || -age > tolerance.count()) {
    return Invalid("timestamp is outside the tolerance window");
  }

  const std::string expected = Hex(Hmac(secret, SignedPayload(timestamp, payload)));
  bool matched = false;
  for (std::string_view candidate : signatures) {
    // Lengths are public (always 64 hex digits); the content is compared in constant time,
    // and every candidate is compared so the position of a match does not leak either.
    if (candidate.size() == expected.size() &&
        CRYPTO_memcmp(candidate.data(), expected.data(), expected.size()) == 0) {
      matched = true;
    }
  }
  if (!matched) return Invalid("no signature matches the payload");
  return {};
}

}  // namespace starry::marketplace
