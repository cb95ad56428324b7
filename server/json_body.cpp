#include "server/json_body.h"

#include <rapidjson/error/en.h>

namespace starry::server {
namespace {

std::unexpected<Error> Invalid(std::string_view field, std::string message) {
  Error e(ErrorCode::kInvalidArgument, std::string(field) + ": " + std::move(message));
  e.details.emplace_back(field);
  return std::unexpected(std::move(e));
}

// The first member name that appears twice in one object, anywhere in `value`. RFC 8259 leaves
// duplicates undefined; rapidjson keeps both and FindMember sees the first, so a proxy or a
// log reading the last would disagree with us about what was asked.
const rapidjson::Value* RepeatedName(const rapidjson::Value& value) {
  if (value.IsArray()) {
    for (const auto& item : value.GetArray()) {
      if (auto* name = RepeatedName(item)) return name;
    }
  }
  if (!value.IsObject()) return nullptr;
  for (auto a = value.MemberBegin(); a != value.MemberEnd(); ++a) {
    for (auto b = value.MemberBegin(); b != a; ++b) {
      if (a->name == b->name) return &a->name;
    }
    if (auto* name = RepeatedName(a->value)) return name;
  }
  return nullptr;
}

}  // namespace

Result<rapidjson::Document> ParseJsonObject(std::string_view body) {
  if (body.empty()) return Invalid("body", "a JSON object is required");
  // rapidjson stops at a NUL as if the text ended there; JSON text never holds one.
  if (auto nul = body.find('\0'); nul != std::string_view::npos) {
    return Invalid("body", "invalid JSON at offset " + std::to_string(nul) + ": a NUL byte");
  }
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(body.data(), body.size());
  if (doc.HasParseError()) {
    return Invalid("body", std::string("invalid JSON at offset ") +
                               std::to_string(doc.GetErrorOffset()) + ": " +
                               rapidjson::GetParseError_En(doc.GetParseError()));
  }
  if (!doc.IsObject()) return Invalid("body", "must be a JSON object");
  if (auto* name = RepeatedName(doc)) {
    return Invalid(std::string_view(name->GetString(), name->GetStringLength()),
                   "given more than once");
  }
  return doc;
}

Result<std::optional<std::string>> StringField(const rapidjson::Value& object, const char* name,
                                               size_t max_bytes, bool required) {
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || it->value.IsNull()) {
    if (required) return Invalid(name, "is required");
    return std::optional<std::string>();
  }
  if (!it->value.IsString()) return Invalid(name, "must be a string");
  std::string value(it->value.GetString(), it->value.GetStringLength());
  if (value.size() > max_bytes) {
    return Invalid(name, "at most " + std::to_string(max_bytes) + " bytes");
  }
  if (value.find('\0') != std::string::npos) return Invalid(name, "must not contain NUL");
  return std::optional<std::string>(std::move(value));
}

}  // namespace starry::server
