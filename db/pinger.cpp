#include "db/pinger.h"

#include "db/connection.h"

namespace starry::db {

Status Pinger::Ping() {
  std::lock_guard lock(mu_);
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!conn_ || !conn_->is_open()) {
      auto conn = Connect(conninfo_);
      if (!conn) return std::unexpected(conn.error());
      conn_ = std::move(*conn);
    }
    try {
      pqxx::nontransaction(*conn_).exec1("SELECT 1");
      return {};
    } catch (const std::exception&) {
      conn_.reset();  // dropped (PostgreSQL restarted?): reconnect once
    }
  }
  return MakeError(ErrorCode::kUnavailable, "PostgreSQL does not answer");
}

}  // namespace starry::db
