// The payment endpoints over real HTTP against `starry serve` (local gateway) and real
// PostgreSQL: paying and declining, webhooks delivered ten times, forged and expired signatures,
// refunds per tier, the authorization matrix, and bad input on every endpoint.
#include "tests/server/payments_api_fixture.h"

namespace starry::server {
namespace {

using PaymentsApiTest = PaymentsApiFixture;
using starry::testing::HttpRequest;
using starry::testing::HttpResponse;

TEST_F(PaymentsApiTest, PayWith4242ThenReadThePayment) {
  auto booking = Book(a_, 20);
  auto r = PostAs(&a_, "/v1/payments/create-intent", R"({"bookingId":")" + booking + R"("})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto intent = Json(r);
  const auto& data = intent["data"];
  EXPECT_EQ(data["amountCents"].GetInt64(), price_ + price_ * 15 / 100 + price_ * 5 / 100);
  EXPECT_STREQ(data["currency"].GetString(), "USD");
  std::string id = data["paymentIntentId"].GetString();
  EXPECT_TRUE(std::string(data["clientSecret"].GetString()).starts_with(id + "_secret_"));

  auto paid = Pay(a_, id, "4242 4242 4242 4242");
  ASSERT_EQ(paid.status, 200) << paid.body;
  EXPECT_STREQ(Json(paid)["data"]["status"].GetString(), "succeeded");
  EXPECT_EQ(BookingStatus(booking), "confirmed");

  auto got = GetAs(&a_, "/v1/payments/" + id);
  ASSERT_EQ(got.status, 200) << got.body;
  auto payment = Json(got);
  EXPECT_STREQ(payment["data"]["status"].GetString(), "succeeded");
  EXPECT_STREQ(payment["data"]["bookingStatus"].GetString(), "confirmed");
  EXPECT_STREQ(payment["data"]["provider"].GetString(), "local");
  auto by_uuid = GetAs(&a_, "/v1/payments/" + std::string(payment["data"]["id"].GetString()));
  EXPECT_EQ(by_uuid.status, 200) << by_uuid.body;
}

TEST_F(PaymentsApiTest, TheDeclinedCardCancelsTheBookingAndFreesTheSlot) {
  auto booking = Book(a_, 20);
  const int slots = BookedSlots();
  auto id = Intent(a_, booking);
  auto declined = Pay(a_, id, "4000 0000 0000 0002");
  ASSERT_EQ(declined.status, 402) << declined.body;
  EXPECT_STREQ(Json(declined)["error"]["code"].GetString(), "PAYMENT_FAILED");
  EXPECT_EQ(BookingStatus(booking), "cancelled");
  EXPECT_EQ(BookedSlots(), slots - 1);
  auto got = Json(GetAs(&a_, "/v1/payments/" + id));
  EXPECT_STREQ(got["data"]["status"].GetString(), "failed");
  EXPECT_STREQ(got["data"]["failureCode"].GetString(), "generic_decline");
}

TEST_F(PaymentsApiTest, AWebhookDeliveredTenTimesIsAppliedOnce) {
  auto booking = Book(a_, 20);
  const int slots = BookedSlots();
  auto id = Intent(a_, booking);
  marketplace::PaymentIntent intent;
  intent.id = id;
  intent.amount_cents =
      std::stoll(Scalar("SELECT total_cents FROM bookings WHERE id = '" + booking + "'"));
  intent.currency = "usd";
  intent.status = "requires_payment_method";
  intent.failure_code = "card_declined";
  intent.failure_message = "Your card was declined.";
  const auto payload = marketplace::EventToJson("evt_ten_times", "payment_intent.payment_failed",
                                                Now(), marketplace::IntentToJson(intent));
  int duplicates = 0;
  for (int i = 0; i < 10; ++i) {
    auto r = Webhook(payload, marketplace::SignWebhookPayload(kWebhookSecret, payload, Now()));
    ASSERT_EQ(r.status, 200) << r.body;
    duplicates += Json(r)["data"]["duplicate"].GetBool() ? 1 : 0;
  }
  EXPECT_EQ(duplicates, 9);
  EXPECT_EQ(BookingStatus(booking), "cancelled");
  EXPECT_EQ(BookedSlots(), slots - 1);  // freed once
  EXPECT_EQ(Scalar("SELECT count(*) FROM payment_events"), "1");
}

TEST_F(PaymentsApiTest, ForgedExpiredAndMissingSignaturesAreRefused) {
  auto booking = Book(a_, 20);
  auto id = Intent(a_, booking);
  marketplace::PaymentIntent intent;
  intent.id = id;
  intent.amount_cents =
      std::stoll(Scalar("SELECT total_cents FROM bookings WHERE id = '" + booking + "'"));
  intent.currency = "usd";
  intent.status = "succeeded";
  const auto payload = marketplace::EventToJson("evt_forged", "payment_intent.succeeded", Now(),
                                                marketplace::IntentToJson(intent));
  const auto before = WrittenState();
  const std::string signatures[] = {
      marketplace::SignWebhookPayload("whsec_attacker", payload, Now()),      // forged
      marketplace::SignWebhookPayload(kWebhookSecret, payload, Now() - 600),  // expired
      "t=" + std::to_string(Now()) + ",v1=" + std::string(64, 'a'),
      "",
  };
  for (const auto& signature : signatures) {
    auto r = Webhook(payload, signature);
    EXPECT_EQ(r.status, 400) << signature << " " << r.body;
    EXPECT_NE(r.body.find("Stripe-Signature"), std::string::npos) << r.body;
  }
  auto unsigned_request = HttpRequest("POST", base_ + "/v1/webhooks/stripe", payload, {});
  EXPECT_EQ(unsigned_request.status, 400);
  EXPECT_EQ(WrittenState(), before);
  EXPECT_EQ(BookingStatus(booking), "pending");
}

TEST_F(PaymentsApiTest, RefundsPerTier) {
  struct Tier {
    int days;
    long status;
    int percent;
  };
  for (Tier tier : {Tier{20, 200, 100}, Tier{5, 200, 50}, Tier{1, 409, 0}}) {
    auto booking = Book(a_, tier.days);
    auto paid = Pay(a_, Intent(a_, booking), "pm_card_visa");
    ASSERT_EQ(paid.status, 200) << paid.body;
    const int64_t total =
        std::stoll(Scalar("SELECT total_cents FROM bookings WHERE id = '" + booking + "'"));
    const int slots = BookedSlots();
    auto r = PostAs(&a_, "/v1/payments/" + booking + "/refund", "");
    ASSERT_EQ(r.status, tier.status) << tier.days << " days: " << r.body;
    if (tier.status != 200) {
      EXPECT_EQ(BookingStatus(booking), "confirmed");
      EXPECT_EQ(BookedSlots(), slots);
      continue;
    }
    auto d = Json(r);
    EXPECT_EQ(d["data"]["refundCents"].GetInt64(), total * tier.percent / 100) << tier.days;
    EXPECT_STREQ(d["data"]["bookingStatus"].GetString(), "refunded");
    EXPECT_EQ(BookedSlots(), slots - 1);
    // A second refund has nothing left to give.
    EXPECT_EQ(PostAs(&a_, "/v1/payments/" + booking + "/refund", "").status, 409);
  }
}

TEST_F(PaymentsApiTest, AuthorizationMatrix) {
  auto booking = Book(a_, 20);
  const std::string create = R"({"bookingId":")" + booking + R"("})";
  const User* anonymous = nullptr;
  // create-intent: anonymous 401; other fan and the celebrity 404; owner and admin 200.
  EXPECT_EQ(PostAs(anonymous, "/v1/payments/create-intent", create).status, 401);
  EXPECT_EQ(PostAs(&b_, "/v1/payments/create-intent", create).status, 404);
  EXPECT_EQ(PostAs(&celeb_, "/v1/payments/create-intent", create).status, 404);
  EXPECT_EQ(Scalar("SELECT count(*) FROM payments"), "0");
  auto by_admin = PostAs(&admin_, "/v1/payments/create-intent", create);
  EXPECT_EQ(by_admin.status, 200) << by_admin.body;
  auto id = Intent(a_, booking);
  EXPECT_EQ(id, Json(by_admin)["data"]["paymentIntentId"].GetString());  // one live intent

  // GET: the same rule.
  EXPECT_EQ(GetAs(anonymous, "/v1/payments/" + id).status, 401);
  EXPECT_EQ(GetAs(&b_, "/v1/payments/" + id).status, 404);
  EXPECT_EQ(GetAs(&celeb_, "/v1/payments/" + id).status, 404);
  EXPECT_EQ(GetAs(&a_, "/v1/payments/" + id).status, 200);
  EXPECT_EQ(GetAs(&admin_, "/v1/payments/" + id).status, 200);

  // confirm.
  const std::string confirm =
      R"({"paymentIntentId":")" + id + R"(","paymentMethod":"pm_card_visa"})";
  EXPECT_EQ(PostAs(anonymous, "/v1/payments/confirm", confirm).status, 401);
  EXPECT_EQ(PostAs(&b_, "/v1/payments/confirm", confirm).status, 404);
  EXPECT_EQ(PostAs(&celeb_, "/v1/payments/confirm", confirm).status, 404);
  EXPECT_EQ(BookingStatus(booking), "pending");
  EXPECT_EQ(PostAs(&a_, "/v1/payments/confirm", confirm).status, 200);

  // refund: anonymous, the other fan and the celebrity change nothing; the admin refunds.
  const std::string refund = "/v1/payments/" + booking + "/refund";
  EXPECT_EQ(PostAs(anonymous, refund, "").status, 401);
  EXPECT_EQ(PostAs(&b_, refund, "").status, 404);
  EXPECT_EQ(PostAs(&celeb_, refund, "").status, 404);
  EXPECT_EQ(BookingStatus(booking), "confirmed");
  auto refunded = PostAs(&admin_, refund, "");
  EXPECT_EQ(refunded.status, 200) << refunded.body;

  // A bad token is no token; the admin token is not a user token.
  User forged{a_.id, a_.token + "x"};
  EXPECT_EQ(GetAs(&forged, "/v1/payments/" + id).status, 401);
  User admin_token{"", starry::testing::kAdminToken};
  EXPECT_EQ(GetAs(&admin_token, "/v1/payments/" + id).status, 401);
}

TEST_F(PaymentsApiTest, BadInputOnEveryEndpointWritesNothing) {
  auto booking = Book(a_, 20);
  auto id = Intent(a_, booking);
  const auto before = WrittenState();
  const std::string sql = "x'; DROP TABLE payments; --";
  const std::string big(20 * 1024, 'a');
  struct Case {
    std::string method, path, body;
    long status;
  };
  const Case cases[] = {
      {"POST", "/v1/payments/create-intent", "", 400},
      {"POST", "/v1/payments/create-intent", "{}", 400},
      {"POST", "/v1/payments/create-intent", "[1]", 400},
      {"POST", "/v1/payments/create-intent", "{\"bookingId\":", 400},
      {"POST", "/v1/payments/create-intent", R"({"bookingId":42})", 400},
      {"POST", "/v1/payments/create-intent", R"({"bookingId":null})", 400},
      {"POST", "/v1/payments/create-intent", R"({"bookingId":""})", 400},
      {"POST", "/v1/payments/create-intent", R"({"bookingId":")" + sql + R"("})", 400},
      {"POST", "/v1/payments/create-intent",
       R"({"bookingId":"00000000-0000-4000-8000-000000000999"})", 404},
      {"POST", "/v1/payments/create-intent", R"({"bookingId":")" + big + R"("})", 413},
      {"POST", "/v1/payments/confirm", "{}", 400},
      {"POST", "/v1/payments/confirm", R"({"paymentIntentId":["pi_1"]})", 400},
      {"POST", "/v1/payments/confirm", R"({"paymentIntentId":")" + sql + R"("})", 400},
      {"POST", "/v1/payments/confirm", R"({"paymentIntentId":"pi_unknown"})", 404},
      {"POST", "/v1/payments/confirm", R"({"paymentIntentId":")" + id + R"(","paymentMethod":7})",
       400},
      {"POST", "/v1/payments/confirm",
       R"({"paymentIntentId":")" + id + R"(","paymentMethod":")" + sql + R"("})", 400},
      {"POST", "/v1/payments/confirm",
       R"({"paymentIntentId":")" + id + R"(","paymentMethod":"4111 1111 1111 1111"})", 400},
      {"POST", "/v1/payments/confirm", R"({"paymentIntentId":")" + id + R"("})", 400},
      {"POST", "/v1/payments/confirm", big, 413},
      {"GET", "/v1/payments/not-an-id", "", 400},
      {"GET", "/v1/payments/x%27%20OR%20%271%27%3D%271", "", 400},
      {"GET", "/v1/payments/00000000-0000-4000-8000-000000000999", "", 404},
      {"GET", "/v1/payments/pi_unknown", "", 404},
      {"POST", "/v1/payments/not-a-uuid/refund", "", 400},
      {"POST", "/v1/payments/x%27%3B%20DROP/refund", "", 400},
      {"POST", "/v1/payments/00000000-0000-4000-8000-000000000999/refund", "", 404},
      {"POST", "/v1/payments/" + booking + "/refund", "", 409},  // not paid
      {"POST", "/v1/webhooks/stripe", "", 400},
      {"POST", "/v1/webhooks/stripe", sql, 400},
  };
  for (const auto& c : cases) {
    auto r = c.method == "GET" ? GetAs(&a_, c.path) : PostAs(&a_, c.path, c.body);
    EXPECT_EQ(r.status, c.status) << c.method << " " << c.path << " " << c.body.substr(0, 80)
                                  << " -> " << r.body.substr(0, 300);
    auto d = Json(r);
    ASSERT_TRUE(d.IsObject() && d.HasMember("error")) << r.body.substr(0, 300);
    EXPECT_TRUE(d["error"]["message"].IsString());
    EXPECT_EQ(r.body.find("pqxx"), std::string::npos) << r.body;
  }
  // Signed, but not an event.
  for (std::string body : {std::string("{}"), std::string("[]"), sql,
                           std::string(R"({"id":"evt_1","object":"event","type":"x"})")}) {
    auto r = Webhook(body, marketplace::SignWebhookPayload(kWebhookSecret, body, Now()));
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
  }
  EXPECT_EQ(WrittenState(), before);
  EXPECT_EQ(BookingStatus(booking), "pending");
}

}  // namespace
}  // namespace starry::server
