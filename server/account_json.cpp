#include "server/account_json.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace starry::server {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void OptionalString(Writer& w, const char* key, const std::optional<std::string>& value) {
  w.Key(key);
  if (value) {
    w.String(*value);
  } else {
    w.Null();
  }
}

void WriteUser(Writer& w, const marketplace::User& user) {
  w.StartObject();
  w.Key("id");
  w.String(user.id);
  w.Key("email");
  w.String(user.email);
  w.Key("firstName");
  w.String(user.first_name);
  w.Key("lastName");
  w.String(user.last_name);
  OptionalString(w, "phone", user.phone);
  OptionalString(w, "avatarUrl", user.avatar_url);
  w.Key("role");
  std::string_view role = marketplace::RoleName(user.role);
  w.String(role.data(), static_cast<rapidjson::SizeType>(role.size()));
  w.Key("emailVerified");
  w.Bool(user.email_verified);
  w.Key("createdAt");
  w.String(user.created_at);
  w.EndObject();
}

}  // namespace

std::string UserJson(const marketplace::User& user) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  WriteUser(w, user);
  return buf.GetString();
}

std::string SessionJson(const marketplace::AuthSession& session) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("user");
  WriteUser(w, session.user);
  w.Key("token");
  w.String(session.access_token);
  w.Key("refreshToken");
  w.String(session.refresh_token);
  w.Key("tokenType");
  w.String("Bearer");
  w.EndObject();
  return buf.GetString();
}

}  // namespace starry::server
