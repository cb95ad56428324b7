#include <iostream>

#include "analytics/report_format.h"
#include "analytics/report_request.h"
#include "cli/cli_context.h"
#include "cli/commands.h"

namespace starry::cli {

int RunAnalytics(const Args& args) {
  cxxopts::Options options(
      "starry analytics",
      "Query log reports: `zero-results` (searches that found nothing, and whether their text "
      "or their filters caused it) or `popular` (the most frequent searches). Keystrokes typed "
      "in one session within 3 s count as one search (see analytics/README.md).");
  options.add_options()("report", "zero-results | popular", cxxopts::value<std::string>())(
      "since", "start: a look-back (30m, 24h, 7d, 2w) or a date/ISO 8601 timestamp",
      cxxopts::value<std::string>()->default_value("7d"))(
      "until", "end (exclusive): a look-back or a timestamp; default now",
      cxxopts::value<std::string>())("limit", "rows, 1-1000",
                                     cxxopts::value<std::string>()->default_value("50"))(
      "format", "json | csv", cxxopts::value<std::string>()->default_value("json"))(
      "h,help", "show this help");
  options.parse_positional({"report"});
  options.positional_help("zero-results|popular");
  int exit_code = kExitOk;
  auto parsed = ParseArgs(options, "analytics", args, exit_code);
  if (!parsed) return exit_code;
  std::string report = parsed->count("report") != 0 ? (*parsed)["report"].as<std::string>() : "";
  analytics::ReportRequest request;
  if (report == "zero-results") {
    request.kind = analytics::ReportKind::kZeroResults;
  } else if (report == "popular" || report == "popular-queries") {
    request.kind = analytics::ReportKind::kPopular;
  } else {
    return UsageError("analytics",
                      report.empty()
                          ? "say `starry analytics zero-results` or `popular`"
                          : "unknown report '" + report + "' (reports: zero-results, popular)");
  }
  std::string format = (*parsed)["format"].as<std::string>();
  if (format != "json" && format != "csv") {
    return UsageError("analytics", "--format must be json or csv, not '" + format + "'");
  }
  auto now = analytics::Clock::now();
  auto from = analytics::ParseSince("--since", (*parsed)["since"].as<std::string>(), now);
  if (!from) return Fail("analytics", from.error());
  request.from = *from;
  request.to = now;
  if (parsed->count("until") != 0) {
    auto to = analytics::ParseSince("--until", (*parsed)["until"].as<std::string>(), now);
    if (!to) return Fail("analytics", to.error());
    request.to = *to;
  }
  auto limit =
      ParseInteger("--limit", (*parsed)["limit"].as<std::string>(), 1, analytics::kMaxReportLimit);
  if (!limit) return Fail("analytics", limit.error());
  request.limit = static_cast<int>(*limit);
  if (auto s = analytics::ValidateReportRequest(request, "--since", "--limit"); !s) {
    return Fail("analytics", s.error());
  }

  auto db = OpenDatabase(Environment::FromProcess());
  if (!db) return Fail("analytics", db.error());
  auto result = analytics::RunReport(*db->conn, request);
  if (!result) return Fail("analytics", result.error());
  std::cout << (format == "csv" ? analytics::ReportCsv(*result)
                                : analytics::ReportJson(*result) + "\n");
  return kExitOk;
}

}  // namespace starry::cli
