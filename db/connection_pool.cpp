#include "db/connection_pool.h"

#include "db/connection.h"

namespace starry::db {

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), conn_(std::move(other.conn_)), broken_(other.broken_) {
  other.pool_ = nullptr;
}

ConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->Return(std::move(conn_), broken_);
}

ConnectionPool::ConnectionPool(std::string conninfo, PoolOptions options)
    : conninfo_(std::move(conninfo)), options_(options) {
  if (options_.size == 0) options_.size = 1;
}

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  std::unique_ptr<pqxx::connection> conn;
  {
    std::unique_lock lock(mutex_);
    bool got = freed_.wait_for(lock, options_.acquire_timeout, [this] {
      return !idle_.empty() || in_use_ + idle_.size() < options_.size;
    });
    if (!got) {
      return MakeError(ErrorCode::kUnavailable, "all database connections are busy; try again");
    }
    ++in_use_;
    if (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (conn && !conn->is_open()) conn.reset();  // dropped while idle: replace it
  if (!conn) {
    auto fresh = Connect(conninfo_);
    if (!fresh) {
      Return(nullptr, true);
      return std::unexpected(fresh.error());
    }
    conn = std::move(*fresh);
  }
  return Lease(this, std::move(conn));
}

void ConnectionPool::Return(std::unique_ptr<pqxx::connection> conn, bool broken) {
  if (broken || (conn && !conn->is_open())) conn.reset();
  {
    std::lock_guard lock(mutex_);
    --in_use_;
    if (conn) idle_.push_back(std::move(conn));
  }
  freed_.notify_one();
}

}  // namespace starry::db
