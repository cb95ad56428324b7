// @brief application/x-www-form-urlencoded bodies as Stripe's API expects them.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace starry::marketplace {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// Percent-encodes everything but RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~);
// a space becomes %20.
std::string PercentEncode(std::string_view text);

// "k1=v1&k2=v2" in the given order. Keys keep Stripe's nested-parameter brackets literal
// (`metadata[bookingId]`, as Stripe's own libraries send them) and percent-encode the rest;
// values are fully percent-encoded.
std::string FormEncode(const FormFields& fields);

}  // namespace starry::marketplace
