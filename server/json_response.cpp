#include "server/json_response.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

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
  w.String(error.code == ErrorCode::kInternal ? "internal error" : error.message);
  w.Key("details");
  w.StartArray();
  if (error.code != ErrorCode::kInternal) {
    for (const auto& d : error.details) w.String(d);
  }
  w.EndArray();
  w.EndObject();
  w.EndObject();
  return buf.GetString();
}

}  // namespace starry::server
