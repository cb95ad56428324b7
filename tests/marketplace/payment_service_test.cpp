// PaymentService over real PostgreSQL with the local gateway and its webhooks wired in.
#include "marketplace/payment_service.h"

#include <thread>

#include "tests/marketplace/payment_fixture.h"

namespace starry::marketplace {
namespace {

using PaymentServiceTest = PaymentFixture;

TEST_F(PaymentServiceTest, CreateIntentChargesTheBookingTotalOnce) {
  auto booking = Book(kFanA, 1);
  auto intent = service_->CreateIntent(User(kFanA), booking);
  ASSERT_TRUE(intent.has_value()) << intent.error().message;
  EXPECT_EQ(intent->amount_cents, 12000);
  EXPECT_EQ(intent->currency, "USD");
  EXPECT_TRUE(intent->payment_intent_id.starts_with("pi_"));
  EXPECT_TRUE(intent->client_secret.starts_with(intent->payment_intent_id + "_secret_"));
  auto again = service_->CreateIntent(User(kFanA), booking);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->payment_intent_id, intent->payment_intent_id);
  EXPECT_EQ(again->client_secret, intent->client_secret);
  EXPECT_EQ(Query("SELECT count(*) FROM payments"), "1");
  EXPECT_EQ(Query("SELECT count(*) FROM local_payment_intents"), "1");
  EXPECT_EQ(Query("SELECT provider || ' ' || amount_cents || ' ' || status FROM payments"),
            "local 12000 requires_payment_method");
}

TEST_F(PaymentServiceTest, RacingCreateIntentCallsShareOneIntent) {
  auto booking = Book(kFanA, 1);
  std::vector<std::string> ids(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < ids.size(); ++i) {
    threads.emplace_back([&, i] {
      auto intent = service_->CreateIntent(User(kFanA), booking);
      ids[i] = intent ? intent->payment_intent_id : "error: " + intent.error().message;
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& id : ids) EXPECT_EQ(id, ids[0]);
  EXPECT_TRUE(ids[0].starts_with("pi_")) << ids[0];
  EXPECT_EQ(Query("SELECT count(*) FROM payments"), "1");
  EXPECT_EQ(Query("SELECT count(*) FROM local_payment_intents"), "1");
}

TEST_F(PaymentServiceTest, OnlyTheOwnerOrAnAdminSeesTheBooking) {
  auto booking = Book(kFanA, 1);
  auto other = service_->CreateIntent(User(kFanB), booking);
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
  auto celebrity = service_->CreateIntent(Principal{kCelebUser, "", Role::kCelebrity}, booking);
  ASSERT_FALSE(celebrity.has_value());
  EXPECT_EQ(celebrity.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Query("SELECT count(*) FROM payments"), "0");
  auto admin = service_->CreateIntent(Admin(), booking);
  ASSERT_TRUE(admin.has_value());
  auto seen = service_->Get(User(kFanB), admin->payment_intent_id);
  ASSERT_FALSE(seen.has_value());
  EXPECT_EQ(seen.error().code, ErrorCode::kNotFound);
  auto confirm = service_->Confirm(User(kFanB), admin->payment_intent_id, "pm_card_visa");
  ASSERT_FALSE(confirm.has_value());
  EXPECT_EQ(confirm.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(BookingStatus(booking), "pending");
}

TEST_F(PaymentServiceTest, BadAndUnknownIds) {
  for (std::string id :
       {"", "not-a-uuid", "'; DROP TABLE bookings; --", "00000000-0000-4000-8000-00000000000z"}) {
    auto r = service_->CreateIntent(User(kFanA), id);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << id;
    EXPECT_NE(r.error().message.find("bookingId"), std::string::npos);
  }
  auto unknown = service_->CreateIntent(User(kFanA), "00000000-0000-4000-8000-000000000999");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->Get(User(kFanA), "pi_unknown").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->Get(User(kFanA), "x' OR '1'='1").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(service_->Confirm(User(kFanA), "pi/../x", "pm_card_visa").error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(Query("SELECT count(*) FROM payments"), "0");
}

TEST_F(PaymentServiceTest, PayingWith4242ConfirmsTheBooking) {
  auto booking = Book(kFanA, 1);
  auto intent = service_->CreateIntent(User(kFanA), booking);
  ASSERT_TRUE(intent.has_value());
  auto paid = service_->Confirm(User(kFanA), intent->payment_intent_id, "4242 4242 4242 4242");
  ASSERT_TRUE(paid.has_value()) << paid.error().message;
  EXPECT_EQ(paid->status, "succeeded");  // the local gateway's webhook already arrived
  EXPECT_EQ(paid->booking_status, "confirmed");
  EXPECT_EQ(BookingStatus(booking), "confirmed");
  EXPECT_EQ(BookedSlots(), 1);
  auto by_id = service_->Get(User(kFanA), paid->id);
  ASSERT_TRUE(by_id.has_value());
  EXPECT_EQ(by_id->payment_intent_id, intent->payment_intent_id);
  EXPECT_EQ(Query("SELECT count(*) FROM payment_events WHERE type = 'payment_intent.succeeded'"),
            "1");
  // Paid: neither a new intent nor a second confirm.
  EXPECT_EQ(service_->CreateIntent(User(kFanA), booking).error().code, ErrorCode::kConflict);
  EXPECT_EQ(service_->Confirm(User(kFanA), intent->payment_intent_id, "pm_card_visa").error().code,
            ErrorCode::kConflict);
}

TEST_F(PaymentServiceTest, ADeclinedCardCancelsTheBookingAndFreesTheSlot) {
  auto booking = Book(kFanA, 1);
  ASSERT_EQ(BookedSlots(), 1);
  auto intent = service_->CreateIntent(User(kFanA), booking);
  ASSERT_TRUE(intent.has_value());
  auto declined = service_->Confirm(User(kFanA), intent->payment_intent_id, "4000 0000 0000 0002");
  ASSERT_FALSE(declined.has_value());
  EXPECT_EQ(declined.error().code, ErrorCode::kPaymentFailed);
  EXPECT_EQ(BookingStatus(booking), "cancelled");
  EXPECT_EQ(Query("SELECT cancelled_by FROM bookings"), "system");
  EXPECT_EQ(BookedSlots(), 0);
  auto payment = service_->Get(User(kFanA), intent->payment_intent_id);
  ASSERT_TRUE(payment.has_value());
  EXPECT_EQ(payment->status, "failed");
  EXPECT_EQ(payment->failure_code, "generic_decline");
}

TEST_F(PaymentServiceTest, UnknownCardsChangeNothing) {
  auto booking = Book(kFanA, 1);
  auto intent = service_->CreateIntent(User(kFanA), booking);
  ASSERT_TRUE(intent.has_value());
  auto bad = service_->Confirm(User(kFanA), intent->payment_intent_id, "1234");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(BookingStatus(booking), "pending");
  EXPECT_EQ(Query("SELECT status FROM payments"), "requires_payment_method");
}

TEST_F(PaymentServiceTest, OnlyPendingUnexpiredBookingsCanBePaid) {
  auto expired = Book(kFanA, 1);
  Exec("UPDATE bookings SET expires_at = now() - interval '1 minute' WHERE id = '" + expired + "'");
  EXPECT_EQ(service_->CreateIntent(User(kFanA), expired).error().code, ErrorCode::kConflict);
  auto cancelled = Book(kFanA, 2);
  Exec("UPDATE bookings SET status = 'cancelled' WHERE id = '" + cancelled + "'");
  EXPECT_EQ(service_->CreateIntent(User(kFanA), cancelled).error().code, ErrorCode::kConflict);
  EXPECT_EQ(Query("SELECT count(*) FROM payments"), "0");

  // The clock moves past the window between create-intent and confirm.
  auto late = Book(kFanA, 3);
  auto intent = service_->CreateIntent(User(kFanA), late);
  ASSERT_TRUE(intent.has_value());
  now_ += std::chrono::minutes(31);
  EXPECT_EQ(service_->Confirm(User(kFanA), intent->payment_intent_id, "pm_card_visa").error().code,
            ErrorCode::kConflict);
  EXPECT_EQ(Query("SELECT status FROM local_payment_intents"), "requires_payment_method");
}

}  // namespace
}  // namespace starry::marketplace
