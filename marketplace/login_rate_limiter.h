// @brief Login throttling: failed attempts counted per account and per client IP over a sliding
// window; past either limit, logins are refused until the oldest counted failure ages out.
//
// The counts live in this process's memory: they reset on restart and are not shared between
// server processes (each process of a multi-process deployment limits on its own, so the
// effective limit is the per-process limit times the process count). That is acceptable for one
// `starry serve` per host; a shared store would be needed beyond that. Which IP a request comes
// from is the server's business (server/client_ip.h: through a local proxy, X-Forwarded-For).
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "marketplace/clock.h"

namespace starry::marketplace {

struct LoginLimits {
  int per_account = 5;  // failed logins for one email in `window`
  int per_ip = 20;      // failed logins from one IP in `window`
  std::chrono::seconds window = std::chrono::minutes(15);
  size_t max_tracked_keys = 100000;  // past this many keys, entries out of the window are pruned
};

class LoginRateLimiter {
 public:
  LoginRateLimiter(LoginLimits limits, Clock clock);

  // How long the caller must wait before trying to log in to `account` from `ip`; nullopt when
  // it may try now.
  std::optional<std::chrono::seconds> RetryAfter(std::string_view account, std::string_view ip);
  // Counts a failed attempt against both keys.
  void RecordFailure(std::string_view account, std::string_view ip);
  // A successful login clears the account's failures (not the IP's).
  void RecordSuccess(std::string_view account);

 private:
  using Key = std::string;
  std::optional<std::chrono::seconds> Blocked(const Key& key, int limit, TimePoint now);
  void Prune(TimePoint now);

  LoginLimits limits_;
  Clock clock_;
  std::mutex mutex_;
  std::unordered_map<Key, std::deque<TimePoint>> failures_;
};

}  // namespace starry::marketplace
