#include "marketplace/refund_policy.h"

namespace starry::marketplace {

std::string_view CancelledByName(CancelledBy by) {
  switch (by) {
    case CancelledBy::kFan:
      return "fan";
    case CancelledBy::kCelebrity:
      return "celebrity";
    case CancelledBy::kAdmin:
      return "admin";
    case CancelledBy::kSystem:
      return "system";
  }
  return "system";
}

std::optional<CancelledBy> ParseCancelledBy(std::string_view name) {
  if (name == "fan") return CancelledBy::kFan;
  if (name == "celebrity") return CancelledBy::kCelebrity;
  if (name == "admin") return CancelledBy::kAdmin;
  if (name == "system") return CancelledBy::kSystem;
  return std::nullopt;
}

int64_t RefundCents(int64_t paid_cents, TimePoint meeting_start, TimePoint now, CancelledBy by) {
  if (paid_cents <= 0) return 0;
  if (by != CancelledBy::kFan) return paid_cents;
  auto ahead = meeting_start - now;
  if (ahead >= std::chrono::days(7)) return paid_cents;
  if (ahead >= std::chrono::days(3)) return paid_cents / 2;
  return 0;
}

}  // namespace starry::marketplace
