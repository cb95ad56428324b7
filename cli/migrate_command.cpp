#include <iostream>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "db/migrations.h"

namespace starry::cli {

int RunMigrate(const Args& args) {
  cxxopts::Options options("starry migrate", "Apply the database migrations in order.");
  options.add_options()("h,help", "show this help");
  int exit_code = kExitOk;
  auto parsed = ParseArgs(options, "migrate", args, exit_code);
  if (!parsed) return exit_code;
  auto db = OpenDatabase(Environment::FromProcess());
  if (!db) return Fail("migrate", db.error());
  auto report = db::Migrate(*db->conn, db::EmbeddedMigrations());
  if (!report) return Fail("migrate", report.error());
  if (report->applied.empty()) {
    std::cout << "schema is up to date (version " << report->to_version << ")\n";
  } else {
    std::cout << "migrated " << db->target.description << " from version " << report->from_version
              << " to " << report->to_version << " (" << report->applied.size() << " migrations)\n";
  }
  return kExitOk;
}

}  // namespace starry::cli
