// @brief A fresh PostgreSQL database per test suite, in the test run's throwaway cluster.
#pragma once

#include <string>

#include "db/connection.h"

namespace starry::testing {

// Creates a uniquely named database on construction and drops it on destruction.
// The cluster comes from STARRY_TEST_PG_FILE (set by ctest, see tests/support/CMakeLists.txt);
// run a test binary through ctest so the cluster fixture starts first.
class TestDatabase {
 public:
  explicit TestDatabase(bool migrated = true);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& conninfo() const { return conninfo_; }
  const std::string& name() const { return name_; }
  // The cluster's conninfo for its `postgres` database (for CREATE/DROP DATABASE).
  const std::string& admin_conninfo() const { return admin_conninfo_; }
  std::unique_ptr<pqxx::connection> Connect() const;

 private:
  std::string admin_conninfo_;
  std::string conninfo_;
  std::string name_;
};

}  // namespace starry::testing
