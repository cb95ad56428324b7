// @brief Building query log entries from search requests, for every endpoint that logs (search,
// browse, and the suggestions endpoint): the session id header and the filters as JSON.
#pragma once

#include <optional>
#include <string>

#include "analytics/query_log_entry.h"
#include "common/result.h"
#include "query/search_request.h"
#include "server/pistache.h"

namespace starry::server {

// The request's X-Session-Id, validated (nullopt when absent).
// Errors: kInvalidArgument naming X-Session-Id (empty, over 128 bytes, not printable ASCII).
Result<std::optional<std::string>> SessionIdOf(const Pistache::Rest::Request& request);

// The filters `request` applies, as a JSON object with sorted keys (equal filters give equal
// text, so reports can group them): category, city, country, minPriceCents, maxPriceCents,
// meetingType, minRating, verified, availableFrom, availableTo, near. "{}" when none.
std::string FiltersJson(const query::SearchRequest& request);
bool HasFilters(const query::SearchRequest& request);

// An entry with everything but the result (result_count, zero_cause, latency_ms): endpoint,
// raw and normalised text, filters (FiltersJson), session, timestamp. A handler fills in the
// rest and passes it to QueryLogger::Record after replying, e.g. for suggestions:
//   auto entry = LogEntryFor(analytics::Endpoint::kSuggestions, request, analyzer, session);
//   entry.result_count = n; entry.latency_ms = took_ms;
//   if (n == 0) entry.zero_cause = analytics::ZeroCause::kText;
//   services.query_log->Record(std::move(entry));
analytics::QueryLogEntry LogEntryFor(analytics::Endpoint endpoint,
                                     const query::SearchRequest& request,
                                     const analyzers::Analyzer& analyzer,
                                     std::optional<std::string> session_id);
// The same from text and an already-built filters object, for requests that are not a
// SearchRequest.
analytics::QueryLogEntry LogEntryFor(analytics::Endpoint endpoint, std::string_view text,
                                     std::string filters_json, const analyzers::Analyzer& analyzer,
                                     std::optional<std::string> session_id);

}  // namespace starry::server
