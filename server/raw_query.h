// @brief The raw query string of the request being handled.
//
// Pistache 0.0.5 stores query parameters in an unordered_map: a repeated parameter
// (category=a&category=b) keeps only one value, and nothing says it happened. It also leaves
// them percent-encoded. The request line itself is still in the connection's parser buffer
// while the handler runs (the parser is reset after onRequest returns); this reads it from
// there. Call it only from inside a route handler.
#pragma once

#include <string>

#include "server/pistache.h"

namespace starry::server {

// The part after '?' of the request target, exactly as received ("" when none).
// `response` is the handler's writer: it knows the connection (Request::peer() is compiled
// out of Debian's Pistache).
std::string RawQueryString(const Pistache::Http::ResponseWriter& response);

}  // namespace starry::server
