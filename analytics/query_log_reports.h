// @brief The analytics reports over the query log: zero-result queries and popular queries.
//
// Both count searches after keystroke grouping (analytics/README.md): a logged query is not a
// search of its own when the same session's next logged query, within kKeystrokeWindow, starts
// with it ("t", "ta", "tay" count once, as "tay"). Rows are grouped by normalised query.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "analytics/timestamps.h"
#include "common/result.h"
#include "db/pq.h"

namespace starry::analytics {

inline constexpr std::chrono::seconds kKeystrokeWindow{3};

enum class ReportKind { kZeroResults, kPopular };

struct ReportRequest {
  ReportKind kind = ReportKind::kZeroResults;
  Clock::time_point from, to;  // [from, to)
  int limit = 50;
};

inline constexpr int kDefaultReportLimit = 50;
inline constexpr int kMaxReportLimit = 1000;
inline constexpr auto kDefaultReportRange = std::chrono::days(7);
inline constexpr auto kMaxReportRange = std::chrono::days(3660);

struct ReportRow {
  std::string query;         // normalised ("" for filter-only browsing, zero-result report only)
  std::string example;       // the most common raw spelling
  int64_t count = 0;         // searches, after keystroke grouping
  int64_t sessions = 0;      // distinct session ids among them (requests without one: not counted)
  int64_t zero_results = 0;  // how many of them found nothing
  std::string first_seen, last_seen;  // ISO 8601 UTC
  std::string cause;    // zero results: "text" or "filters", the more frequent; "" if none
  std::string filters;  // the most common filters (a JSON object)
};

struct Report {
  ReportRequest request;
  std::vector<ReportRow> rows;
};

// Runs one report on `conn`. Errors: kUnavailable (PostgreSQL unreachable), kInternal.
Result<Report> RunReport(pqxx::connection& conn, const ReportRequest& request);

// RunReport on a connection of its own, opened on first use and reopened after a failure; safe
// to call from several threads (one report at a time).
class QueryLogReports {
 public:
  explicit QueryLogReports(std::string conninfo) : conninfo_(std::move(conninfo)) {}
  Result<Report> Run(const ReportRequest& request);

 private:
  std::mutex mu_;
  std::string conninfo_;
  std::unique_ptr<pqxx::connection> conn_;
};

}  // namespace starry::analytics
