// @brief A report as JSON (the HTTP API's data object and `starry analytics --format json`) and
// as CSV (`--format csv`, RFC 4180 quoting, one header line).
#pragma once

#include <string>

#include "analytics/query_log_reports.h"

namespace starry::analytics {

// {"report":"zero-results","from":...,"to":...,"keystrokeWindowSeconds":3,
//  "queries":[{"query","example","count","sessions","zeroResults","firstSeen","lastSeen",
//              "cause","filters":{...}}]}; cause is null when no search of the group was empty.
std::string ReportJson(const Report& report);
// query,example,count,sessions,zero_results,first_seen,last_seen,cause,filters
std::string ReportCsv(const Report& report);

std::string_view ReportKindName(ReportKind kind);  // "zero-results", "popular-queries"

}  // namespace starry::analytics
