// @brief A bounded pool of PostgreSQL connections for request handlers.
//
// At most `size` connections exist; Acquire() blocks until one is free or `acquire_timeout`
// passes (then kUnavailable, so a stuck database turns into 503s, not piled-up threads).
// Connections are opened lazily, and one that is found closed, or that its user marked broken,
// is dropped and replaced by a fresh one on a later Acquire().
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "common/result.h"
#include "db/connection.h"
#include "db/pq.h"

namespace starry::db {

struct PoolOptions {
  size_t size = 4;
  std::chrono::milliseconds acquire_timeout = std::chrono::seconds(5);
};

class ConnectionPool {
 public:
  // A connection on loan; goes back to the pool when destroyed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();

    pqxx::connection& operator*() const { return *conn_; }
    pqxx::connection* operator->() const { return conn_.get(); }
    // The connection must not be reused (after a broken_connection, say): it is closed on return.
    void MarkBroken() { broken_ = true; }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<pqxx::connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    ConnectionPool* pool_;
    std::unique_ptr<pqxx::connection> conn_;
    bool broken_ = false;
  };

  ConnectionPool(std::string conninfo, PoolOptions options = {});
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;
  // Every lease must have been returned.
  ~ConnectionPool() = default;

  // Errors: kUnavailable when no connection frees up within the timeout or PostgreSQL cannot be
  // reached (message redacted, see db/connection.h).
  Result<Lease> Acquire();

  // Runs `f(pqxx::connection&)`, which returns a Result, on a leased connection. A libpqxx
  // exception escaping `f` becomes an Error (db::ErrorFromException); after a broken connection
  // the connection is replaced.
  template <typename F>
  auto Run(F&& f) -> std::invoke_result_t<F, pqxx::connection&> {
    auto lease = Acquire();
    if (!lease) return std::unexpected(lease.error());
    try {
      return f(**lease);
    } catch (const pqxx::broken_connection& e) {
      lease->MarkBroken();
      return std::unexpected(ErrorFromException(e));
    } catch (const std::exception& e) {
      if (!(*lease)->is_open()) lease->MarkBroken();
      return std::unexpected(ErrorFromException(e));
    }
  }

  size_t size() const { return options_.size; }

 private:
  void Return(std::unique_ptr<pqxx::connection> conn, bool broken);

  std::string conninfo_;
  PoolOptions options_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  size_t in_use_ = 0;  // leased, plus slots reserved by Acquire() while it connects
};

}  // namespace starry::db
