// @brief application/x-www-form-urlencoded query strings -> decoded parameters.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "query/request_parser.h"

namespace starry::server {

// Splits on '&', decodes %XX and '+' (a space). Repeated names keep every value, in order.
// Errors: kInvalidArgument naming the parameter with a malformed %-escape or a name or value
// that is not UTF-8 once decoded.
Result<query::Params> ParseQueryString(std::string_view raw);

// Decodes %XX escapes into `out`, and '+' into a space when `plus_is_space` (query strings; in a
// path '+' is a plus). False, with `out` unspecified, on a '%' not followed by two hex digits.
bool PercentDecode(std::string_view in, bool plus_is_space, std::string& out);

}  // namespace starry::server
