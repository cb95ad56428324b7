#include "analytics/query_log_reports.h"

#include "db/connection.h"

namespace starry::analytics {
namespace {

// $1 from, $2 to, $3 keystroke window (seconds), $4 limit, $5 true for the zero-result report.
// A row is a keystroke of a longer search when the next row of its session starts with its
// query and follows within the window; rows up to one window past `to` are read so that the
// last keystrokes before `to` can still be grouped.
constexpr const char* kReportSql = R"SQL(
WITH scoped AS (
  SELECT logged_at, raw_query, normalized_query, filters::text AS filters, result_count,
         zero_cause, session_id,
         lead(normalized_query) OVER w AS next_query, lead(logged_at) OVER w AS next_at
  FROM query_log
  WHERE logged_at >= $1::timestamptz
    AND logged_at < $2::timestamptz + make_interval(secs => $3)
  WINDOW w AS (PARTITION BY session_id ORDER BY logged_at, id)
), searches AS (
  SELECT * FROM scoped
  WHERE logged_at < $2::timestamptz
    AND NOT (session_id IS NOT NULL AND normalized_query <> '' AND next_query IS NOT NULL
             AND starts_with(next_query, normalized_query)
             AND next_at - logged_at <= make_interval(secs => $3))
    AND (CASE WHEN $5 THEN result_count = 0 ELSE normalized_query <> '' END)
)
SELECT normalized_query,
       mode() WITHIN GROUP (ORDER BY raw_query),
       count(*),
       count(DISTINCT session_id),
       count(*) FILTER (WHERE result_count = 0),
       to_char(min(logged_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
       to_char(max(logged_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
       coalesce(mode() WITHIN GROUP (ORDER BY zero_cause) FILTER (WHERE zero_cause IS NOT NULL), ''),
       mode() WITHIN GROUP (ORDER BY filters)
FROM searches
GROUP BY normalized_query
ORDER BY count(*) DESC, normalized_query
LIMIT $4
)SQL";

}  // namespace

Result<Report> RunReport(pqxx::connection& conn, const ReportRequest& request) {
  try {
    pqxx::read_transaction tx(conn);
    auto rows =
        tx.exec_params(kReportSql, FormatTimestamp(request.from), FormatTimestamp(request.to),
                       static_cast<double>(kKeystrokeWindow.count()), request.limit,
                       request.kind == ReportKind::kZeroResults);
    Report report{request, {}};
    for (const auto& r : rows) {
      ReportRow row;
      row.query = r[0].as<std::string>();
      row.example = r[1].as<std::string>();
      row.count = r[2].as<int64_t>();
      row.sessions = r[3].as<int64_t>();
      row.zero_results = r[4].as<int64_t>();
      row.first_seen = r[5].as<std::string>();
      row.last_seen = r[6].as<std::string>();
      row.cause = r[7].as<std::string>();
      row.filters = r[8].as<std::string>();
      report.rows.push_back(std::move(row));
    }
    return report;
  } catch (const std::exception& e) {
    return std::unexpected(db::ErrorFromException(e));
  }
}

Result<Report> QueryLogReports::Run(const ReportRequest& request) {
  std::lock_guard lock(mu_);
  if (!conn_ || !conn_->is_open()) {
    auto conn = db::Connect(conninfo_);
    if (!conn) return std::unexpected(conn.error());
    conn_ = std::move(*conn);
  }
  auto report = RunReport(*conn_, request);
  if (!report) conn_.reset();  // a fresh connection next time
  return report;
}

}  // namespace starry::analytics
