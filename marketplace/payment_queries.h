// @brief SQL shared by the payment service and the webhook processor (marketplace/ only).
#pragma once

#include <optional>
#include <string>

#include "db/pq.h"
#include "marketplace/clock.h"
#include "marketplace/payment_records.h"
#include "marketplace/principal.h"

namespace starry::marketplace {

// Unix seconds, for passing an injected clock's "now" to SQL as to_timestamp($n).
int64_t UnixSeconds(TimePoint t);

// A payment joined with its booking, or nullopt. `where` is a fixed condition on `p`
// (payments) with one parameter $1, e.g. "p.id = $1" (never built from input).
struct PaymentRow {
  PaymentRecord record;
  std::string booking_user_id;
};
std::optional<PaymentRow> FindPayment(pqxx::work& tx, const char* where, const std::string& arg);

// Whether `caller` may see and act on a booking owned by `owner_user_id`.
bool MayAccess(const Principal& caller, const std::string& owner_user_id);

// True for a provider object id: 1..100 characters of [A-Za-z0-9_].
bool IsProviderId(std::string_view text);

}  // namespace starry::marketplace
