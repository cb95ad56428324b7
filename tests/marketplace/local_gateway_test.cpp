// LocalGateway against real PostgreSQL: Stripe's lifecycle and test cards, idempotency,
// persistence across instances, and the signed events it emits.
#include "marketplace/local_gateway.h"

#include <gtest/gtest.h>

#include "marketplace/intent_json.h"
#include "marketplace/webhook_signature.h"
#include "tests/support/test_database.h"

namespace starry::marketplace {
namespace {

constexpr const char* kSecret = "whsec_local_test";

class LocalGatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    gateway_ = std::make_unique<LocalGateway>(db_.conninfo(), kSecret);
    gateway_->SetWebhookSink([this](const std::string& payload, const std::string& signature) {
      // What the server's webhook endpoint does first: verify, then parse.
      auto verified = VerifyWebhookSignature(kSecret, payload, signature, SystemClock()());
      EXPECT_TRUE(verified.has_value()) << signature;
      auto event = ParseEventJson(payload);
      EXPECT_TRUE(event.has_value()) << payload;
      if (event) events_.push_back(*event);
      return Status();
    });
  }

  PaymentIntent NewIntent(const std::string& key = "k-create") {
    auto intent = gateway_->CreateIntent({11800, "USD", "booking-1", key});
    EXPECT_TRUE(intent.has_value()) << intent.error().message;
    return *intent;
  }

  testing::TestDatabase db_;
  std::unique_ptr<LocalGateway> gateway_;
  std::vector<WebhookEvent> events_;
};

TEST_F(LocalGatewayTest, CreateIsIdempotentPerKey) {
  auto a = NewIntent("k1");
  EXPECT_TRUE(a.id.starts_with("pi_"));
  EXPECT_TRUE(a.client_secret.starts_with(a.id + "_secret_"));
  EXPECT_EQ(a.status, "requires_payment_method");
  EXPECT_EQ(a.currency, "usd");
  EXPECT_EQ(a.booking_id, "booking-1");
  EXPECT_EQ(NewIntent("k1").id, a.id);
  EXPECT_NE(NewIntent("k2").id, a.id);
  auto reused = gateway_->CreateIntent({999, "USD", "booking-1", "k1"});
  ASSERT_FALSE(reused.has_value());
  EXPECT_EQ(reused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(events_.empty());
}

TEST_F(LocalGatewayTest, The4242CardSucceedsWithSpacesAndEmitsSucceeded) {
  auto intent = NewIntent();
  auto paid = gateway_->ConfirmIntent({intent.id, "4242 4242 4242 4242", "k-confirm"});
  ASSERT_TRUE(paid.has_value()) << paid.error().message;
  EXPECT_EQ(paid->status, "succeeded");
  EXPECT_EQ(paid->payment_method, "pm_card_visa");
  EXPECT_TRUE(paid->latest_charge.starts_with("ch_"));
  ASSERT_EQ(events_.size(), 1u);
  EXPECT_EQ(events_[0].type, "payment_intent.succeeded");
  EXPECT_TRUE(events_[0].id.starts_with("evt_"));
  EXPECT_EQ(events_[0].intent.id, intent.id);
  EXPECT_EQ(events_[0].intent.amount_cents, 11800);
  EXPECT_EQ(events_[0].intent.booking_id, "booking-1");

  // Replaying the same confirm returns the same result and emits nothing new.
  auto again = gateway_->ConfirmIntent({intent.id, "4242 4242 4242 4242", "k-confirm"});
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->latest_charge, paid->latest_charge);
  EXPECT_EQ(events_.size(), 1u);
  // A new confirm of a succeeded intent is refused, as Stripe does.
  auto twice = gateway_->ConfirmIntent({intent.id, "pm_card_visa", "k-other"});
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(LocalGatewayTest, DeclinedCardsFailAndEmitPaymentFailed) {
  for (std::string card : {"4000 0000 0000 0002", "pm_card_chargeDeclined"}) {
    events_.clear();
    auto intent = NewIntent("k-" + card);
    auto result = gateway_->ConfirmIntent({intent.id, card, "k-confirm-" + card});
    ASSERT_FALSE(result.has_value()) << card;
    EXPECT_EQ(result.error().code, ErrorCode::kPaymentFailed);
    EXPECT_NE(result.error().message.find("generic_decline"), std::string::npos);
    ASSERT_EQ(events_.size(), 1u);
    EXPECT_EQ(events_[0].type, "payment_intent.payment_failed");
    EXPECT_EQ(events_[0].intent.failure_code, "generic_decline");
    EXPECT_EQ(events_[0].intent.failure_message, "Your card was declined.");
    auto stored = gateway_->RetrieveIntent(intent.id);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->status, "requires_payment_method");
    EXPECT_EQ(stored->failure_code, "generic_decline");
  }
}

