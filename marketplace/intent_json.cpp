#include "marketplace/intent_json.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <initializer_list>

namespace starry::marketplace {
namespace {

using rapidjson::Value;

// The whole string, escaped NULs (\u0000) included, so that HasNul can refuse them rather
// than let a C string cut the value short.
std::string StringOf(const Value& value) {
  return std::string(value.GetString(), value.GetStringLength());
}

std::string Text(const Value& object, const char* key) {
  auto it = object.FindMember(key);
  return it != object.MemberEnd() && it->value.IsString() ? StringOf(it->value) : std::string();
}

// PostgreSQL text holds no NUL: a field we keep or compare that has one is refused. Fields we
// do not read may hold anything.
bool HasNul(std::initializer_list<std::string_view> fields) {
  for (auto field : fields) {
    if (field.find('\0') != std::string_view::npos) return true;
  }
  return false;
}

bool HasNul(const PaymentIntent& i) {
  return HasNul({i.id, i.client_secret, i.currency, i.status, i.booking_id, i.payment_method,
                 i.latest_charge, i.failure_code, i.failure_message});
}

bool HasNul(const ChargeSummary& c) {
  return HasNul({c.id, c.intent_id, c.currency, c.booking_id});
}

int64_t Integer(const Value& object, const char* key) {
  auto it = object.FindMember(key);
  return it != object.MemberEnd() && it->value.IsInt64() ? it->value.GetInt64() : 0;
}

// A field that is either an id string or an expanded object with an "id".
std::string IdOf(const Value& object, const char* key) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd()) return "";
  if (it->value.IsString()) return StringOf(it->value);
  if (it->value.IsObject()) return Text(it->value, "id");
  return "";
}

std::string MetadataBookingId(const Value& object) {
  auto it = object.FindMember("metadata");
  return it != object.MemberEnd() && it->value.IsObject() ? Text(it->value, "bookingId") : "";
}

Result<PaymentIntent> IntentFrom(const Value& o) {
  if (!o.IsObject() || Text(o, "object") != "payment_intent" || Text(o, "id").empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "not a payment_intent object");
  }
  PaymentIntent intent;
  intent.id = Text(o, "id");
  intent.client_secret = Text(o, "client_secret");
  intent.amount_cents = Integer(o, "amount");
  intent.currency = Text(o, "currency");
  intent.status = Text(o, "status");
  intent.booking_id = MetadataBookingId(o);
  intent.payment_method = IdOf(o, "payment_method");
  intent.latest_charge = IdOf(o, "latest_charge");
  auto error = o.FindMember("last_payment_error");
  if (error != o.MemberEnd() && error->value.IsObject()) {
    intent.failure_code = Text(error->value, "decline_code");
    if (intent.failure_code.empty()) intent.failure_code = Text(error->value, "code");
    intent.failure_message = Text(error->value, "message");
  }
  if (HasNul(intent))
    return MakeError(ErrorCode::kInvalidArgument, "a payment_intent field holds a NUL");
  return intent;
}

Result<ChargeSummary> ChargeFrom(const Value& o) {
  if (!o.IsObject() || Text(o, "object") != "charge" || Text(o, "id").empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "not a charge object");
  }
  ChargeSummary charge;
  charge.id = Text(o, "id");
  charge.intent_id = IdOf(o, "payment_intent");
  charge.amount_cents = Integer(o, "amount");
  charge.amount_refunded_cents = Integer(o, "amount_refunded");
  charge.currency = Text(o, "currency");
  charge.booking_id = MetadataBookingId(o);
  if (HasNul(charge)) return MakeError(ErrorCode::kInvalidArgument, "a charge field holds a NUL");
  return charge;
}

Result<rapidjson::Document> ParseObject(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    return MakeError(ErrorCode::kInvalidArgument, "not a JSON object");
  }
  return doc;
}

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Key(Writer& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void KeyOrNull(Writer& w, const char* key, std::string_view value) {
  w.Key(key);
  if (value.empty()) {
    w.Null();
  } else {
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  }
}

void Metadata(Writer& w, std::string_view booking_id) {
  w.Key("metadata");
  w.StartObject();
  if (!booking_id.empty()) Key(w, "bookingId", booking_id);
  w.EndObject();
}

}  // namespace

