#include "marketplace/stripe_client.h"

#include <curl/curl.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <memory>
#include <random>
#include <thread>

#include "marketplace/payment_gateway.h"

namespace starry::marketplace {
namespace {

struct Attempt {
  bool transport_failed = false;
  std::string transport_error;
  long status = 0;
  std::string body;
  std::string should_retry;  // Stripe-Should-Retry header ("true"/"false"), lower-case
};

size_t OnBody(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

size_t OnHeader(char* data, size_t size, size_t n, void* out) {
  std::string_view line(data, size * n);
  constexpr std::string_view kName = "stripe-should-retry:";
  if (line.size() > kName.size()) {
    std::string lower(line.substr(0, kName.size()));
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == kName) {
      std::string value;
      for (char c : line.substr(kName.size())) {
        if (!std::isspace(static_cast<unsigned char>(c))) {
          value.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        }
      }
      static_cast<Attempt*>(out)->should_retry = value;
    }
  }
  return size * n;
}

// Whether Stripe allows retrying this outcome. Every POST carries an idempotency key, so a
// retried request is never performed twice.
bool Retryable(const Attempt& a) {
  if (a.transport_failed) return true;
  if (a.should_retry == "false") return false;
  if (a.should_retry == "true") return true;
  return a.status == 409 || a.status == 429;
}

Error ErrorFromResponse(const Attempt& a) {
  if (a.transport_failed) return PaymentError(ProviderError::kConnection, a.transport_error);
  std::string type, code, decline_code, message;
  rapidjson::Document doc;
  doc.Parse(a.body.c_str(), a.body.size());
  if (!doc.HasParseError() && doc.IsObject() && doc.HasMember("error") && doc["error"].IsObject()) {
    const auto& e = doc["error"];
    auto text = [&e](const char* key) {
      auto it = e.FindMember(key);
      return it != e.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString())
                                                         : std::string();
    };
    type = text("type");
    code = text("code");
    decline_code = text("decline_code");
    message = text("message");
  }
  if (message.empty()) message = "HTTP " + std::to_string(a.status) + " from Stripe";
  std::string detail = message;
  if (!code.empty()) detail += " (" + code + (decline_code.empty() ? "" : "/" + decline_code) + ")";

  if (a.status == 401 || a.status == 403) {
    std::cerr << "starry: Stripe rejected our credentials: " << detail << "\n";
    return PaymentError(ProviderError::kAuthentication, detail);
  }
  if (a.status == 402 || type == "card_error")
    return PaymentError(ProviderError::kCardError, detail);
  if (a.status == 429) return PaymentError(ProviderError::kRateLimit, detail);
  if (a.status >= 500 || type == "api_error") return PaymentError(ProviderError::kApiError, detail);
  if (a.status == 404) return PaymentError(ProviderError::kNotFound, detail);
  if (a.status == 409 || type == "idempotency_error") {
    return PaymentError(ProviderError::kIdempotency, detail);
  }
  return PaymentError(ProviderError::kInvalidRequest, detail);
}

}  // namespace

StripeClient::StripeClient(StripeClientOptions options) : options_(std::move(options)) {
  while (!options_.base_url.empty() && options_.base_url.back() == '/')
    options_.base_url.pop_back();
}

Result<std::string> StripeClient::Post(std::string_view path, const FormFields& fields,
                                       std::string_view idempotency_key) const {
  if (idempotency_key.empty()) {
    return MakeError(ErrorCode::kInternal, "a Stripe POST needs an idempotency key");
  }
  return Send("POST", path, FormEncode(fields), idempotency_key);
}

Result<std::string> StripeClient::Get(std::string_view path) const {
  return Send("GET", path, "", "");
}

Result<std::string> StripeClient::Send(std::string_view method, std::string_view path,
                                       const std::string& body,
                                       std::string_view idempotency_key) const {
  const std::string url = options_.base_url + std::string(path);
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr, curl_slist_free_all);
  auto add = [&headers](const std::string& line) {
    headers.reset(curl_slist_append(headers.release(), line.c_str()));
  };
  add("Authorization: Bearer " + options_.secret_key);
  add("Stripe-Version: " + options_.api_version);
  add("User-Agent: starry/1.0");
  add("Expect:");  // no 100-continue round trip
  if (method == "POST") {
    add("Content-Type: application/x-www-form-urlencoded");
    add("Idempotency-Key: " + std::string(idempotency_key));
  }

  std::mt19937 rng(std::random_device{}());
  Attempt a;
  for (int attempt = 0;; ++attempt) {
    a = Attempt();
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) return MakeError(ErrorCode::kInternal, "curl_easy_init failed");
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    if (method == "POST") {
      curl_easy_setopt(c, CURLOPT_POST, 1L);
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    }
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.request_timeout.count()));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &a.body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &a);
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
      a.transport_failed = true;
      a.transport_error = curl_easy_strerror(rc);
    } else {
      curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.status);
      if (a.status >= 200 && a.status < 300) return a.body;
    }
    if (attempt >= options_.max_retries || !Retryable(a)) break;
    std::chrono::milliseconds delay = options_.initial_backoff * (1LL << std::min(attempt, 20));
    delay = std::min(delay, options_.max_backoff);
    // Jitter in [delay/2, delay], so clients retrying together spread out.
    std::uniform_int_distribution<long long> jitter(delay.count() / 2, delay.count());
    std::this_thread::sleep_for(std::chrono::milliseconds(jitter(rng)));
  }
  return std::unexpected(ErrorFromResponse(a));
}

}  // namespace starry::marketplace
