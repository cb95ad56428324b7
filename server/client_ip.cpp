#include "server/client_ip.h"

namespace starry::server {
namespace {

bool IsLoopback(std::string_view ip) {
  return ip.starts_with("127.") || ip == "::1" || ip.starts_with("::ffff:127.");
}

bool LooksLikeIp(std::string_view s) {
  if (s.empty() || s.size() > 45) return false;
  for (char c : s) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
              c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string ClientIpFrom(std::string_view peer, std::optional<std::string_view> forwarded_for) {
  if (!forwarded_for || !IsLoopback(peer)) return std::string(peer);
  std::string_view last = *forwarded_for;
  if (auto comma = last.rfind(','); comma != std::string_view::npos) last.remove_prefix(comma + 1);
  while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
  while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
  return LooksLikeIp(last) ? std::string(last) : std::string(peer);
}

std::string ClientIp(const Pistache::Http::Request& request) {
  std::string peer = request.address().host();
  if (auto raw = request.headers().tryGetRaw("X-Forwarded-For")) {
    return ClientIpFrom(peer, raw->value());
  }
  return ClientIpFrom(peer, std::nullopt);
}

}  // namespace starry::server
