// @brief Building query log entries from search requests, for every endpoint that logs (search,
// browse, and the suggestions endpoint): the session id header and the filters as JSON.
#pragma once

#include <pistache/router.h>

#include <optional>
#include <string>

#include "analytics/query_log_entry.h"
#include "common/result.h"
#include "query/search_request.h"

namespace starry::server {

// The request's X-Session-Id, validated (nullopt when absent).
// Errors: kInvalidArgument naming X-Session-Id (empty, over 128 bytes, not printable ASCII).
Result<std::optional<std::string>> SessionIdOf(const Pistache::Rest::Request& request);

// The filters `request` applies, as a JSON object with sorted keys (equal filters give equal
// text, so reports can group them): category, city, country, minPriceCents, maxPriceCents,
// meetingType, minRating, verified, availableFrom, availableTo, near. "{}" when none.
std::string FiltersJson(const query::SearchRequest& request);
bool HasFilters(const query::SearchRequest& request);

// An entry with everything but the result: endpoint, raw and normalised text, filters, session.
analytics::QueryLogEntry LogEntryFor(analytics::Endpoint endpoint,
                                     const query::SearchRequest& request,
                                     const analyzers::Analyzer& analyzer,
                                     std::optional<std::string> session_id);

}  // namespace starry::server
