#include "analytics/report_request.h"

#include <charconv>

namespace starry::analytics {

Status ValidateReportRequest(const ReportRequest& request, std::string_view from_name,
                             std::string_view limit_name) {
  if (request.from >= request.to) {
    return ParameterError(from_name, std::string(from_name) + " must be before the range's end");
  }
  if (request.to - request.from > kMaxReportRange) {
    return ParameterError(from_name, "the range must span at most " +
                                         std::to_string(kMaxReportRange.count()) + " days");
  }
  if (request.limit < 1 || request.limit > kMaxReportLimit) {
    return ParameterError(limit_name, std::string(limit_name) + " must be between 1 and " +
                                          std::to_string(kMaxReportLimit));
  }
  return {};
}

Result<ReportRequest> ParseReportParams(ReportKind kind,
                                        const std::multimap<std::string, std::string>& params,
                                        Clock::time_point now) {
  ReportRequest request;
  request.kind = kind;
  request.to = now;
  request.from = now - kDefaultReportRange;
  request.limit = kDefaultReportLimit;
  bool from_given = false;
  for (const auto& [name, value] : params) {
    if (params.count(name) > 1) return ParameterError(name, name + " must be given once");
    if (name == "from" || name == "to") {
      auto at = ParseTimestamp(name, value);
      if (!at) return std::unexpected(at.error());
      (name == "from" ? request.from : request.to) = *at;
      from_given = from_given || name == "from";
    } else if (name == "limit") {
      int limit = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
      if (ec != std::errc() || p != value.data() + value.size() || value.empty() || limit < 1 ||
          limit > kMaxReportLimit) {
        return ParameterError("limit", "limit must be a whole number between 1 and " +
                                           std::to_string(kMaxReportLimit));
      }
      request.limit = limit;
    } else {
      return ParameterError(name, name + ": unknown parameter (reports take from, to, limit)");
    }
  }
  // Only `to` given: the 7 days before it.
  if (!from_given) request.from = request.to - kDefaultReportRange;
  if (auto s = ValidateReportRequest(request, "from", "limit"); !s) {
    return std::unexpected(s.error());
  }
  return request;
}

}  // namespace starry::analytics
