// @brief An injectable wall clock, so tests can move time (refund tiers, expiry, token lifetimes).
#pragma once

#include <chrono>
#include <functional>

namespace starry::marketplace {

using TimePoint = std::chrono::system_clock::time_point;
// Returns "now". Production passes SystemClock(); tests pass a lambda over a value they move.
using Clock = std::function<TimePoint()>;

inline Clock SystemClock() {
  return [] { return std::chrono::system_clock::now(); };
}

}  // namespace starry::marketplace
