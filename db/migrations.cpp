#include "db/migrations.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

#include "db/connection.h"

namespace starry::db {
namespace {

constexpr int64_t kMigrationLockKey = 0x57a44e4d;  // pg_advisory_lock key for migrations

std::string Checksum(std::string_view text) {
  uint64_t h = 1469598103934665603ULL;  // FNV-1a 64
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

void EnsureTable(pqxx::connection& conn) {
  pqxx::nontransaction tx(conn);
  tx.exec0(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
      " applied_at timestamptz NOT NULL DEFAULT now())");
}

// version -> checksum of what is applied.
std::map<int, std::string> Applied(pqxx::connection& conn) {
  pqxx::nontransaction tx(conn);
  std::map<int, std::string> applied;
  for (const auto& row : tx.exec("SELECT version, checksum FROM schema_migrations")) {
    applied[row[0].as<int>()] = row[1].as<std::string>();
  }
  return applied;
}

class AdvisoryLock {
 public:
  explicit AdvisoryLock(pqxx::connection& conn) : conn_(conn) {
    pqxx::nontransaction(conn_).exec_params("SELECT pg_advisory_lock($1)", kMigrationLockKey);
  }
  ~AdvisoryLock() {
    try {
      pqxx::nontransaction(conn_).exec_params("SELECT pg_advisory_unlock($1)", kMigrationLockKey);
    } catch (...) {  // the session ends with the connection anyway
    }
  }
  AdvisoryLock(const AdvisoryLock&) = delete;
  AdvisoryLock& operator=(const AdvisoryLock&) = delete;

 private:
  pqxx::connection& conn_;
};

}  // namespace

std::span<const Migration> EmbeddedMigrations() {
  static const std::vector<Migration> migrations = [] {
    std::vector<Migration> out;
    for (const EmbeddedFile& f : MigrationFiles()) {
      std::string_view name = f.name.substr(0, f.name.rfind('.'));
      out.push_back({std::atoi(std::string(name).c_str()), name, f.content});
    }
    std::sort(out.begin(), out.end(),
              [](const Migration& a, const Migration& b) { return a.version < b.version; });
    return out;
  }();
  return migrations;
}

Result<int> SchemaVersion(pqxx::connection& conn) {
  try {
    pqxx::nontransaction tx(conn);
    auto exists = tx.exec1("SELECT to_regclass('schema_migrations') IS NOT NULL");
    if (!exists[0].as<bool>()) return 0;
    return tx.exec1("SELECT coalesce(max(version), 0) FROM schema_migrations")[0].as<int>();
  } catch (const std::exception& e) {
    return std::unexpected(ErrorFromException(e));
  }
}

Status RequireMigrated(pqxx::connection& conn, std::span<const Migration> migrations) {
  std::set<int> applied;
  try {
    pqxx::nontransaction tx(conn);
    if (tx.exec1("SELECT to_regclass('schema_migrations') IS NOT NULL")[0].as<bool>()) {
      for (const auto& row : tx.exec("SELECT version FROM schema_migrations")) {
        applied.insert(row[0].as<int>());
      }
    }
  } catch (const std::exception& e) {
    return std::unexpected(ErrorFromException(e));
  }
  std::vector<std::string_view> missing;
  for (const Migration& m : migrations) {
    if (!applied.contains(m.version)) missing.push_back(m.name);
  }
  if (missing.empty()) return {};
  if (applied.empty()) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the database is not migrated; run `starry migrate` first");
  }
  std::string names;
  for (std::string_view name : missing) {
    if (!names.empty()) names += ", ";
    names += name;
  }
  return MakeError(ErrorCode::kFailedPrecondition,
                   std::string(missing.size() == 1 ? "the database lacks migration "
                                                   : "the database lacks migrations ") +
                       names + "; run `starry migrate` first");
}

Result<MigrationReport> Migrate(pqxx::connection& conn, std::span<const Migration> migrations) {
  MigrationReport report;
  int newest_known = migrations.empty() ? 0 : migrations.back().version;
  try {
    AdvisoryLock lock(conn);
    EnsureTable(conn);
    auto applied = Applied(conn);
    report.from_version = applied.empty() ? 0 : applied.rbegin()->first;
    if (report.from_version > newest_known) {
      return MakeError(ErrorCode::kFailedPrecondition,
                       "the database schema is at version " + std::to_string(report.from_version) +
                           ", newer than this starry knows (" + std::to_string(newest_known) +
                           "); upgrade starry instead of migrating");
    }
    for (const Migration& m : migrations) {
      std::string checksum = Checksum(m.sql);
      auto it = applied.find(m.version);
      if (it != applied.end()) {
        if (it->second != checksum) {
          return MakeError(ErrorCode::kFailedPrecondition,
                           "migration " + std::string(m.name) +
                               " was changed after it was applied; add a new migration instead");
        }
        continue;
      }
      try {
        pqxx::work tx(conn);
        tx.exec(std::string(m.sql));
        tx.exec_params("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1,$2,$3)",
                       m.version, std::string(m.name), checksum);
        tx.commit();
      } catch (const pqxx::sql_error& e) {
        std::string what = e.what();
        if (auto nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
        return MakeError(ErrorCode::kInternal, "migration " + std::string(m.name) +
                                                   " failed and was rolled back: " + what);
      }
      report.applied.push_back(m.version);
    }
    report.to_version =
        std::max(report.from_version, report.applied.empty() ? 0 : report.applied.back());
  } catch (const std::exception& e) {
    return std::unexpected(ErrorFromException(e));
  }
  return report;
}

}  // namespace starry::db
