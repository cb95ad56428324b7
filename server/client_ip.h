// @brief The client's IP address for per-IP limits, seen through a local reverse proxy.
//
// Behind the nginx front (deploy/nginx-starry.conf) every request comes from 127.0.0.1, so a
// per-IP login limit would lump all clients together (and let anyone lock everyone out). When the
// peer is a loopback address, the proxy is trusted and the client is the rightmost
// X-Forwarded-For entry: the address the proxy itself saw (entries to its left come from the
// client and can be forged). From any other peer the header is ignored.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "server/pistache.h"

namespace starry::server {

std::string ClientIp(const Pistache::Http::Request& request);

// The rule above on plain values (for tests): `forwarded_for` is the header's value, if any.
std::string ClientIpFrom(std::string_view peer, std::optional<std::string_view> forwarded_for);

}  // namespace starry::server
