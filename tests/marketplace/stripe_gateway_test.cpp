// StripeGateway against a fake Stripe started by the test: the exact requests it sends, its
// retries, and how each of Stripe's error types maps to a domain error.
#include "marketplace/stripe_gateway.h"

#include <gtest/gtest.h>

#include "tests/support/fake_http_server.h"

namespace starry::marketplace {
namespace {

using testing::CannedResponse;
using testing::FakeHttpServer;

constexpr const char* kIntentJson = R"({
  "id": "pi_123", "object": "payment_intent", "amount": 11800, "currency": "usd",
  "client_secret": "pi_123_secret_abc", "status": "requires_payment_method",
  "metadata": {"bookingId": "b-1"}, "payment_method": null, "latest_charge": null,
  "last_payment_error": null})";

std::string ErrorJson(const std::string& type, const std::string& code,
                      const std::string& message) {
  return R"({"error":{"type":")" + type + R"(","code":")" + code + R"(","message":")" + message +
         R"("}})";
}

class StripeGatewayTest : public ::testing::Test {
 protected:
  StripeGateway Gateway(int max_retries = 2) {
    StripeClientOptions options;
    options.base_url = server_.base_url();
    options.secret_key = "sk_test_secret";
    options.max_retries = max_retries;
    options.initial_backoff = std::chrono::milliseconds(1);
    options.max_backoff = std::chrono::milliseconds(4);
    options.connect_timeout = std::chrono::milliseconds(1000);
    options.request_timeout = std::chrono::milliseconds(2000);
    return StripeGateway(options);
  }
  CreateIntentRequest Create() {
    return CreateIntentRequest{11800, "USD", "b-1", "booking:b-1:intent:0"};
  }

  FakeHttpServer server_;
};

TEST_F(StripeGatewayTest, CreateIntentSendsTheExactRequest) {
  server_.Enqueue({200, kIntentJson, {}, false});
  auto intent = Gateway().CreateIntent(Create());
  ASSERT_TRUE(intent.has_value()) << intent.error().message;
  EXPECT_EQ(intent->id, "pi_123");
  EXPECT_EQ(intent->client_secret, "pi_123_secret_abc");
  EXPECT_EQ(intent->amount_cents, 11800);
  EXPECT_EQ(intent->currency, "usd");
  EXPECT_EQ(intent->status, "requires_payment_method");
  EXPECT_EQ(intent->booking_id, "b-1");

  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  const auto& r = requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/v1/payment_intents");
  EXPECT_EQ(r.body,
            "amount=11800&currency=usd&metadata[bookingId]=b-1"
            "&automatic_payment_methods[enabled]=true"
            "&automatic_payment_methods[allow_redirects]=never");
  EXPECT_EQ(r.headers.at("authorization"), "Bearer sk_test_secret");
  EXPECT_EQ(r.headers.at("content-type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(r.headers.at("idempotency-key"), "booking:b-1:intent:0");
  EXPECT_EQ(r.headers.at("stripe-version"), "2024-06-20");
}

TEST_F(StripeGatewayTest, MetadataValuesArePercentEncoded) {
  server_.Enqueue({200, kIntentJson, {}, false});
  auto request = Create();
  request.booking_id = "a b&c=d/é";
  ASSERT_TRUE(Gateway().CreateIntent(request).has_value());
  EXPECT_NE(server_.requests()[0].body.find("metadata[bookingId]=a%20b%26c%3Dd%2F%C3%A9&"),
            std::string::npos)
      << server_.requests()[0].body;
}

TEST_F(StripeGatewayTest, ConfirmRetrieveAndRefundUseStripesPaths) {
  server_.Enqueue({200, kIntentJson, {}, false});
  server_.Enqueue({200, kIntentJson, {}, false});
  server_.Enqueue({200,
                   R"({"id":"re_1","object":"refund","amount":5900,"payment_intent":"pi_123",)"
                   R"("status":"succeeded"})",
                   {},
                   false});
  auto gateway = Gateway();
  ASSERT_TRUE(gateway.ConfirmIntent({"pi_123", "pm_card_visa", "pi_123:confirm:pm_card_visa"}));
  ASSERT_TRUE(gateway.RetrieveIntent("pi_123"));
  auto refund = gateway.Refund({"pi_123", 5900, "b-1", "booking:b-1:refund"});
  ASSERT_TRUE(refund.has_value()) << refund.error().message;
  EXPECT_EQ(refund->id, "re_1");
  EXPECT_EQ(refund->amount_cents, 5900);

  auto r = server_.requests();
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].method, "POST");
  EXPECT_EQ(r[0].target, "/v1/payment_intents/pi_123/confirm");
  EXPECT_EQ(r[0].body, "payment_method=pm_card_visa");
  EXPECT_EQ(r[0].headers.at("idempotency-key"), "pi_123:confirm:pm_card_visa");
  EXPECT_EQ(r[1].method, "GET");
  EXPECT_EQ(r[1].target, "/v1/payment_intents/pi_123");
  EXPECT_EQ(r[1].body, "");
  EXPECT_EQ(r[1].headers.count("idempotency-key"), 0u);
  EXPECT_EQ(r[1].headers.at("authorization"), "Bearer sk_test_secret");
  EXPECT_EQ(r[2].method, "POST");
  EXPECT_EQ(r[2].target, "/v1/refunds");
  EXPECT_EQ(r[2].body, "payment_intent=pi_123&amount=5900&metadata[bookingId]=b-1");
  EXPECT_EQ(r[2].headers.at("idempotency-key"), "booking:b-1:refund");
}

