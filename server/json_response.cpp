#include "server/json_response.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "analyzers/utf8.h"

namespace starry::server {

std::string SuccessBody(const std::string& data_json) {
  return "{\"success\":true,\"data\":" + data_json + "}";
}

std::string ErrorBody(const Error& error) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("success");
  w.Bool(false);
  w.Key("error");
  w.StartObject();
  w.Key("code");
  std::string_view code = ErrorCodeName(error.code);
  w.String(code.data(), static_cast<rapidjson::SizeType>(code.size()));
  w.Key("message");
  // Messages may quote what the client sent, which need not be UTF-8: JSON must be.
  w.String(error.code == ErrorCode::kInternal ? "internal error"
                                              : analyzers::SanitizeUtf8(error.message));
  w.Key("details");
  w.StartArray();
  if (error.code != ErrorCode::kInternal) {
    for (const auto& d : error.details) w.String(analyzers::SanitizeUtf8(d));
  }
  w.EndArray();
  w.EndObject();
  w.EndObject();
  return buf.GetString();
}

}  // namespace starry::server