Result<PaymentIntent> ParseIntentJson(std::string_view json) {
  auto doc = ParseObject(json);
  if (!doc) return std::unexpected(doc.error());
  return IntentFrom(*doc);
}

Result<RefundResult> ParseRefundJson(std::string_view json) {
  auto doc = ParseObject(json);
  if (!doc) return std::unexpected(doc.error());
  if (Text(*doc, "object") != "refund" || Text(*doc, "id").empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "not a refund object");
  }
  RefundResult refund;
  refund.id = Text(*doc, "id");
  refund.intent_id = IdOf(*doc, "payment_intent");
  refund.amount_cents = Integer(*doc, "amount");
  refund.status = Text(*doc, "status");
  if (HasNul({refund.id, refund.intent_id, refund.status})) {
    return MakeError(ErrorCode::kInvalidArgument, "a refund field holds a NUL");
  }
  return refund;
}

std::string IntentToJson(const PaymentIntent& intent) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  Key(w, "id", intent.id);
  Key(w, "object", "payment_intent");
  w.Key("amount");
  w.Int64(intent.amount_cents);
  Key(w, "client_secret", intent.client_secret);
  Key(w, "currency", intent.currency);
  KeyOrNull(w, "latest_charge", intent.latest_charge);
  w.Key("last_payment_error");
  if (intent.failure_code.empty() && intent.failure_message.empty()) {
    w.Null();
  } else {
    w.StartObject();
    Key(w, "type", "card_error");
    Key(w, "code", "card_declined");
    Key(w, "decline_code", intent.failure_code);
    Key(w, "message", intent.failure_message);
    w.EndObject();
  }
  Metadata(w, intent.booking_id);
  KeyOrNull(w, "payment_method", intent.payment_method);
  Key(w, "status", intent.status);
  w.EndObject();
  return buffer.GetString();
}

std::string ChargeToJson(const ChargeSummary& charge) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  Key(w, "id", charge.id);
  Key(w, "object", "charge");
  w.Key("amount");
  w.Int64(charge.amount_cents);
  w.Key("amount_refunded");
  w.Int64(charge.amount_refunded_cents);
  Key(w, "currency", charge.currency);
  Metadata(w, charge.booking_id);
  Key(w, "payment_intent", charge.intent_id);
  w.Key("refunded");
  w.Bool(charge.amount_refunded_cents >= charge.amount_cents);
  w.EndObject();
  return buffer.GetString();
}

Result<WebhookEvent> ParseEventJson(std::string_view json) {
  auto doc = ParseObject(json);
  if (!doc) return std::unexpected(doc.error());
  WebhookEvent event;
  event.id = Text(*doc, "id");
  event.type = Text(*doc, "type");
  event.created = Integer(*doc, "created");
  if (event.id.empty() || event.id.size() > 255 || event.type.empty() ||
      Text(*doc, "object") != "event") {
    return MakeError(ErrorCode::kInvalidArgument, "not a Stripe event (id, type, object)");
  }
  if (HasNul({event.id, event.type})) {
    return MakeError(ErrorCode::kInvalidArgument, "the event id or type holds a NUL");
  }
  auto data = doc->FindMember("data");
  if (data == doc->MemberEnd() || !data->value.IsObject() || !data->value.HasMember("object")) {
    return MakeError(ErrorCode::kInvalidArgument, "event has no data.object");
  }
  const Value& object = data->value["object"];
  if (event.type.starts_with("payment_intent.")) {
    auto intent = IntentFrom(object);
    if (!intent) return std::unexpected(intent.error());
    event.intent = std::move(*intent);
  } else if (event.type.starts_with("charge.")) {
    auto charge = ChargeFrom(object);
    if (!charge) return std::unexpected(charge.error());
    event.charge = std::move(*charge);
  }
  return event;
}

std::string EventToJson(std::string_view id, std::string_view type, int64_t created,
                        std::string_view data_object_json) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  Key(w, "id", id);
  Key(w, "object", "event");
  Key(w, "api_version", "2024-06-20");
  w.Key("created");
  w.Int64(created);
  w.Key("data");
  w.StartObject();
  w.Key("object");
  w.RawValue(data_object_json.data(), data_object_json.size(), rapidjson::kObjectType);
  w.EndObject();
  w.Key("livemode");
  w.Bool(false);
  Key(w, "type", type);
  w.EndObject();
  return buffer.GetString();
}

}  // namespace starry::marketplace
