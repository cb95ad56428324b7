// @brief Chooses the database: DATABASE_URL when set, else the private cluster under the data dir.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "common/result.h"
#include "db/local_cluster.h"

namespace starry::db {

struct DatabaseTarget {
  std::string conninfo;                 // with password; never print it, print `description`
  std::string description;              // redacted, for messages
  std::optional<LocalCluster> cluster;  // set when we use (and hold) the private cluster
};

// database_url: DATABASE_URL (empty or absent: private cluster under data_dir).
// Errors: those of LocalCluster::Open; DATABASE_URL is only checked when connecting.
Result<DatabaseTarget> LocateDatabase(const std::optional<std::string>& database_url,
                                      const std::filesystem::path& data_dir);

}  // namespace starry::db
