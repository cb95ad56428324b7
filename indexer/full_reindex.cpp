#include "indexer/full_reindex.h"

#include <ctime>
#include <set>
#include <thread>

#include "common/bounded_queue.h"
#include "db/connection.h"
#include "indexer/catalog_reader.h"
#include "indexer/document_builder.h"
#include "indexer/index_updater.h"
#include "schema/document_schema.h"

namespace starry::indexer {
namespace fs = std::filesystem;

namespace {

constexpr size_t kBatchSize = 500;   // celebrities per pipeline batch
constexpr size_t kQueueBatches = 8;  // batches in flight between two stages

// The outbox rows a snapshot did not see. pg_snapshot_xmin bounds the scan: every transaction
// older than it was finished, hence visible, when the snapshot was taken.
constexpr const char* kUnseenRows =
    "FROM search_outbox WHERE txid >= pg_snapshot_xmin($1::pg_snapshot) "
    "AND NOT pg_visible_in_snapshot(txid, $1::pg_snapshot)";

}  // namespace

Result<ReindexReport> FullReindex(const std::string& conninfo, const IndexStore& store,
                                  const analyzers::Analyzer& analyzer,
                                  const ReindexOptions& options) {
  auto reindex_lock = store.LockForReindex();
  if (!reindex_lock) return std::unexpected(reindex_lock.error());
  auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  {
    auto writer_lock = store.LockForWriting();
    if (!writer_lock) return std::unexpected(writer_lock.error());
    store.RemoveUnused();
  }

  auto conn = db::Connect(conninfo);
  if (!conn) return std::unexpected(conn.error());
  ReindexReport report;
  report.dir = store.NewGenerationDir();
  DocumentBuilder builder(analyzer);
  std::string snapshot;
  try {
    Xapian::WritableDatabase db(report.dir.string(), Xapian::DB_CREATE);
    db.set_metadata(std::string(schema::kMetaSchemaVersion),
                    std::to_string(schema::kSchemaVersion));
    {
      pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only>
          tx(**conn);
      snapshot = tx.exec1("SELECT pg_current_snapshot()::text")[0].as<std::string>();
      int64_t total =
          tx.exec1(
                "SELECT count(*) FROM celebrities c JOIN categories cat ON cat.id = c.category_id "
                "WHERE c.is_active AND cat.is_active")[0]
              .as<int64_t>();
      // Three stages on their own threads: this one streams rows from PostgreSQL, a builder
      // turns them into documents, a writer adds those to Xapian. Batches move between them
      // whole, so no Xapian::Document (whose reference count is not atomic) is shared.
      BoundedQueue<std::vector<CelebrityRecord>> records(kQueueBatches);
      BoundedQueue<std::vector<Xapian::Document>> documents(kQueueBatches);
      // An exception escaping a thread would terminate the process (the server, when the
      // reindex runs inside it): each stage catches everything, records it, and closes both
      // queues so the other stages stop too.
      std::string build_error, write_error;
      std::jthread build_thread([&] {
        try {
          while (auto batch = records.Pop()) {
            std::vector<Xapian::Document> docs;
            docs.reserve(batch->size());
            for (const auto& record : *batch) docs.push_back(builder.Build(record));
            if (!documents.Push(std::move(docs))) break;
          }
        } catch (const Xapian::Error& e) {
          build_error = e.get_description();
        } catch (const std::exception& e) {
          build_error = e.what();
        }
        records.Close();
        documents.Close();
      });
      std::jthread write_thread([&] {
        try {
          while (auto batch = documents.Pop()) {
            for (auto& doc : *batch) db.add_document(doc);
            report.documents += static_cast<int64_t>(batch->size());
            if (options.progress) options.progress({report.documents, total, elapsed()});
          }
        } catch (const Xapian::Error& e) {
          write_error = e.get_description();
        } catch (const std::exception& e) {
          write_error = e.what();
        }
        records.Close();  // stops the reader and the builder early on failure
        documents.Close();
      });
      std::vector<CelebrityRecord> batch;
      Status read = ReadAllCelebrities(tx, [&](CelebrityRecord&& record) -> Status {
        batch.push_back(std::move(record));
        if (batch.size() == kBatchSize && !records.Push(std::exchange(batch, {}))) {
          return MakeError(ErrorCode::kUnavailable, "index pipeline stopped");
        }
        return {};
      });
      if (read && !batch.empty()) records.Push(std::move(batch));
      records.Close();
      build_thread.join();
      write_thread.join();
      if (!write_error.empty() || !build_error.empty()) {
        return MakeError(
            ErrorCode::kUnavailable,
            "index build failed: " + (write_error.empty() ? build_error : write_error));
      }
      if (!read) return std::unexpected(read.error());
      tx.commit();
    }
    db.commit();
    if (options.before_swap) options.before_swap();

    // Catch up and swap with sync paused.
    auto writer_lock = store.LockForWriting();
    if (!writer_lock) return std::unexpected(writer_lock.error());
    pqxx::work tx(**conn);
    std::set<std::string> changed_set;
    std::string replayed_ids = "{";  // exactly the rows read here: later ones are sync's
    for (const auto& row :
         tx.exec_params(std::string("SELECT id, celebrity_id ") + kUnseenRows, snapshot)) {
      replayed_ids += (replayed_ids.size() > 1 ? "," : "") + row[0].as<std::string>();
      changed_set.insert(row[1].as<std::string>());
    }
    replayed_ids += "}";
    std::vector<std::string> changed(changed_set.begin(), changed_set.end());
    auto records = ReadCelebrities(tx, changed);
    if (!records) return std::unexpected(records.error());
    ApplyChanges(db, builder, changed, *records);
    report.caught_up = static_cast<int64_t>(changed.size());
    db.set_metadata(std::string(schema::kMetaBuiltAt), std::to_string(std::time(nullptr)));
    db.commit();
    db.close();
    if (auto s = store.MakeLive(report.dir); !s) return std::unexpected(s.error());
    // Everything the snapshot saw or the catch-up replayed is in the live index now.
    tx.exec_params(
        "UPDATE search_outbox SET processed_at = now() WHERE processed_at IS NULL AND "
        "(pg_visible_in_snapshot(txid, $1::pg_snapshot) OR id = ANY($2::bigint[]))",
        snapshot, replayed_ids);
    tx.exec_params(
        "INSERT INTO search_index_state (name, value) VALUES ('last_reindex', $1) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = now()",
        report.dir.filename().string());
    tx.commit();
  } catch (const Xapian::Error& e) {
    return MakeError(ErrorCode::kUnavailable, "index write failed: " + e.get_description());
  } catch (const std::exception& e) {
    return std::unexpected(db::ErrorFromException(e));
  }
  // The previous generation is no longer live; readers that still have it open keep their
  // file handles, and open the new one when they see the stub change.
  {
    auto writer_lock = store.LockForWriting();
    if (writer_lock) store.RemoveUnused();
  }
  report.bytes = IndexStore::SizeOnDisk(report.dir);
  report.seconds = elapsed();
  return report;
}

}  // namespace starry::indexer
