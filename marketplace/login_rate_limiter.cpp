#include "marketplace/login_rate_limiter.h"

#include <algorithm>

namespace starry::marketplace {
namespace {

std::string AccountKey(std::string_view account) { return "a:" + std::string(account); }
std::string IpKey(std::string_view ip) { return "i:" + std::string(ip); }

}  // namespace

LoginRateLimiter::LoginRateLimiter(LoginLimits limits, Clock clock)
    : limits_(limits), clock_(std::move(clock)) {}

std::optional<std::chrono::seconds> LoginRateLimiter::Blocked(const Key& key, int limit,
                                                              TimePoint now) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return std::nullopt;
  auto& times = it->second;
  while (!times.empty() && times.front() + limits_.window <= now) times.pop_front();
  if (static_cast<int>(times.size()) < limit) return std::nullopt;
  // Free again when enough of the oldest failures have aged out to go below the limit.
  TimePoint free_at = times[times.size() - static_cast<size_t>(limit)] + limits_.window;
  auto wait = std::chrono::ceil<std::chrono::seconds>(free_at - now);
  return std::max(wait, std::chrono::seconds(1));
}

std::optional<std::chrono::seconds> LoginRateLimiter::RetryAfter(std::string_view account,
                                                                 std::string_view ip) {
  std::lock_guard lock(mutex_);
  TimePoint now = clock_();
  auto a = Blocked(AccountKey(account), limits_.per_account, now);
  auto i = Blocked(IpKey(ip), limits_.per_ip, now);
  if (a && i) return std::max(*a, *i);
  return a ? a : i;
}

void LoginRateLimiter::RecordFailure(std::string_view account, std::string_view ip) {
  std::lock_guard lock(mutex_);
  TimePoint now = clock_();
  if (failures_.size() >= limits_.max_tracked_keys) Prune(now);
  for (const Key& key : {AccountKey(account), IpKey(ip)}) {
    auto& times = failures_[key];
    times.push_back(now);
    // Only the newest `limit` failures matter; older ones cannot change the answer.
    size_t keep = static_cast<size_t>(std::max(limits_.per_account, limits_.per_ip));
    while (times.size() > keep) times.pop_front();
  }
}

void LoginRateLimiter::RecordSuccess(std::string_view account) {
  std::lock_guard lock(mutex_);
  failures_.erase(AccountKey(account));
}

void LoginRateLimiter::Prune(TimePoint now) {
  std::erase_if(failures_, [&](const auto& entry) {
    return entry.second.empty() || entry.second.back() + limits_.window <= now;
  });
}

}  // namespace starry::marketplace
