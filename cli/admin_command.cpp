// `starry admin create --email E`: bootstraps an admin account (or promotes an existing one).
#include <cstdlib>
#include <iostream>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "db/connection_pool.h"
#include "db/migrations.h"
#include "marketplace/account_service.h"

namespace starry::cli {
namespace {

// --password, else STARRY_ADMIN_PASSWORD, else the first line of stdin (when it is not a
// terminal an empty stdin means "no password": fine for promoting an existing account).
std::optional<std::string> PasswordFrom(const cxxopts::ParseResult& parsed) {
  if (parsed.count("password") != 0) return parsed["password"].as<std::string>();
  if (const char* env = std::getenv("STARRY_ADMIN_PASSWORD"); env != nullptr && *env != '\0') {
    return std::string(env);
  }
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) return std::nullopt;
  return line;
}

}  // namespace

int RunAdmin(const Args& args) {
  cxxopts::Options options(
      "starry admin",
      "`starry admin create --email E`: creates an admin account, or gives the admin role to the "
      "existing account with that email. The password comes from --password, else "
      "STARRY_ADMIN_PASSWORD, else the first line of stdin; a new account needs one (8+ "
      "characters, not all of one kind).");
  options.add_options()("action", "create", cxxopts::value<std::string>())(
      "email", "the admin's email", cxxopts::value<std::string>())(
      "password", "the password (prefer STARRY_ADMIN_PASSWORD or stdin: flags show in ps)",
      cxxopts::value<std::string>())("first-name", "first name of a new account",
                                     cxxopts::value<std::string>()->default_value("Admin"))(
      "last-name", "last name of a new account",
      cxxopts::value<std::string>()->default_value("Admin"))("h,help", "show this help");
  options.parse_positional({"action"});
  options.positional_help("create");
  int exit_code = kExitOk;
  auto parsed = ParseArgs(options, "admin", args, exit_code);
  if (!parsed) return exit_code;
  std::string action = parsed->count("action") != 0 ? (*parsed)["action"].as<std::string>() : "";
  if (action != "create") {
    return UsageError("admin", action.empty()
                                   ? "say `starry admin create --email E`"
                                   : "unknown action '" + action + "' (actions: create)");
  }
  if (parsed->count("email") == 0) return UsageError("admin", "--email is required");

  auto db = OpenDatabase(Environment::FromProcess());
  if (!db) return Fail("admin", db.error());
  if (auto migrated = db::RequireMigrated(*db->conn, db::EmbeddedMigrations()); !migrated) {
    return Fail("admin", migrated.error());
  }
  db::ConnectionPool pool(db->target.conninfo, {1});
  // No tokens are issued here: the signer has no key.
  marketplace::TokenSigner signer("", marketplace::SystemClock());
  marketplace::LoginRateLimiter limiter({}, marketplace::SystemClock());
  marketplace::AccountService accounts(pool, signer, limiter, marketplace::SystemClock());
  auto result = accounts.CreateOrPromoteAdmin(
      (*parsed)["email"].as<std::string>(), PasswordFrom(*parsed),
      (*parsed)["first-name"].as<std::string>(), (*parsed)["last-name"].as<std::string>());
  if (!result) return Fail("admin", result.error());
  std::cout << "starry admin: " << (result->created ? "created admin " : "promoted to admin: ")
            << result->user.email << " (id " << result->user.id << ")" << std::endl;
  return kExitOk;
}

}  // namespace starry::cli
