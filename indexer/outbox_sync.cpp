#include "indexer/outbox_sync.h"

#include <set>
#include <thread>

#include "db/connection.h"
#include "indexer/catalog_reader.h"
#include "indexer/document_builder.h"
#include "indexer/index_updater.h"
#include "schema/document_schema.h"

namespace starry::indexer {
namespace {

class Wakeup : public pqxx::notification_receiver {
 public:
  explicit Wakeup(pqxx::connection& conn) : pqxx::notification_receiver(conn, "search_outbox") {}
  void operator()(const std::string&, int) override {}
};

}  // namespace

OutboxSync::OutboxSync(std::string conninfo, IndexStore store, const analyzers::Analyzer& analyzer,
                       SyncOptions options)
    : conninfo_(std::move(conninfo)),
      store_(std::move(store)),
      analyzer_(analyzer),
      options_(std::move(options)) {}

OutboxSync::~OutboxSync() {
  receiver_.reset();
  if (writer_) {
    try {
      writer_->close();
    } catch (const Xapian::Error&) {
    }
  }
}

void OutboxSync::Log(const std::string& line) const {
  if (options_.log) options_.log(line);
}

Status OutboxSync::EnsureConnected() {
  if (conn_ && conn_->is_open()) return {};
  receiver_.reset();
  conn_.reset();
  auto conn = db::Connect(conninfo_);
  if (!conn) return std::unexpected(conn.error());
  conn_ = std::move(*conn);
  try {
    receiver_ = std::make_unique<Wakeup>(*conn_);  // issues LISTEN
  } catch (const std::exception& e) {
    conn_.reset();
    return std::unexpected(db::ErrorFromException(e));
  }
  return {};
}

// Opens (or reopens, after a swap) the writer on the live generation.
Status OutboxSync::EnsureWriter() {
  auto live = store_.LiveDir();
  if (!live) return std::unexpected(live.error());
  if (writer_ && writer_dir_ == *live) return {};
  try {
    if (writer_) writer_->close();
    writer_.reset();
    Xapian::WritableDatabase db(live->string(), Xapian::DB_OPEN);
    std::string version = db.get_metadata(std::string(schema::kMetaSchemaVersion));
    if (version != std::to_string(schema::kSchemaVersion)) {
      return MakeError(ErrorCode::kFailedPrecondition, "the index was built with schema version " +
                                                           version + ", this starry " + "writes " +
                                                           std::to_string(schema::kSchemaVersion) +
                                                           "; run `starry reindex`");
    }
    writer_.emplace(std::move(db));
    writer_dir_ = *live;
  } catch (const Xapian::Error& e) {
    writer_.reset();
    return MakeError(ErrorCode::kUnavailable,
                     "cannot open the index for writing: " + e.get_description());
  }
  return {};
}

Result<SyncBatchReport> OutboxSync::RunBatch() {
  SyncBatchReport report;
  auto lock = store_.LockForWriting();
  if (!lock) return std::unexpected(lock.error());
  if (auto s = EnsureWriter(); !s) return std::unexpected(s.error());
  try {
    pqxx::work tx(*conn_);
    std::string row_ids = "{";
    std::set<std::string> changed;
    int64_t last_id = 0;
    for (const auto& row :
         tx.exec_params("SELECT id, celebrity_id FROM search_outbox WHERE processed_at IS NULL "
                        "ORDER BY id LIMIT $1",
                        options_.batch_size)) {
      row_ids += (report.rows++ ? "," : "") + row[0].as<std::string>();
      last_id = row[0].as<int64_t>();
      changed.insert(row[1].as<std::string>());
    }
    row_ids += "}";
    if (report.rows == 0) return report;
    std::vector<std::string> ids(changed.begin(), changed.end());
    auto records = ReadCelebrities(tx, ids);
    if (!records) return std::unexpected(records.error());
    DocumentBuilder builder(analyzer_);
    ApplyChanges(*writer_, builder, ids, *records);
    writer_->commit();  // visible to readers before the rows count as done
    tx.exec_params("UPDATE search_outbox SET processed_at = now() WHERE id = ANY($1::bigint[])",
                   row_ids);
    tx.exec_params(
        "INSERT INTO search_index_state (name, value) VALUES ('last_synced_outbox_id', $1) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = now()",
        std::to_string(last_id));
    tx.commit();
    report.celebrities = static_cast<int>(ids.size());
  } catch (const Xapian::Error& e) {
    writer_.reset();  // reopened next time
    return MakeError(ErrorCode::kUnavailable, "index update failed: " + e.get_description());
  } catch (const std::exception& e) {
    return std::unexpected(db::ErrorFromException(e));
  }
  return report;
}

Result<SyncBatchReport> OutboxSync::RunOnce() {
  if (auto s = EnsureConnected(); !s) return std::unexpected(s.error());
  SyncBatchReport total;
  for (;;) {
    auto batch = RunBatch();
    if (!batch) return batch;
    total.rows += batch->rows;
    total.celebrities += batch->celebrities;
    if (batch->rows < options_.batch_size) break;
  }
  auto now = std::chrono::steady_clock::now();
  if (now - last_prune_ > std::chrono::minutes(10)) {
    last_prune_ = now;
    try {
      pqxx::work tx(*conn_);
      tx.exec_params(
          "DELETE FROM search_outbox WHERE processed_at < now() - make_interval(hours => $1)",
          static_cast<int>(options_.keep_processed.count()));
      tx.commit();
    } catch (const std::exception&) {  // pruning is housekeeping; retried later
    }
  }
  return total;
}

void OutboxSync::Run(const std::stop_token& stop) {
  auto backoff = std::chrono::milliseconds(100);
  std::string last_problem;
  while (!stop.stop_requested()) {
    auto result = RunOnce();
    if (!result) {
      if (result.error().message != last_problem) {
        Log("sync: " + result.error().message);
        last_problem = result.error().message;
      }
      if (result.error().code == ErrorCode::kUnavailable) {
        receiver_.reset();
        conn_.reset();  // reconnect from scratch
      }
      for (auto slept = std::chrono::milliseconds(0); slept < backoff && !stop.stop_requested();
           slept += std::chrono::milliseconds(50)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      backoff = std::min(backoff * 2, options_.max_backoff);
      continue;
    }
    if (!last_problem.empty()) {
      Log("sync: recovered");
      last_problem.clear();
    }
    backoff = std::chrono::milliseconds(100);
    if (result->rows > 0) continue;  // more may have arrived meanwhile
    // Sleep until NOTIFY or the poll interval, waking every 200 ms to honour `stop`.
    auto deadline = std::chrono::steady_clock::now() + options_.poll_interval;
    try {
      while (!stop.stop_requested() && std::chrono::steady_clock::now() < deadline) {
        if (conn_->await_notification(0, 200000) > 0) break;
      }
    } catch (const std::exception&) {
      receiver_.reset();
      conn_.reset();
    }
  }
}

}  // namespace starry::indexer
