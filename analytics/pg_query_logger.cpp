#include "analytics/pg_query_logger.h"

#include <algorithm>
#include <cstdio>
#include <iterator>

#include "analytics/timestamps.h"
#include "analyzers/utf8.h"
#include "db/connection.h"
#include "db/copy_text.h"

namespace starry::analytics {
namespace {

// PostgreSQL text cannot hold NUL bytes nor invalid UTF-8: one such entry must not poison the
// batch it travels in.
std::string CleanText(std::string_view text) {
  std::string out = analyzers::SanitizeUtf8(text);
  std::erase(out, '\0');
  return out;
}

// jsonb refuses the \u0000 escape a JSON writer emits for a NUL byte.
std::string CleanJson(std::string_view json) {
  std::string out = CleanText(json);
  for (size_t at = out.find("\\u0000"); at != std::string::npos; at = out.find("\\u0000", at)) {
    out.erase(at, 6);
  }
  return out.empty() ? "{}" : out;
}

}  // namespace

PgQueryLogger::PgQueryLogger(std::string conninfo, PgQueryLoggerOptions options)
    : conninfo_(std::move(conninfo)), options_(std::move(options)) {
  options_.batch_size = std::max<size_t>(options_.batch_size, 1);
  thread_ = std::jthread([this](const std::stop_token& stop) { Run(stop); });
}

PgQueryLogger::~PgQueryLogger() {
  thread_.request_stop();
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PgQueryLogger::Record(QueryLogEntry entry) noexcept {
  try {
    std::lock_guard lock(mu_);
    if (buffer_.size() + in_flight_ >= options_.capacity) {
      ++stats_.dropped;
      return;
    }
    buffer_.push_back(entry);
    ++stats_.recorded;
    // The writer sleeps until the buffer has something (then waits up to the flush interval for
    // a full batch): wake it for the first entry and for a full batch.
    if (buffer_.size() == 1 || buffer_.size() >= options_.batch_size) wake_.notify_one();
  } catch (...) {  // allocation failure or a broken mutex: lose the entry, never the request
  }
}

QueryLoggerStats PgQueryLogger::Stats() const {
  std::lock_guard lock(mu_);
  QueryLoggerStats s = stats_;
  s.pending = buffer_.size() + in_flight_;
  return s;
}

bool PgQueryLogger::Flush(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  wake_.notify_all();
  return written_cv_.wait_for(lock, timeout, [&] { return buffer_.empty() && in_flight_ == 0; });
}

void PgQueryLogger::Run(const std::stop_token& stop) {
  auto backoff = options_.min_backoff;
  bool down = false;
  while (true) {
    std::vector<QueryLogEntry> batch;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, stop, [&] { return !buffer_.empty(); });
      if (buffer_.empty()) break;  // stopping, and everything is written
      if (buffer_.size() < options_.batch_size && !stop.stop_requested()) {
        // Let a batch fill up, but no entry waits longer than the flush interval.
        wake_.wait_for(lock, stop, options_.flush_interval,
                       [&] { return buffer_.size() >= options_.batch_size; });
      }
      size_t n = std::min(buffer_.size(), options_.batch_size);
      batch.assign(std::make_move_iterator(buffer_.begin()),
                   std::make_move_iterator(buffer_.begin() + static_cast<std::ptrdiff_t>(n)));
      buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(n));
      in_flight_ = n;
    }
    Status written = Write(batch);
    bool ok = written.has_value();
    {
      std::lock_guard lock(mu_);
      in_flight_ = 0;
      if (ok) {
        stats_.written += batch.size();
      } else {  // keep them, in order, for the next attempt
        ++stats_.failed_writes;
        buffer_.insert(buffer_.begin(), std::make_move_iterator(batch.begin()),
                       std::make_move_iterator(batch.end()));
      }
    }
    written_cv_.notify_all();
    if (ok) {
      if (down && options_.log) options_.log("query log: PostgreSQL is back, writing again");
      down = false;
      backoff = options_.min_backoff;
      continue;
    }
    if (stop.stop_requested()) break;  // the last attempt failed: what is buffered is lost
    if (!down && options_.log) {
      options_.log("query log: cannot write to PostgreSQL (" + written.error().message +
                   "); buffering up to " + std::to_string(options_.capacity) +
                   " entries and retrying");
    }
    down = true;
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, stop, backoff, [] { return false; });
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

Status PgQueryLogger::Write(const std::vector<QueryLogEntry>& batch) {
  try {
    if (!conn_ || !conn_->is_open()) {
      conn_.reset();
      auto conn = db::Connect(conninfo_);
      if (!conn) return std::unexpected(conn.error());
      conn_ = std::move(*conn);
    }
    pqxx::work tx(*conn_);
    // COPY, not INSERT: PostgreSQL parses and plans a 500-row VALUES list at several times
    // the cost of reading the same rows as COPY text, on the machine the searches run on.
    std::string rows;
    char latency[32];
    for (const QueryLogEntry& e : batch) {
      std::snprintf(latency, sizeof latency, "%.3f", e.latency_ms >= 0 ? e.latency_ms : 0.0);
      db::AppendCopyField(rows, FormatTimestamp(e.at));
      rows += '\t';
      db::AppendCopyField(rows, EndpointName(e.endpoint));
      rows += '\t';
      db::AppendCopyField(rows, CleanText(e.raw_query));
      rows += '\t';
      db::AppendCopyField(rows, CleanText(e.normalized_query));
      rows += '\t';
      db::AppendCopyField(rows, CleanJson(e.filters_json));
      rows += '\t' + std::to_string(std::max<int64_t>(e.result_count, 0)) + '\t';
      if (e.zero_cause == ZeroCause::kNone) {
        rows += "\\N";
      } else {
        db::AppendCopyField(rows, ZeroCauseName(e.zero_cause));
      }
      rows += '\t';
      rows += latency;
      rows += '\t';
      if (e.session_id) {
        db::AppendCopyField(rows, CleanText(e.session_id->substr(0, kMaxSessionIdBytes)));
      } else {
        rows += "\\N";
      }
      rows += '\n';
    }
    static const std::vector<std::string> kColumns = {
        "logged_at",    "endpoint",   "raw_query",  "normalized_query", "filters",
        "result_count", "zero_cause", "latency_ms", "session_id"};
    db::CopyRows(tx, "query_log", kColumns, rows);
    tx.commit();
    return {};
  } catch (const std::exception& e) {
    // Retry on a fresh connection: a server restart can surface as an SQL error, not only as
    // broken_connection. Rows are cleaned above, so a batch is not refused for what it holds.
    conn_.reset();
    return std::unexpected(db::ErrorFromException(e));
  }
}

}  // namespace starry::analytics
