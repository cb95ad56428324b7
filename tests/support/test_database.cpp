#include "tests/support/test_database.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <regex>

#include "db/migrations.h"

namespace starry::testing {
namespace {

std::string AdminConnInfo() {
  const char* file = std::getenv("STARRY_TEST_PG_FILE");
  if (file == nullptr) {
    ADD_FAILURE() << "STARRY_TEST_PG_FILE is not set: run this test through ctest";
    std::abort();
  }
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  if (line.empty()) {
    ADD_FAILURE() << "no test cluster conninfo in " << file;
    std::abort();
  }
  return line;
}

std::string UniqueName() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return "t_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(rd() % 100000);
}

}  // namespace

TestDatabase::TestDatabase(bool migrated) : admin_conninfo_(AdminConnInfo()), name_(UniqueName()) {
  conninfo_ = std::regex_replace(admin_conninfo_, std::regex("dbname=\\S+"), "dbname=" + name_);
  auto admin = db::Connect(admin_conninfo_);
  if (!admin) {
    ADD_FAILURE() << admin.error().message;
    std::abort();
  }
  pqxx::nontransaction(**admin).exec0("CREATE DATABASE " + name_);
  if (migrated) {
    auto conn = Connect();
    auto report = db::Migrate(*conn, db::EmbeddedMigrations());
    if (!report) {
      ADD_FAILURE() << report.error().message;
      std::abort();
    }
  }
}

TestDatabase::~TestDatabase() {
  auto admin = db::Connect(admin_conninfo_);
  if (!admin) return;
  try {
    pqxx::nontransaction(**admin).exec0("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception&) {
  }
}

std::unique_ptr<pqxx::connection> TestDatabase::Connect() const {
  auto conn = db::Connect(conninfo_);
  if (!conn) {
    ADD_FAILURE() << conn.error().message;
    std::abort();
  }
  return std::move(*conn);
}

}  // namespace starry::testing
