// The connection pool: bounded, waits then fails with kUnavailable, replaces dead connections.
#include "db/connection_pool.h"

#include <gtest/gtest.h>

#include <thread>

#include "tests/support/test_database.h"

namespace starry::db {
namespace {

using namespace std::chrono_literals;

TEST(ConnectionPoolTest, IsBoundedAndTimesOut) {
  starry::testing::TestDatabase db;
  ConnectionPool pool(db.conninfo(), {.size = 2, .acquire_timeout = 200ms});
  auto a = pool.Acquire();
  auto b = pool.Acquire();
  ASSERT_TRUE(a && b);
  auto start = std::chrono::steady_clock::now();
  auto c = pool.Acquire();
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kUnavailable);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);
  // A waiter gets the connection as soon as one comes back.
  std::thread release([&] {
    std::this_thread::sleep_for(50ms);
    auto returned = std::move(*a);
  });
  auto d = pool.Acquire();
  release.join();
  EXPECT_TRUE(d);
}

TEST(ConnectionPoolTest, ReusesConnectionsAndReplacesDeadOnes) {
  starry::testing::TestDatabase db;
  ConnectionPool pool(db.conninfo(), {.size = 1, .acquire_timeout = 1s});
  int pid = 0;
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease);
    pid = (*lease)->backendpid();
  }
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease);
    EXPECT_EQ((*lease)->backendpid(), pid);  // the same connection, reused
  }
  // Kill the pooled connection's backend from outside.
  auto admin = db.Connect();
  pqxx::nontransaction(*admin).exec1("SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
  auto failed = pool.Run([](pqxx::connection& conn) -> Result<int> {
    return pqxx::nontransaction(conn).exec1("SELECT 1")[0].as<int>();
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kUnavailable);
  // The broken one was dropped: the next Run gets a fresh, working connection.
  auto ok = pool.Run([](pqxx::connection& conn) -> Result<int> {
    return pqxx::nontransaction(conn).exec1("SELECT 41 + 1")[0].as<int>();
  });
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(*ok, 42);
}

TEST(ConnectionPoolTest, UnreachableDatabaseIsUnavailableAndFreesTheSlot) {
  ConnectionPool pool("host=127.0.0.1 port=1 dbname=x connect_timeout=2",
                      {.size = 1, .acquire_timeout = 100ms});
  for (int i = 0; i < 2; ++i) {  // the failed attempt gave its slot back
    auto lease = pool.Acquire();
    ASSERT_FALSE(lease);
    EXPECT_EQ(lease.error().code, ErrorCode::kUnavailable);
  }
}

}  // namespace
}  // namespace starry::db
