// WebhookProcessor: verification first, each event applied exactly once, out-of-order
// deliveries harmless, a late payment refunded automatically.
#include "marketplace/webhook_processor.h"

#include "marketplace/intent_json.h"
#include "marketplace/webhook_signature.h"
#include "tests/marketplace/payment_fixture.h"

namespace starry::marketplace {
namespace {

int64_t UnixSecondsOf(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

class WebhookProcessorTest : public PaymentFixture {
 protected:
  // A pending booking of fan A with an intent (not yet confirmed).
  void SetUp() override {
    PaymentFixture::SetUp();
    booking_ = Book(kFanA, 1);
    auto intent = service_->CreateIntent(User(kFanA), booking_);
    ASSERT_TRUE(intent.has_value());
    intent_.id = intent->payment_intent_id;
    intent_.amount_cents = intent->amount_cents;
    intent_.currency = "usd";
    intent_.booking_id = booking_;
    intent_.client_secret = intent->client_secret;
  }

  std::string Event(const std::string& id, const std::string& type, const std::string& object) {
    return EventToJson(id, type, UnixSecondsOf(now_), object);
  }
  std::string IntentEvent(const std::string& id, const std::string& type,
                          const std::string& status) {
    PaymentIntent intent = intent_;
    intent.status = status;
    if (type == "payment_intent.payment_failed") {
      intent.failure_code = "insufficient_funds";
      intent.failure_message = "Your card has insufficient funds.";
    }
    return Event(id, type, IntentToJson(intent));
  }
  std::string RefundEvent(const std::string& id, int64_t cumulative) {
    return Event(id, "charge.refunded",
                 ChargeToJson({"ch_1", intent_.id, 12000, cumulative, "usd", booking_}));
  }
  Result<WebhookOutcome> Deliver(const std::string& payload) {
    return processor_->Handle(payload,
                              SignWebhookPayload(kWebhookSecret, payload, UnixSecondsOf(now_)));
  }
  std::string PaymentStatus() { return Query("SELECT status FROM payments"); }

  std::string booking_;
  PaymentIntent intent_;
};

TEST_F(WebhookProcessorTest, SucceededConfirmsTheBooking) {
  auto outcome = Deliver(IntentEvent("evt_ok", "payment_intent.succeeded", "succeeded"));
  ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
  EXPECT_FALSE(outcome->duplicate);
  EXPECT_EQ(PaymentStatus(), "succeeded");
  EXPECT_EQ(BookingStatus(booking_), "confirmed");
}

TEST_F(WebhookProcessorTest, AnEventDeliveredTenTimesIsAppliedOnce) {
  const auto payload =
      IntentEvent("evt_fail", "payment_intent.payment_failed", "requires_payment_method");
  ASSERT_EQ(BookedSlots(), 1);
  int duplicates = 0;
  for (int i = 0; i < 10; ++i) {
    auto outcome = Deliver(payload);
    ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
    duplicates += outcome->duplicate ? 1 : 0;
  }
  EXPECT_EQ(duplicates, 9);
  EXPECT_EQ(BookedSlots(), 0);  // freed once, not ten times
  EXPECT_EQ(BookingStatus(booking_), "cancelled");
  EXPECT_EQ(PaymentStatus(), "failed");
  EXPECT_EQ(Query("SELECT failure_code FROM payments"), "insufficient_funds");
  EXPECT_EQ(Query("SELECT count(*) FROM payment_events"), "1");
}

TEST_F(WebhookProcessorTest, ForgedExpiredOrMalformedDeliveriesChangeNothing) {
  const auto payload = IntentEvent("evt_x", "payment_intent.succeeded", "succeeded");
  const int64_t t = UnixSecondsOf(now_);
  const std::string cases[] = {
      SignWebhookPayload("whsec_forged", payload, t),
      SignWebhookPayload(kWebhookSecret, payload, t - 301),
      "",
      "t=" + std::to_string(t) + ",v1=deadbeef",
  };
  for (const auto& header : cases) {
    auto outcome = processor_->Handle(payload, header);
    ASSERT_FALSE(outcome.has_value()) << header;
    EXPECT_EQ(outcome.error().code, ErrorCode::kInvalidArgument);
  }
  // Signed, but not an event.
  for (std::string body :
       {std::string("not json"), std::string("{}"),
        std::string(R"({"id":"evt_1","object":"event","type":"x"})"),
        std::string("{\"id\":\"evt_\xff\",\"object\":\"event\",\"type\":\"x.y\",\"data\":"
                    "{\"object\":{}}}"),
        std::string(
            R"({"id":"evt_a\u0000b","object":"event","type":"x.y","data":{"object":{}}})")}) {
    auto outcome = processor_->Handle(body, SignWebhookPayload(kWebhookSecret, body, t));
    ASSERT_FALSE(outcome.has_value()) << body;
    EXPECT_EQ(outcome.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_EQ(Query("SELECT count(*) FROM payment_events"), "0");
  EXPECT_EQ(BookingStatus(booking_), "pending");
  EXPECT_EQ(PaymentStatus(), "requires_payment_method");
}

TEST_F(WebhookProcessorTest, AnEscapedNulIsRefusedOnlyInTheFieldsThatAreKept) {
  // In the intent's id (kept and compared): refused, nothing recorded.
  PaymentIntent bad = intent_;
  bad.id = intent_.id + std::string(1, '\0') + "x";
  auto refused = Deliver(Event("evt_nul", "payment_intent.succeeded", IntentToJson(bad)));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Query("SELECT count(*) FROM payment_events"), "0");

  // In a field we never read, or an escaped backslash before "u0000": applied as usual.
  PaymentIntent good = intent_;
  good.status = "succeeded";
  std::string object = IntentToJson(good);
  object.insert(1, R"("description":"a\\u0000b \u0000 c",)");
  auto applied = Deliver(Event("evt_fine", "payment_intent.succeeded", object));
  ASSERT_TRUE(applied.has_value()) << applied.error().message;
  EXPECT_EQ(PaymentStatus(), "succeeded");
  EXPECT_EQ(BookingStatus(booking_), "confirmed");
}

TEST_F(WebhookProcessorTest, AFailureArrivingAfterSuccessChangesNothing) {
  ASSERT_TRUE(Deliver(IntentEvent("evt_1", "payment_intent.succeeded", "succeeded")));
  auto late =
      Deliver(IntentEvent("evt_0", "payment_intent.payment_failed", "requires_payment_method"));
  ASSERT_TRUE(late.has_value());
  EXPECT_EQ(PaymentStatus(), "succeeded");
  EXPECT_EQ(BookingStatus(booking_), "confirmed");
  EXPECT_EQ(BookedSlots(), 1);
}

TEST_F(WebhookProcessorTest, RefundsTakeTheLargestCumulativeAmount) {
  ASSERT_TRUE(Deliver(IntentEvent("evt_1", "payment_intent.succeeded", "succeeded")));
  ASSERT_TRUE(Deliver(RefundEvent("evt_r2", 12000)));
  EXPECT_EQ(PaymentStatus(), "refunded");
  EXPECT_EQ(BookingStatus(booking_), "refunded");
  EXPECT_EQ(BookedSlots(), 0);  // refunded while confirmed: the slot is back on sale
  // An older partial refund event arriving late does not lower anything.
  ASSERT_TRUE(Deliver(RefundEvent("evt_r1", 6000)));
  EXPECT_EQ(PaymentStatus(), "refunded");
  EXPECT_EQ(Query("SELECT refunded_cents FROM payments"), "12000");
  EXPECT_EQ(Query("SELECT refund_cents FROM bookings"), "12000");
  EXPECT_EQ(BookedSlots(), 0);
}

TEST_F(WebhookProcessorTest, PartialRefundIsPartiallyRefunded) {
  ASSERT_TRUE(Deliver(IntentEvent("evt_1", "payment_intent.succeeded", "succeeded")));
  ASSERT_TRUE(Deliver(RefundEvent("evt_r1", 6000)));
  EXPECT_EQ(PaymentStatus(), "partially_refunded");
  EXPECT_EQ(Query("SELECT refunded_cents FROM payments"), "6000");
}

TEST_F(WebhookProcessorTest, MoneyForAnExpiredBookingIsRefundedAutomatically) {
  // The real gateway pays (so a refund is possible), but the booking expired in between.
  Exec("UPDATE bookings SET status = 'expired' WHERE id = '" + booking_ + "'");
  gateway_->SetWebhookSink(nullptr);  // hold the success event back...
  ASSERT_TRUE(gateway_->ConfirmIntent({intent_.id, "pm_card_visa", "c1"}).has_value());
  gateway_->SetWebhookSink([this](const std::string& payload, const std::string& signature) {
    auto outcome = processor_->Handle(payload, signature);
    return outcome ? Status() : Status(std::unexpected(outcome.error()));
  });
  // ...and deliver it now.
  auto outcome = Deliver(IntentEvent("evt_late", "payment_intent.succeeded", "succeeded"));
  ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
  EXPECT_NE(outcome->effect.find("refunding"), std::string::npos) << outcome->effect;
  EXPECT_EQ(Query("SELECT amount_refunded_cents FROM local_payment_intents"), "12000");
  EXPECT_EQ(PaymentStatus(), "refunded");
  EXPECT_EQ(BookingStatus(booking_), "refunded");
  EXPECT_EQ(Query("SELECT refund_cents FROM bookings"), "12000");
}

TEST_F(WebhookProcessorTest, CanceledFreesTheLiveIntentButNotAPaidOne) {
  ASSERT_TRUE(Deliver(IntentEvent("evt_c", "payment_intent.canceled", "canceled")));
  EXPECT_EQ(PaymentStatus(), "canceled");
  EXPECT_EQ(BookingStatus(booking_), "pending");
  // The booking can get a new intent now.
  auto next = service_->CreateIntent(User(kFanA), booking_);
  ASSERT_TRUE(next.has_value()) << next.error().message;
  EXPECT_NE(next->payment_intent_id, intent_.id);
  EXPECT_EQ(Query("SELECT count(*) FROM payments"), "2");
}

TEST_F(WebhookProcessorTest, CanceledAfterSuccessChangesNothing) {
  ASSERT_TRUE(Deliver(IntentEvent("evt_1", "payment_intent.succeeded", "succeeded")));
  ASSERT_TRUE(Deliver(IntentEvent("evt_c", "payment_intent.canceled", "canceled")));
  EXPECT_EQ(PaymentStatus(), "succeeded");
  EXPECT_EQ(BookingStatus(booking_), "confirmed");
}

TEST_F(WebhookProcessorTest, UnknownIntentsAndTypesAreAcknowledged) {
  PaymentIntent stranger = intent_;
  stranger.id = "pi_not_ours";
  auto a = Deliver(Event("evt_s", "payment_intent.succeeded", IntentToJson(stranger)));
  ASSERT_TRUE(a.has_value());
  auto b = Deliver(Event("evt_c", "customer.created", R"({"id":"cus_1","object":"customer"})"));
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(Query("SELECT count(*) FROM payment_events"), "2");
  EXPECT_EQ(BookingStatus(booking_), "pending");
}

TEST_F(WebhookProcessorTest, AnAmountThatDiffersIsNotAccepted) {
  PaymentIntent cheaper = intent_;
  cheaper.amount_cents = 1;
  cheaper.status = "succeeded";
  ASSERT_TRUE(Deliver(Event("evt_cheap", "payment_intent.succeeded", IntentToJson(cheaper))));
  EXPECT_EQ(BookingStatus(booking_), "pending");
  EXPECT_EQ(PaymentStatus(), "requires_payment_method");
}

}  // namespace
}  // namespace starry::marketplace
