// @brief Reading JSON request bodies: size limit, one object, typed fields whose errors name them.
#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace starry::server {

// The largest body the JSON endpoints read (a larger one is refused with 413 before parsing).
inline constexpr size_t kMaxJsonBodyBytes = size_t{16} * 1024;

// Errors: kInvalidArgument (details: "body") when the body is empty, not valid UTF-8 JSON
// (a NUL byte included), or not an object; (details: the name) when an object anywhere in it
// has a member name twice.
Result<rapidjson::Document> ParseJsonObject(std::string_view body);

// The string field `name`: kInvalidArgument naming it when absent or null (`required`), not a
// string, longer than `max_bytes`, or holding a NUL character. nullopt when absent or null and
// not required.
Result<std::optional<std::string>> StringField(const rapidjson::Value& object, const char* name,
                                               size_t max_bytes, bool required);

}  // namespace starry::server