TEST_F(LocalGatewayTest, UnknownCardsAndMissingMethodsChangeNothing) {
  auto intent = NewIntent();
  for (std::string method : {"", "4111 1111 1111 1112", "pm_card_unknown", "'; DROP TABLE x;--"}) {
    auto result = gateway_->ConfirmIntent({intent.id, method, ""});
    ASSERT_FALSE(result.has_value()) << method;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << method;
  }
  EXPECT_TRUE(events_.empty());
  EXPECT_EQ(gateway_->RetrieveIntent(intent.id)->status, "requires_payment_method");
  auto missing = gateway_->ConfirmIntent({"pi_nope", "pm_card_visa", ""});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(LocalGatewayTest, RefundsAddUpAndNeverExceedTheCharge) {
  auto intent = NewIntent();
  ASSERT_TRUE(gateway_->Refund({intent.id, 100, "booking-1", "r0"}).error().code ==
              ErrorCode::kInvalidArgument);  // nothing paid yet
  ASSERT_TRUE(gateway_->ConfirmIntent({intent.id, "pm_card_visa", "c"}).has_value());
  events_.clear();
  auto half = gateway_->Refund({intent.id, 5900, "booking-1", "r1"});
  ASSERT_TRUE(half.has_value()) << half.error().message;
  EXPECT_TRUE(half->id.starts_with("re_"));
  ASSERT_EQ(events_.size(), 1u);
  EXPECT_EQ(events_[0].type, "charge.refunded");
  EXPECT_EQ(events_[0].charge.intent_id, intent.id);
  EXPECT_EQ(events_[0].charge.amount_cents, 11800);
  EXPECT_EQ(events_[0].charge.amount_refunded_cents, 5900);
  // Same key: replayed, not refunded twice.
  EXPECT_EQ(gateway_->Refund({intent.id, 5900, "booking-1", "r1"})->id, half->id);
  EXPECT_EQ(events_.size(), 1u);
  auto too_much = gateway_->Refund({intent.id, 5901, "booking-1", "r2"});
  ASSERT_FALSE(too_much.has_value());
  EXPECT_EQ(too_much.error().code, ErrorCode::kInvalidArgument);
  ASSERT_TRUE(gateway_->Refund({intent.id, 5900, "booking-1", "r3"}).has_value());
  EXPECT_EQ(events_.back().charge.amount_refunded_cents, 11800);
}

TEST_F(LocalGatewayTest, IntentsSurviveARestart) {
  auto intent = NewIntent();
  ASSERT_TRUE(gateway_->ConfirmIntent({intent.id, "pm_card_visa", "c"}).has_value());
  LocalGateway restarted(db_.conninfo(), kSecret);
  auto found = restarted.RetrieveIntent(intent.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->status, "succeeded");
  EXPECT_EQ(found->client_secret, intent.client_secret);
  EXPECT_EQ(restarted.CreateIntent({11800, "usd", "booking-1", "k-create"})->id, intent.id);
}

}  // namespace
}  // namespace starry::marketplace
