// @brief Report parameters (from, to, limit) as the HTTP API and the CLI take them, validated.
#pragma once

#include <map>
#include <string>

#include "analytics/query_log_reports.h"
#include "common/result.h"

namespace starry::analytics {

// From decoded query parameters: from and to (timestamps, see ParseTimestamp; defaults: the 7
// days up to now), limit (1-1000, default 50). Errors (kInvalidArgument, details = the
// parameter): malformed values, a repeated or unknown parameter, from not before to, a range
// over 3660 days.
Result<ReportRequest> ParseReportParams(ReportKind kind,
                                        const std::multimap<std::string, std::string>& params,
                                        Clock::time_point now);

// The checks shared with the CLI: from < to, range at most kMaxReportRange, limit bounds.
// `from_name`, `limit_name` name the parameters in the errors.
Status ValidateReportRequest(const ReportRequest& request, std::string_view from_name,
                             std::string_view limit_name);

}  // namespace starry::analytics