TEST_F(StripeGatewayTest, CardNumbersAndOddIdsNeverReachStripe) {
  auto gateway = Gateway();
  auto card = gateway.ConfirmIntent({"pi_123", "4242 4242 4242 4242", "k"});
  ASSERT_FALSE(card.has_value());
  EXPECT_EQ(card.error().code, ErrorCode::kInvalidArgument);
  auto digits = gateway.ConfirmIntent({"pi_123", "4242424242424242", "k"});
  ASSERT_FALSE(digits.has_value());
  EXPECT_EQ(digits.error().code, ErrorCode::kInvalidArgument);
  auto path = gateway.RetrieveIntent("pi_1/../../v1/charges");
  ASSERT_FALSE(path.has_value());
  EXPECT_EQ(path.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(StripeGatewayTest, RetriesReuseTheIdempotencyKey) {
  server_.Enqueue({0, "", {}, true});  // connection error
  server_.Enqueue({409, ErrorJson("idempotency_error", "", "concurrent request"), {}, false});
  server_.Enqueue({200, kIntentJson, {}, false});
  auto intent = Gateway().CreateIntent(Create());
  ASSERT_TRUE(intent.has_value()) << intent.error().message;
  auto r = server_.requests();
  ASSERT_EQ(r.size(), 3u);
  for (const auto& request : r) {
    EXPECT_EQ(request.headers.at("idempotency-key"), "booking:b-1:intent:0");
    EXPECT_EQ(request.body, r[0].body);
  }
}

TEST_F(StripeGatewayTest, RateLimitIsRetriedThenReported) {
  for (int i = 0; i < 3; ++i) {
    server_.Enqueue({429, ErrorJson("invalid_request_error", "rate_limit", "Too many"), {}, false});
  }
  auto intent = Gateway(2).CreateIntent(Create());
  ASSERT_FALSE(intent.has_value());
  EXPECT_EQ(intent.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(server_.requests().size(), 3u);  // the first attempt and two retries
}

TEST_F(StripeGatewayTest, ServerErrorsAreRetriedOnlyWhenStripeSaysSo) {
  server_.Enqueue({500, ErrorJson("api_error", "", "boom"), {}, false});
  auto once = Gateway().CreateIntent(Create());
  ASSERT_FALSE(once.has_value());
  EXPECT_EQ(once.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(server_.requests().size(), 1u);

  server_.Enqueue(
      {503, ErrorJson("api_error", "", "busy"), {{"Stripe-Should-Retry", "true"}}, false});
  server_.Enqueue({200, kIntentJson, {}, false});
  ASSERT_TRUE(Gateway().CreateIntent(Create()).has_value());
  EXPECT_EQ(server_.requests().size(), 3u);

  // Stripe-Should-Retry: false wins even over a 409.
  server_.Enqueue({409,
                   ErrorJson("idempotency_error", "", "keys reused"),
                   {{"Stripe-Should-Retry", "false"}},
                   false});
  auto refused = Gateway().CreateIntent(Create());
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(server_.requests().size(), 4u);
}

TEST_F(StripeGatewayTest, CardErrorsAndBadRequestsAreNotRetried) {
  server_.Enqueue({402,
                   R"({"error":{"type":"card_error","code":"card_declined",)"
                   R"("decline_code":"generic_decline","message":"Your card was declined."}})",
                   {},
                   false});
  auto declined = Gateway().ConfirmIntent({"pi_123", "pm_card_chargeDeclined", "k1"});
  ASSERT_FALSE(declined.has_value());
  EXPECT_EQ(declined.error().code, ErrorCode::kPaymentFailed);
  EXPECT_NE(declined.error().message.find("Your card was declined."), std::string::npos);
  EXPECT_NE(declined.error().message.find("generic_decline"), std::string::npos);
  EXPECT_EQ(server_.requests().size(), 1u);
}

struct ErrorCase {
  int status;
  std::string type;
  ErrorCode expected;
};

TEST_F(StripeGatewayTest, EachErrorTypeMapsToADomainError) {
  const ErrorCase cases[] = {
      {400, "invalid_request_error", ErrorCode::kInvalidArgument},
      {404, "invalid_request_error", ErrorCode::kNotFound},
      {402, "card_error", ErrorCode::kPaymentFailed},
      {401, "invalid_request_error", ErrorCode::kInternal},  // authentication
      {403, "invalid_request_error", ErrorCode::kInternal},  // restricted key, no permission
      {500, "api_error", ErrorCode::kUnavailable},
      {502, "", ErrorCode::kUnavailable},  // a proxy's HTML page, no Stripe JSON
  };
  for (const auto& c : cases) {
    server_.Enqueue(
        {c.status,
         c.type.empty() ? "<html>bad gateway</html>" : ErrorJson(c.type, "x", "message"),
         {},
         false});
    auto result = Gateway(0).RetrieveIntent("pi_123");
    ASSERT_FALSE(result.has_value()) << c.status;
    EXPECT_EQ(result.error().code, c.expected) << c.status << " " << c.type;
  }
}

TEST_F(StripeGatewayTest, UnreachableStripeIsUnavailable) {
  StripeClientOptions options;
  options.base_url = "http://127.0.0.1:1";  // nothing listens on port 1
  options.secret_key = "sk_test_x";
  options.max_retries = 1;
  options.initial_backoff = std::chrono::milliseconds(1);
  auto result = StripeGateway(options).CreateIntent(Create());
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kUnavailable);
}

TEST_F(StripeGatewayTest, ASlowStripeTimesOutAndIsRetriedWithTheSameKey) {
  server_.Enqueue({200, kIntentJson, {}, false, std::chrono::milliseconds(500)});
  server_.Enqueue({200, kIntentJson, {}, false});
  StripeClientOptions options;
  options.base_url = server_.base_url();
  options.secret_key = "sk_test_secret";
  options.max_retries = 1;
  // The fake answers one connection at a time: the retry (after 300-600 ms of backoff) must
  // come after it finished the slow answer (500 ms).
  options.initial_backoff = std::chrono::milliseconds(600);
  options.request_timeout = std::chrono::milliseconds(300);
  const auto start = std::chrono::steady_clock::now();
  auto intent = StripeGateway(options).CreateIntent(Create());
  ASSERT_TRUE(intent.has_value()) << intent.error().message;
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].headers.at("idempotency-key"), requests[0].headers.at("idempotency-key"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));

  server_.Enqueue({200, kIntentJson, {}, false, std::chrono::milliseconds(1000)});
  options.max_retries = 0;
  auto timed_out = StripeGateway(options).CreateIntent(Create());
  ASSERT_FALSE(timed_out.has_value());
  EXPECT_EQ(timed_out.error().code, ErrorCode::kUnavailable);
}

TEST_F(StripeGatewayTest, A2xxThatIsNotAnIntentIsUnavailable) {
  server_.Enqueue({200, "{\"object\":\"list\"}", {}, false});
  auto result = Gateway().RetrieveIntent("pi_123");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace starry::marketplace
