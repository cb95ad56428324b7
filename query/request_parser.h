// @brief Builds a SearchRequest from decoded query parameters or a JSON body, validating every
// parameter; each error names the parameter (kInvalidArgument, details = the parameter).
#pragma once

#include <map>
#include <string>

#include "common/result.h"
#include "query/search_request.h"

namespace starry::query {

// Name -> values (repeated parameters keep every value), already percent-decoded.
using Params = std::multimap<std::string, std::string>;

// Errors (kInvalidArgument): unknown sort (message lists the allowed ones), minPrice >
// maxPrice, limit outside 1-100, page < 1 or page * limit past 10,000, malformed dates or
// coordinates, q over 200 bytes or not UTF-8, a singular parameter repeated, an unknown
// parameter.
Result<SearchRequest> ParseSearchParams(const Params& params);

// GET /v1/search/suggestions: q (required), limit (1-10) and the browse filters; sort and page
// are refused. Errors as above.
Result<SuggestRequest> ParseSuggestParams(const Params& params);

// The same request as a JSON object (POST /v1/search/filters): the same names, arrays for the
// multi-valued ones. Errors as above, plus malformed JSON and wrong types.
Result<SearchRequest> ParseSearchJson(const std::string& body);

}  // namespace starry::query
