// Login throttling with a test clock: per account, per IP, sliding window, Retry-After values.
#include "marketplace/login_rate_limiter.h"

#include <gtest/gtest.h>

namespace starry::marketplace {
namespace {

using namespace std::chrono_literals;

struct TestClock {
  TimePoint now = TimePoint(std::chrono::seconds(1'800'000'000));
  Clock clock() {
    return [this] { return now; };
  }
};

TEST(LoginRateLimiterTest, BlocksAnAccountAfterItsLimitUntilTheWindowSlides) {
  TestClock t;
  LoginRateLimiter limiter({.per_account = 3, .per_ip = 100, .window = 60s}, t.clock());
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(limiter.RetryAfter("a@x.io", "10.0.0.1")) << i;
    limiter.RecordFailure("a@x.io", "10.0.0.1");
    t.now += 10s;
  }
  // Failures at 0, 10, 20 s; now 30 s: the first ages out at 60 s.
  auto wait = limiter.RetryAfter("a@x.io", "10.0.0.9");  // any IP: the account is blocked
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 30s);
  EXPECT_FALSE(limiter.RetryAfter("b@x.io", "10.0.0.1"));  // other accounts are not
  t.now += 29s;
  EXPECT_EQ(limiter.RetryAfter("a@x.io", "10.0.0.1"), std::optional(1s));
  t.now += 1s;
  EXPECT_FALSE(limiter.RetryAfter("a@x.io", "10.0.0.1"));
}

TEST(LoginRateLimiterTest, BlocksAnIpSprayingManyAccounts) {
  TestClock t;
  LoginRateLimiter limiter({.per_account = 3, .per_ip = 5, .window = 100s}, t.clock());
  for (int i = 0; i < 5; ++i)
    limiter.RecordFailure("user" + std::to_string(i) + "@x.io", "1.2.3.4");
  auto wait = limiter.RetryAfter("fresh@x.io", "1.2.3.4");
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 100s);
  EXPECT_FALSE(limiter.RetryAfter("fresh@x.io", "1.2.3.5"));
}

TEST(LoginRateLimiterTest, SuccessClearsTheAccountButNotTheIp) {
  TestClock t;
  LoginRateLimiter limiter({.per_account = 2, .per_ip = 3, .window = 60s}, t.clock());
  limiter.RecordFailure("a@x.io", "ip");
  limiter.RecordSuccess("a@x.io");
  limiter.RecordFailure("a@x.io", "ip");
  EXPECT_FALSE(limiter.RetryAfter("a@x.io", "other-ip"));  // one failure since the success
  limiter.RecordFailure("b@x.io", "ip");
  EXPECT_TRUE(limiter.RetryAfter("c@x.io", "ip"));  // three from this IP
}

TEST(LoginRateLimiterTest, ManyKeysArePrunedOnceOutOfTheWindow) {
  TestClock t;
  LoginRateLimiter limiter(
      {.per_account = 1, .per_ip = 1000, .window = 10s, .max_tracked_keys = 10}, t.clock());
  limiter.RecordFailure("old@x.io", "ip-old");
  EXPECT_TRUE(limiter.RetryAfter("old@x.io", "ip-new"));
  t.now += 11s;
  for (int i = 0; i < 20; ++i) limiter.RecordFailure(std::to_string(i), "ip-" + std::to_string(i));
  EXPECT_FALSE(limiter.RetryAfter("old@x.io", "ip-new"));
  EXPECT_TRUE(limiter.RetryAfter("19", "ip-new"));
}

}  // namespace
}  // namespace starry::marketplace
