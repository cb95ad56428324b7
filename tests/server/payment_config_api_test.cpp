// `starry serve`'s payment configuration: the Stripe gateway chosen from the environment (against
// a fake Stripe), the webhook secret generated once into the data dir, and refused settings.
#include <sys/stat.h>

#include <fstream>

#include "tests/server/payments_api_fixture.h"
#include "tests/support/fake_http_server.h"

namespace starry::server {
namespace {

using starry::testing::CannedResponse;
using starry::testing::FakeHttpServer;
using starry::testing::RunToEnd;

using PaymentConfigApiTest = PaymentsApiFixture;

TEST_F(PaymentConfigApiTest, TheStripeGatewayIsUsedWhenConfigured) {
  FakeHttpServer stripe;
  auto booking = Book(a_, 20);
  const std::string total = Scalar("SELECT total_cents FROM bookings WHERE id = '" + booking + "'");
  stripe.Enqueue({200,
                  R"({"id":"pi_fake1","object":"payment_intent","amount":)" + total +
                      R"(,"currency":"usd","client_secret":"pi_fake1_secret_x",)"
                      R"("status":"requires_payment_method","metadata":{"bookingId":")" +
                      booking + R"("}})",
                  {},
                  false});
  const std::string other = StartServer(
      other_server_, {"STARRY_PAYMENT_GATEWAY=stripe", "STRIPE_SECRET_KEY=sk_test_config",
                      "STRIPE_API_BASE=" + stripe.base_url(),
                      "STARRY_STRIPE_WEBHOOK_SECRET=" + std::string(kWebhookSecret)});
  auto r = HttpRequest("POST", other + "/v1/payments/create-intent",
                       R"({"bookingId":")" + booking + R"("})", Bearer(a_));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_STREQ(Json(r)["data"]["paymentIntentId"].GetString(), "pi_fake1");
  EXPECT_STREQ(Json(r)["data"]["clientSecret"].GetString(), "pi_fake1_secret_x");
  auto requests = stripe.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].target, "/v1/payment_intents");
  EXPECT_EQ(requests[0].headers["authorization"], "Bearer sk_test_config");
  EXPECT_EQ(requests[0].headers["idempotency-key"], "booking:" + booking + ":intent:0");
  EXPECT_TRUE(requests[0].body.starts_with("amount=" + total +
                                           "&currency=usd&metadata[bookingId]=" + booking + "&"))
      << requests[0].body;
  EXPECT_EQ(Scalar("SELECT provider FROM payments"), "stripe");

  // A card number never goes to Stripe.
  auto card = HttpRequest("POST", other + "/v1/payments/confirm",
                          R"({"paymentIntentId":"pi_fake1","paymentMethod":"4242424242424242"})",
                          Bearer(a_));
  EXPECT_EQ(card.status, 400) << card.body;
  EXPECT_EQ(stripe.requests().size(), 1u);

  // Stripe's webhook completes the payment.
  marketplace::PaymentIntent intent;
  intent.id = "pi_fake1";
  intent.amount_cents = std::stoll(total);
  intent.currency = "usd";
  intent.status = "succeeded";
  const auto payload = marketplace::EventToJson("evt_stripe_1", "payment_intent.succeeded", Now(),
                                                marketplace::IntentToJson(intent));
  auto hook = HttpRequest(
      "POST", other + "/v1/webhooks/stripe", payload,
      {{"Stripe-Signature", marketplace::SignWebhookPayload(kWebhookSecret, payload, Now())}});
  EXPECT_EQ(hook.status, 200) << hook.body;
  EXPECT_EQ(BookingStatus(booking), "confirmed");
}

TEST_F(PaymentConfigApiTest, AWebhookSecretIsGeneratedOnceAndKeptPrivate) {
  const auto file = dir_.path() / "stripe_webhook_secret";
  ASSERT_FALSE(std::filesystem::exists(file));
  const std::string other = StartServer(other_server_, {"STARRY_PAYMENT_GATEWAY=local"});
  ASSERT_TRUE(std::filesystem::exists(file));
  struct stat st {};
  ASSERT_EQ(stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::string secret;
  std::ifstream(file) >> secret;
  EXPECT_TRUE(secret.starts_with("whsec_")) << secret;
  EXPECT_GE(secret.size(), 40u);

  const std::string payload =
      marketplace::EventToJson("evt_cfg", "customer.created", Now(), R"({"id":"cus_1"})");
  auto accepted =
      HttpRequest("POST", other + "/v1/webhooks/stripe", payload,
                  {{"Stripe-Signature", marketplace::SignWebhookPayload(secret, payload, Now())}});
  EXPECT_EQ(accepted.status, 200) << accepted.body;
  auto refused = HttpRequest(
      "POST", other + "/v1/webhooks/stripe", payload,
      {{"Stripe-Signature", marketplace::SignWebhookPayload(kWebhookSecret, payload, Now())}});
  EXPECT_EQ(refused.status, 400) << refused.body;

  // A restart keeps the same secret.
  other_server_->Signal(SIGTERM);
  ASSERT_EQ(other_server_->Wait(std::chrono::seconds(20)), 0);
  const std::string again = StartServer(other_server_, {"STARRY_PAYMENT_GATEWAY=local"});
  std::string reread;
  std::ifstream(file) >> reread;
  EXPECT_EQ(reread, secret);

  // A secret others can read is refused at start.
  other_server_->Signal(SIGTERM);
  ASSERT_EQ(other_server_->Wait(std::chrono::seconds(20)), 0);
  other_server_.reset();
  chmod(file.c_str(), 0644);
  auto run = RunToEnd({STARRY_BINARY, "serve", "--port", "0"},
                      {"DATABASE_URL=" + db_.conninfo(), "STARRY_DATA_DIR=" + dir_.path().string()},
                      std::chrono::seconds(20));
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("stripe_webhook_secret"), std::string::npos) << run.output;
}

TEST_F(PaymentConfigApiTest, BadGatewaySettingsStopTheServer) {
  const std::vector<std::string> base = {"DATABASE_URL=" + db_.conninfo(),
                                         "STARRY_DATA_DIR=" + dir_.path().string(),
                                         "STARRY_STRIPE_WEBHOOK_SECRET=whsec_x"};
  for (auto [setting, message] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"STARRY_PAYMENT_GATEWAY=paypal"}, "STARRY_PAYMENT_GATEWAY"},
           {{"STARRY_PAYMENT_GATEWAY=stripe"}, "STRIPE_SECRET_KEY"},
           {{"STARRY_PAYMENT_GATEWAY=stripe", "STRIPE_SECRET_KEY=sk_test_1",
             "STRIPE_API_BASE=ftp://x"},
            "STRIPE_API_BASE"}}) {
    auto env = base;
    env.insert(env.end(), setting.begin(), setting.end());
    auto run = RunToEnd({STARRY_BINARY, "serve", "--port", "0"}, env, std::chrono::seconds(20));
    EXPECT_NE(run.exit_code, 0) << message;
    EXPECT_NE(run.output.find(message), std::string::npos) << run.output;
  }
}

}  // namespace
}  // namespace starry::server
