// @brief Numbered SQL migrations (db/migrations/NNNN_name.sql) and the runner that applies them.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "common/embedded_file.h"
#include "common/result.h"
#include "db/pq.h"

namespace starry::db {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// The migration files compiled into this binary (db/migrations/*.sql).
std::span<const EmbeddedFile> MigrationFiles();

// The migrations compiled into this binary, in version order. A file's version is the number
// its name starts with.
std::span<const Migration> EmbeddedMigrations();

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
  std::vector<int> applied;
};

// Applies every migration newer than the database's version, each in its own transaction
// together with its row in schema_migrations; concurrent runners wait on an advisory lock.
// A failing migration is rolled back whole and stops the run.
// Errors: kFailedPrecondition when the database was migrated by a newer version, or an applied
// migration's text changed; kInternal when a migration's SQL fails (its name is given);
// kUnavailable when the connection drops.
Result<MigrationReport> Migrate(pqxx::connection& conn, std::span<const Migration> migrations);

// The highest applied version (0 for an empty database).
Result<int> SchemaVersion(pqxx::connection& conn);

// Whether every one of `migrations` is applied: what commands that use the schema check before
// starting. A gap counts (0006 applied without 0005); migrations newer than this binary's do
// not (an older binary may run against a schema migrated ahead of it).
// Errors: kFailedPrecondition naming the missing migrations; kUnavailable when the connection
// drops.
Status RequireMigrated(pqxx::connection& conn, std::span<const Migration> migrations);

}  // namespace starry::db
