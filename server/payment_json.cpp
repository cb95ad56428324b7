#include "server/payment_json.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace starry::server {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Str(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void StrOrNull(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  if (value.empty()) {
    w.Null();
  } else {
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  }
}

void Int(Writer& w, const char* key, int64_t value) {
  w.Key(key);
  w.Int64(value);
}

}  // namespace

std::string PaymentJson(const marketplace::PaymentRecord& p) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  Str(w, "id", p.id);
  Str(w, "bookingId", p.booking_id);
  Str(w, "bookingStatus", p.booking_status);
  Str(w, "provider", p.provider);
  Str(w, "paymentIntentId", p.payment_intent_id);
  Int(w, "amountCents", p.amount_cents);
  Str(w, "currency", p.currency);
  Str(w, "status", p.status);
  Int(w, "refundedCents", p.refunded_cents);
  StrOrNull(w, "failureCode", p.failure_code);
  StrOrNull(w, "failureMessage", p.failure_message);
  Str(w, "createdAt", p.created_at);
  Str(w, "updatedAt", p.updated_at);
  w.EndObject();
  return buffer.GetString();
}

std::string IntentJson(const marketplace::IntentForClient& i) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  Str(w, "bookingId", i.booking_id);
  Str(w, "paymentIntentId", i.payment_intent_id);
  Str(w, "clientSecret", i.client_secret);
  Int(w, "amountCents", i.amount_cents);
  Str(w, "currency", i.currency);
  Str(w, "status", i.status);
  w.EndObject();
  return buffer.GetString();
}

std::string RefundJson(const marketplace::RefundOutcome& r) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  Str(w, "bookingId", r.booking_id);
  Str(w, "bookingStatus", r.booking_status);
  Str(w, "paymentIntentId", r.payment_intent_id);
  Str(w, "refundId", r.refund_id);
  Int(w, "refundCents", r.refund_cents);
  Int(w, "paidCents", r.paid_cents);
  Str(w, "currency", r.currency);
  w.EndObject();
  return buffer.GetString();
}

}  // namespace starry::server
