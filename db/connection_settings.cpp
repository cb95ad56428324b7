#include "db/connection_settings.h"

#include <regex>

namespace starry::db {
namespace {

bool IsUri(std::string_view conninfo) {
  return conninfo.starts_with("postgresql://") || conninfo.starts_with("postgres://");
}

// The password of a conninfo string, or "" when it has none.
std::string PasswordOf(std::string_view conninfo) {
  std::string s(conninfo);
  std::smatch m;
  if (IsUri(conninfo)) {
    static const std::regex kUserInfo(R"(^postgres(?:ql)?://[^:@/]*:([^@/]*)@)");
    if (std::regex_search(s, m, kUserInfo)) return m[1];
    static const std::regex kParam(R"([?&]password=([^&]*))");
    if (std::regex_search(s, m, kParam)) return m[1];
    return "";
  }
  static const std::regex kKeyValue(R"((?:^|\s)password\s*=\s*('(?:[^'\\]|\\.)*'|\S+))");
  if (std::regex_search(s, m, kKeyValue)) {
    std::string v = m[1];
    if (v.size() >= 2 && v.front() == '\'') v = v.substr(1, v.size() - 2);
    return v;
  }
  return "";
}

}  // namespace

std::string WithConnectTimeout(std::string_view conninfo, int seconds) {
  std::string s(conninfo);
  if (s.find("connect_timeout") != std::string::npos) return s;
  std::string setting = "connect_timeout=" + std::to_string(seconds);
  if (IsUri(conninfo)) {
    return s + (s.find('?') == std::string::npos ? "?" : "&") + setting;
  }
  return s.empty() ? setting : s + " " + setting;
}

std::string RedactConnInfo(std::string_view conninfo) {
  std::string password = PasswordOf(conninfo);
  return password.empty() ? std::string(conninfo) : RedactMessage(conninfo, conninfo);
}

std::string RedactMessage(std::string_view message, std::string_view conninfo) {
  std::string out(message);
  std::string password = PasswordOf(conninfo);
  if (password.empty()) return out;
  for (size_t pos = out.find(password); pos != std::string::npos;
       pos = out.find(password, pos + 3)) {
    out.replace(pos, password.size(), "***");
  }
  return out;
}

}  // namespace starry::db
