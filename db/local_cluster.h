// @brief The private PostgreSQL cluster used when no DATABASE_URL is given.
//
// Lives under <data_dir>/postgres: created on first use with Debian's PostgreSQL 15 binaries
// (run as the `postgres` user when we are root, since initdb refuses root), listening on
// 127.0.0.1 only, on a free port, password-protected (scram) with a generated password kept
// in a 0600 file. Every process that uses the cluster holds a shared lock on it; the last one
// to let go stops it cleanly, unless it was pinned with `starry pg start`.
#pragma once

#include <filesystem>
#include <string>

#include "common/result.h"

namespace starry::db {

struct LocalClusterOptions {
  std::filesystem::path data_dir;   // STARRY_DATA_DIR; the cluster lives in data_dir/postgres
  std::string database = "starry";  // created when missing
  bool unsafe_fast = false;         // fsync off: throwaway test clusters only
  std::filesystem::path bin_dir = "/usr/lib/postgresql/15/bin";
};

class LocalCluster {
 public:
  // Starts the cluster (initialising it on first use) or attaches to the running one.
  // Errors: kUnavailable (binaries missing, initdb/pg_ctl failed: the log path is named),
  // kFailedPrecondition (the postgres user cannot reach data_dir).
  static Result<LocalCluster> Open(const LocalClusterOptions& options);

  LocalCluster(LocalCluster&& other) noexcept;
  LocalCluster& operator=(LocalCluster&&) = delete;
  LocalCluster(const LocalCluster&) = delete;
  ~LocalCluster();  // Release()

  // conninfo (key=value) for the database, with the password.
  const std::string& conninfo() const { return conninfo_; }
  // conninfo for another database of the same cluster.
  std::string ConnInfoFor(const std::string& database) const;
  int port() const { return port_; }

  // Keeps the cluster running after this process lets go (`starry pg start`).
  Status Pin();
  // Lets go of the cluster; stops it if this was the last user and it is not pinned.
  void Release();
  // Stops the cluster now whoever uses it (`starry pg stop`), and unpins it.
  static Status StopNow(const LocalClusterOptions& options);

 private:
  LocalCluster(std::filesystem::path root, std::filesystem::path bin_dir, int users_fd, int port,
               std::string password, const std::string& database);

  std::filesystem::path root_;
  std::filesystem::path bin_dir_;
  int users_fd_ = -1;  // holds a shared flock while this process uses the cluster
  int port_ = 0;
  std::string password_;
  std::string conninfo_;
};

}  // namespace starry::db
