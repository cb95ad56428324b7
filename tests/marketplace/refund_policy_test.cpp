// The refund policy and the price breakdown: pure functions, tables of cases.
#include "marketplace/refund_policy.h"

#include <gtest/gtest.h>

#include "marketplace/booking_pricing.h"

namespace starry::marketplace {
namespace {

using namespace std::chrono_literals;

TEST(RefundPolicyTest, TiersByTimeBeforeTheMeeting) {
  const TimePoint start = TimePoint(std::chrono::seconds(1'900'000'000));
  struct Case {
    std::chrono::seconds before;
    int64_t expected;
  };
  const Case cases[] = {
      {std::chrono::days(30), 11501},    {std::chrono::days(7), 11501},  // exactly 7 days: full
      {std::chrono::days(7) - 1s, 5750},  // a second less: half, rounded down
      {std::chrono::days(5), 5750},      {std::chrono::days(3), 5750},  // exactly 3 days: half
      {std::chrono::days(3) - 1s, 0},                                   // under 3 days: nothing
      {std::chrono::hours(1), 0},        {0s, 0},
      {-std::chrono::days(1), 0},  // after the start
  };
  for (const auto& c : cases) {
    EXPECT_EQ(RefundCents(11501, start, start - c.before, CancelledBy::kFan), c.expected)
        << c.before.count();
    // The celebrity, an admin or the system cancelling: always everything.
    for (auto by : {CancelledBy::kCelebrity, CancelledBy::kAdmin, CancelledBy::kSystem}) {
      EXPECT_EQ(RefundCents(11501, start, start - c.before, by), 11501);
    }
  }
  EXPECT_EQ(RefundCents(0, start, start - std::chrono::days(30), CancelledBy::kFan), 0);
  EXPECT_EQ(RefundCents(-5, start, start, CancelledBy::kAdmin), 0);
}

TEST(RefundPolicyTest, CancelledByNamesRoundTrip) {
  for (auto by :
       {CancelledBy::kFan, CancelledBy::kCelebrity, CancelledBy::kAdmin, CancelledBy::kSystem}) {
    EXPECT_EQ(ParseCancelledBy(CancelledByName(by)), by);
  }
  EXPECT_FALSE(ParseCancelledBy("Fan"));
}

TEST(BookingPricingTest, FeeAndTaxRoundHalfUpAndAlwaysSum) {
  struct Case {
    int64_t price, fee, tax;
  };
  const Case cases[] = {
      {10000, 1500, 500},  // $100.00: $15.00 fee, $5.00 tax
      {9999, 1500, 500},   // 1499.85 -> 1500; 499.95 -> 500
      {1, 1500, 500},      // 0.15 -> 0, 0.05 -> 0
      {10, 1500, 500},     // 1.5 -> 2, 0.5 -> 1
      {123457, 1500, 500},
  };
  const PriceBreakdown expected[] = {
      {10000, 1500, 500, 12000},     {9999, 1500, 500, 11999}, {1, 0, 0, 1}, {10, 2, 1, 13},
      {123457, 18519, 6173, 148149},
  };
  for (size_t i = 0; i < std::size(cases); ++i) {
    auto p = PriceFor(cases[i].price, 1500, 500);
    EXPECT_EQ(p.platform_fee_cents, expected[i].platform_fee_cents) << cases[i].price;
    EXPECT_EQ(p.tax_cents, expected[i].tax_cents) << cases[i].price;
    EXPECT_EQ(p.total_cents, p.price_cents + p.platform_fee_cents + p.tax_cents);
  }
  auto zero = PriceFor(5000, 0, 0);
  EXPECT_EQ(zero.total_cents, 5000);
}

}  // namespace
}  // namespace starry::marketplace
