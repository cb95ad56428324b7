#include "db/migrations.h"

#include <gtest/gtest.h>

#include "tests/support/test_database.h"

namespace starry::db {
namespace {

using starry::testing::TestDatabase;

int TableCount(pqxx::connection& conn) {
  return pqxx::nontransaction(conn)
      .exec1("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")[0]
      .as<int>();
}

TEST(MigrationsTest, MigratesAnEmptyDatabaseToTheLatestVersion) {
  TestDatabase db(/*migrated=*/false);
  auto conn = db.Connect();
  ASSERT_EQ(SchemaVersion(*conn).value(), 0);
  auto report = Migrate(*conn, EmbeddedMigrations());
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->from_version, 0);
  EXPECT_EQ(report->to_version, EmbeddedMigrations().back().version);
  EXPECT_EQ(report->applied.size(), EmbeddedMigrations().size());
  EXPECT_EQ(SchemaVersion(*conn).value(), EmbeddedMigrations().back().version);
  pqxx::nontransaction tx(*conn);
  for (const char* table :
       {"users", "categories", "celebrities", "meeting_types", "celebrity_availability",
        "available_dates", "bookings", "payments", "reviews", "favorites", "search_outbox"}) {
    EXPECT_TRUE(
        tx.exec1("SELECT to_regclass('" + std::string(table) + "') IS NOT NULL")[0].as<bool>())
        << table;
  }
}

TEST(MigrationsTest, RerunIsANoOp) {
  TestDatabase db(false);
  auto conn = db.Connect();
  ASSERT_TRUE(Migrate(*conn, EmbeddedMigrations()));
  int tables = TableCount(*conn);
  auto again = Migrate(*conn, EmbeddedMigrations());
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->applied.empty());
  EXPECT_EQ(again->from_version, again->to_version);
  EXPECT_EQ(TableCount(*conn), tables);
}

TEST(MigrationsTest, RefusesADatabaseMigratedByANewerVersion) {
  TestDatabase db;
  auto conn = db.Connect();
  pqxx::nontransaction(*conn).exec0(
      "INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, '9999_future', 'x')");
  auto report = Migrate(*conn, EmbeddedMigrations());
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(report.error().message.find("9999"), std::string::npos) << report.error().message;
  EXPECT_NE(report.error().message.find("newer"), std::string::npos) << report.error().message;
}

TEST(MigrationsTest, AFailedMigrationLeavesTheDatabaseAsItWas) {
  TestDatabase db;
  auto conn = db.Connect();
  int version = SchemaVersion(*conn).value();
  int tables = TableCount(*conn);
  std::vector<Migration> migrations(EmbeddedMigrations().begin(), EmbeddedMigrations().end());
  migrations.push_back({version + 1, "broken",
                        "CREATE TABLE half_done (id int); ALTER TABLE no_such_table ADD x int;"});
  auto report = Migrate(*conn, migrations);
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message.find("broken"), std::string::npos) << report.error().message;
  EXPECT_EQ(SchemaVersion(*conn).value(), version);
  EXPECT_EQ(TableCount(*conn), tables);
}

TEST(MigrationsTest, RefusesAMigrationChangedAfterItWasApplied) {
  TestDatabase db;
  auto conn = db.Connect();
  std::vector<Migration> migrations(EmbeddedMigrations().begin(), EmbeddedMigrations().end());
  migrations.front().sql = "SELECT 1";
  auto report = Migrate(*conn, migrations);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kFailedPrecondition);
}

TEST(MigrationsTest, RequireMigratedNamesEveryMissingMigrationIncludingGaps) {
  TestDatabase db(/*migrated=*/false);
  auto conn = db.Connect();
  const auto migrations = EmbeddedMigrations();
  ASSERT_GE(migrations.size(), 3u);

  auto empty = RequireMigrated(*conn, migrations);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(empty.error().message.find("run `starry migrate` first"), std::string::npos)
      << empty.error().message;

  ASSERT_TRUE(Migrate(*conn, migrations));
  EXPECT_TRUE(RequireMigrated(*conn, migrations));

  // A gap below the highest version: what checking only max(version) let through.
  const Migration& second = migrations[1];
  const Migration& third = migrations[2];
  pqxx::nontransaction(*conn).exec_params("DELETE FROM schema_migrations WHERE version IN ($1, $2)",
                                          second.version, third.version);
  ASSERT_EQ(SchemaVersion(*conn).value(), migrations.back().version);
  auto gap = RequireMigrated(*conn, migrations);
  ASSERT_FALSE(gap);
  EXPECT_EQ(gap.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(gap.error().message, "the database lacks migrations " + std::string(second.name) +
                                     ", " + std::string(third.name) +
                                     "; run `starry migrate` first");
}

TEST(MigrationsTest, RequireMigratedAcceptsASchemaMigratedAheadOfThisBinary) {
  TestDatabase db;
  auto conn = db.Connect();
  pqxx::nontransaction(*conn).exec0(
      "INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, '9999_future', 'x')");
  auto status = RequireMigrated(*conn, EmbeddedMigrations());
  EXPECT_TRUE(status) << status.error().message;
}

}  // namespace
}  // namespace starry::db
