// @brief A cheap, bounded "is PostgreSQL reachable" check for readiness probes.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "common/result.h"
#include "db/pq.h"

namespace starry::db {

// Keeps one connection and runs SELECT 1 on it, reconnecting (with the connect timeout) when it
// has dropped. Safe to call from several threads.
class Pinger {
 public:
  explicit Pinger(std::string conninfo) : conninfo_(std::move(conninfo)) {}
  // Errors: kUnavailable with a redacted reason.
  Status Ping();

 private:
  std::mutex mu_;
  std::string conninfo_;
  std::unique_ptr<pqxx::connection> conn_;
};

}  // namespace starry::db
