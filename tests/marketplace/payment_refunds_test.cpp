// Refunds through PaymentService: each tier of the policy against an injected clock, never more
// than was paid, the slot freed, and the provider's charge.refunded closing the booking.
#include "tests/marketplace/payment_fixture.h"

namespace starry::marketplace {
namespace {

class PaymentRefundsTest : public PaymentFixture {
 protected:
  // A confirmed booking of fan A, paid with 4242 now; returns its id.
  std::string PaidBooking(int number) {
    auto booking = Book(kFanA, number);
    auto intent = service_->CreateIntent(User(kFanA), booking);
    EXPECT_TRUE(intent.has_value());
    EXPECT_TRUE(service_->Confirm(User(kFanA), intent->payment_intent_id, "4242424242424242"));
    EXPECT_EQ(BookingStatus(booking), "confirmed");
    return booking;
  }
  TimePoint MeetingStart(const std::string& booking) {
    return TimePoint(std::chrono::seconds(
        std::stoll(Query("SELECT extract(epoch FROM (b.meeting_date + b.meeting_time) AT TIME ZONE "
                         "'America/Los_Angeles')::bigint FROM bookings b WHERE b.id = '" +
                         booking + "'"))));
  }
  std::string Of(const std::string& column, const std::string& booking) {
    return Query("SELECT " + column +
                 " FROM bookings b JOIN payments p ON p.booking_id = b.id "
                 "WHERE b.id = '" +
                 booking + "'");
  }
};

TEST_F(PaymentRefundsTest, SevenDaysOrMoreBeforeRefundsEverything) {
  auto booking = PaidBooking(1);
  now_ = MeetingStart(booking) - std::chrono::hours(24 * 7);
  auto refund = service_->Refund(User(kFanA), booking);
  ASSERT_TRUE(refund.has_value()) << refund.error().message;
  EXPECT_EQ(refund->refund_cents, 12000);
  EXPECT_EQ(refund->paid_cents, 12000);
  EXPECT_TRUE(refund->refund_id.starts_with("re_"));
  EXPECT_EQ(refund->booking_status, "refunded");  // charge.refunded already arrived
  EXPECT_EQ(Of("p.status", booking), "refunded");
  EXPECT_EQ(Of("p.refunded_cents", booking), "12000");
  EXPECT_EQ(Of("b.refund_cents", booking), "12000");
  EXPECT_EQ(Of("b.cancelled_by", booking), "fan");
  EXPECT_EQ(BookedSlots(), 0);
  // Nothing is left to refund.
  auto again = service_->Refund(User(kFanA), booking);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Query("SELECT amount_refunded_cents FROM local_payment_intents"), "12000");
}

TEST_F(PaymentRefundsTest, ThreeToSixDaysBeforeRefundsHalf) {
  auto booking = PaidBooking(1);
  now_ = MeetingStart(booking) - std::chrono::hours(24 * 6 + 23);
  auto refund = service_->Refund(User(kFanA), booking);
  ASSERT_TRUE(refund.has_value()) << refund.error().message;
  EXPECT_EQ(refund->refund_cents, 6000);
  EXPECT_EQ(Of("p.status", booking), "partially_refunded");
  EXPECT_EQ(Of("b.status", booking), "refunded");
  EXPECT_EQ(Of("b.refund_cents", booking), "6000");
  EXPECT_EQ(BookedSlots(), 0);
  // A second call finds the decided refund fully sent: nothing more.
  EXPECT_EQ(service_->Refund(User(kFanA), booking).error().code, ErrorCode::kConflict);
  EXPECT_EQ(Query("SELECT amount_refunded_cents FROM local_payment_intents"), "6000");
}

TEST_F(PaymentRefundsTest, LessThanThreeDaysBeforeRefundsNothingAndChangesNothing) {
  auto booking = PaidBooking(1);
  now_ = MeetingStart(booking) - std::chrono::hours(24 * 3 - 1);
  auto refund = service_->Refund(User(kFanA), booking);
  ASSERT_FALSE(refund.has_value());
  EXPECT_EQ(refund.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Of("b.status", booking), "confirmed");
  EXPECT_EQ(Of("p.status", booking), "succeeded");
  EXPECT_EQ(BookedSlots(), 1);
}

TEST_F(PaymentRefundsTest, AnAdminRefundsInFull) {
  auto booking = PaidBooking(1);
  now_ = MeetingStart(booking) - std::chrono::hours(1);
  auto refund = service_->Refund(Admin(), booking);
  ASSERT_TRUE(refund.has_value()) << refund.error().message;
  EXPECT_EQ(refund->refund_cents, 12000);
  EXPECT_EQ(Of("b.cancelled_by", booking), "admin");
}

TEST_F(PaymentRefundsTest, OthersAndUnpaidBookingsGetNothing) {
  auto booking = PaidBooking(1);
  now_ = MeetingStart(booking) - std::chrono::hours(24 * 10);
  EXPECT_EQ(service_->Refund(User(kFanB), booking).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->Refund(Principal{kCelebUser, "", Role::kCelebrity}, booking).error().code,
            ErrorCode::kNotFound);
  auto pending = Book(kFanA, 2);
  EXPECT_EQ(service_->Refund(User(kFanA), pending).error().code, ErrorCode::kConflict);
  EXPECT_EQ(service_->Refund(User(kFanA), "nope").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Of("b.status", booking), "confirmed");
  EXPECT_EQ(Query("SELECT count(*) FROM local_refunds"), "0");
}

TEST_F(PaymentRefundsTest, ACancellationsOwedRefundIsSettledOnce) {
  // The bookings cancel flow: the booking is cancelled with a refund owed, then settled.
  auto booking = PaidBooking(1);
  Exec(
      "UPDATE bookings SET status = 'cancelled', cancelled_by = 'celebrity', refund_cents = "
      "12000 WHERE id = '" +
      booking + "'");
  auto settled = service_->SettleRefund(booking);
  ASSERT_TRUE(settled.has_value()) << settled.error().message;
  ASSERT_TRUE(settled->has_value());
  EXPECT_EQ((*settled)->refund_cents, 12000);
  EXPECT_EQ(Of("b.status", booking), "refunded");
  auto again = service_->SettleRefund(booking);
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(again->has_value());
  EXPECT_EQ(Query("SELECT count(*) FROM local_refunds"), "1");
}

}  // namespace
}  // namespace starry::marketplace
