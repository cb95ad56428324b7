// The fan's whole journey over HTTP against `starry serve` (local gateway): register, log in,
// search, book, create an intent, pay, the webhook confirms, and the taken slot leaves search;
// the declined card's path; and a paid booking cancelled through the bookings API is refunded
// through the gateway.
#include "tests/marketplace/booking_catalog.h"
#include "tests/server/payments_api_fixture.h"

namespace starry::server {
namespace {

using starry::testing::TestCelebrity;

class PaymentJourneyApiTest : public PaymentsApiFixture {
 protected:
  void SetUp() override {
    PaymentsApiFixture::SetUp();
    catalog_ = std::make_unique<starry::testing::BookingCatalog>(*conn_);
    star_ = catalog_->Celebrity("zelda");
  }

  // Registers and logs in like a client would; returns the login's access token.
  User SignUp(const std::string& email) {
    auto reg = Post("/v1/auth/register", R"({"email":")" + email +
                                             R"(","password":"Secret-pass-1","firstName":"F",)"
                                             R"("lastName":"L"})");
    EXPECT_EQ(reg.status, 201) << reg.body;
    auto login =
        Post("/v1/auth/login", R"({"email":")" + email + R"(","password":"Secret-pass-1"})");
    EXPECT_EQ(login.status, 200) << login.body;
    auto d = Json(login);
    return {d["data"]["user"]["id"].GetString(), d["data"]["token"].GetString()};
  }
  // Whether search lists the celebrity as available in Los Angeles on `day`.
  bool Available(const std::string& day) {
    auto s = HttpGet(base_ + "/v1/celebrities?city=Los+Angeles&availableFrom=" + day +
                     "&availableTo=" + day + "&limit=100");
    EXPECT_EQ(s.status, 200) << s.body;
    auto j = Json(s);
    if (!j.HasMember("data")) return false;
    for (const auto& c : j["data"]["celebrities"].GetArray()) {
      if (c["id"] == star_.id.c_str()) return true;
    }
    return false;
  }
  std::string BookViaApi(const User& fan, const std::string& date) {
    auto r =
        PostAs(&fan, "/v1/bookings",
               R"({"celebrityId":")" + star_.id + R"(","meetingTypeId":")" + star_.meeting_type_id +
                   R"(","availableDateId":")" + date + R"(","time":"11:00"})");
    EXPECT_EQ(r.status, 201) << r.body;
    auto d = Json(r);
    EXPECT_STREQ(d["data"]["status"].GetString(), "pending");
    return d["data"]["id"].GetString();
  }
  std::string Day(const std::string& date) {
    return Scalar("SELECT date::text FROM available_dates WHERE id = '" + date + "'");
  }

  std::unique_ptr<starry::testing::BookingCatalog> catalog_;
  TestCelebrity star_;
};

TEST_F(PaymentJourneyApiTest, RegisterSearchBookPayConfirmAndTheSlotLeavesSearch) {
  auto fan = SignUp("journey@example.com");
  const auto date = catalog_->Date(star_, 12, 1);  // one slot: taking it empties the day
  const auto day = Day(date);

  // Search finds the celebrity by name and as available that day (after the index sync).
  ASSERT_TRUE(Eventually(
      [&] {
        auto s = HttpGet(base_ + "/v1/search/celebrities?q=zelda");
        return s.status == 200 && s.body.find(star_.id) != std::string::npos;
      },
      std::chrono::seconds(15)));
  ASSERT_TRUE(Eventually([&] { return Available(day); }, std::chrono::seconds(15)));

  const auto booking = BookViaApi(fan, date);
  auto intent = PostAs(&fan, "/v1/payments/create-intent", R"({"bookingId":")" + booking + R"("})");
  ASSERT_EQ(intent.status, 200) << intent.body;
  auto i = Json(intent);
  EXPECT_EQ(i["data"]["amountCents"].GetInt64(), 12000);  // 10000 + 15% fee + 5% tax
  const std::string pi = i["data"]["paymentIntentId"].GetString();

  auto paid = Pay(fan, pi, "4242 4242 4242 4242");
  ASSERT_EQ(paid.status, 200) << paid.body;
  // The local gateway's signed payment_intent.succeeded went through the webhook path.
  EXPECT_EQ(Scalar("SELECT count(*) FROM payment_events WHERE type = 'payment_intent.succeeded' "
                   "AND payment_intent_id = '" +
                   pi + "'"),
            "1");
  auto read = GetAs(&fan, "/v1/bookings/" + booking);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_STREQ(Json(read)["data"]["status"].GetString(), "confirmed");
  EXPECT_STREQ(Json(GetAs(&fan, "/v1/payments/" + pi))["data"]["status"].GetString(), "succeeded");

  // The day's only slot is taken: search stops listing the celebrity for it.
  EXPECT_TRUE(Eventually([&] { return !Available(day); }, std::chrono::seconds(15)));
}

TEST_F(PaymentJourneyApiTest, TheDeclinedCardGivesTheSlotBack) {
  auto fan = SignUp("declined@example.com");
  const auto date = catalog_->Date(star_, 12, 1);
  const auto day = Day(date);
  const auto booking = BookViaApi(fan, date);
  EXPECT_TRUE(Eventually([&] { return !Available(day); }, std::chrono::seconds(15)));

  auto declined = Pay(fan, Intent(fan, booking), "4000 0000 0000 0002");
  ASSERT_EQ(declined.status, 402) << declined.body;
  auto read = Json(GetAs(&fan, "/v1/bookings/" + booking));
  EXPECT_STREQ(read["data"]["status"].GetString(), "cancelled");
  EXPECT_EQ(Scalar("SELECT booked_slots FROM available_dates WHERE id = '" + date + "'"), "0");
  EXPECT_TRUE(Eventually([&] { return Available(day); }, std::chrono::seconds(15)));
}

TEST_F(PaymentJourneyApiTest, CancellingAPaidBookingRefundsThroughTheGateway) {
  auto fan = SignUp("cancel@example.com");
  const auto date = catalog_->Date(star_, 12, 2);
  const auto booking = BookViaApi(fan, date);
  const auto pi = Intent(fan, booking);
  ASSERT_EQ(Pay(fan, pi, "pm_card_visa").status, 200);

  auto cancelled = PostAs(&fan, "/v1/bookings/" + booking + "/cancel", "{}");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  // 12 days ahead: the fan gets everything back, and the provider's charge.refunded closed it.
  auto payment = Json(GetAs(&fan, "/v1/payments/" + pi));
  EXPECT_STREQ(payment["data"]["status"].GetString(), "refunded");
  EXPECT_EQ(payment["data"]["refundedCents"].GetInt64(), 12000);
  EXPECT_STREQ(payment["data"]["bookingStatus"].GetString(), "refunded");
  EXPECT_EQ(Scalar("SELECT count(*) FROM local_refunds"), "1");
  EXPECT_EQ(
      Scalar("SELECT amount_refunded_cents FROM local_payment_intents WHERE id = '" + pi + "'"),
      "12000");
  // Cancelling again changes nothing and refunds nothing more.
  EXPECT_EQ(PostAs(&fan, "/v1/bookings/" + booking + "/cancel", "{}").status, 409);
  EXPECT_EQ(Scalar("SELECT count(*) FROM local_refunds"), "1");
}

}  // namespace
}  // namespace starry::server
