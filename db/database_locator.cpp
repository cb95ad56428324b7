#include "db/database_locator.h"

#include "db/connection_settings.h"

namespace starry::db {

Result<DatabaseTarget> LocateDatabase(const std::optional<std::string>& database_url,
                                      const std::filesystem::path& data_dir) {
  DatabaseTarget target;
  if (database_url && !database_url->empty()) {
    target.conninfo = *database_url;
    target.description = RedactConnInfo(*database_url);
    return target;
  }
  LocalClusterOptions options;
  options.data_dir = data_dir;
  auto cluster = LocalCluster::Open(options);
  if (!cluster) return std::unexpected(cluster.error());
  target.conninfo = cluster->conninfo();
  target.description = "the private PostgreSQL on 127.0.0.1:" + std::to_string(cluster->port()) +
                       " (" + (data_dir / "postgres").string() + ")";
  target.cluster.emplace(std::move(*cluster));
  return target;
}

}  // namespace starry::db
