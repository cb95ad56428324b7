#include "marketplace/payment_queries.h"

#include <algorithm>

namespace starry::marketplace {

int64_t UnixSeconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::optional<PaymentRow> FindPayment(pqxx::work& tx, const char* where, const std::string& arg) {
  auto rows = tx.exec_params(
      std::string(
          "SELECT p.id, p.booking_id, b.status, p.provider, p.provider_payment_intent_id, "
          "p.amount_cents, p.currency, p.status, p.refunded_cents, coalesce(p.failure_code, ''), "
          "coalesce(p.failure_message, ''), "
          "to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
          "to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
          "b.user_id FROM payments p JOIN bookings b ON b.id = p.booking_id WHERE ") +
          where + " ORDER BY p.created_at DESC LIMIT 1",
      arg);
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  PaymentRow row;
  PaymentRecord& p = row.record;
  p.id = r[0].as<std::string>();
  p.booking_id = r[1].as<std::string>();
  p.booking_status = r[2].as<std::string>();
  p.provider = r[3].as<std::string>();
  p.payment_intent_id = r[4].as<std::string>();
  p.amount_cents = r[5].as<int64_t>();
  p.currency = r[6].as<std::string>();
  p.status = r[7].as<std::string>();
  p.refunded_cents = r[8].as<int64_t>();
  p.failure_code = r[9].as<std::string>();
  p.failure_message = r[10].as<std::string>();
  p.created_at = r[11].as<std::string>();
  p.updated_at = r[12].as<std::string>();
  row.booking_user_id = r[13].as<std::string>();
  return row;
}

bool MayAccess(const Principal& caller, const std::string& owner_user_id) {
  return caller.is_admin() || (!caller.user_id.empty() && caller.user_id == owner_user_id);
}

bool IsProviderId(std::string_view text) {
  return !text.empty() && text.size() <= 100 && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace starry::marketplace
