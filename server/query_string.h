// @brief application/x-www-form-urlencoded query strings -> decoded parameters.
#pragma once

#include <string_view>

#include "common/result.h"
#include "query/request_parser.h"

namespace starry::server {

// Splits on '&', decodes %XX and '+' (a space). Repeated names keep every value, in order.
// Errors: kInvalidArgument naming the parameter with a malformed %-escape.
Result<query::Params> ParseQueryString(std::string_view raw);

}  // namespace starry::server
