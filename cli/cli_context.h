// @brief What every subcommand shares: configuration from the environment, the database,
// argument parsing and the one-line error convention (message on stderr, non-zero exit).
#pragma once

#include <signal.h>

#include <cxxopts.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "db/database_locator.h"
#include "db/pq.h"

namespace starry::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct Environment {
  std::optional<std::string> database_url;  // DATABASE_URL
  std::filesystem::path data_dir;           // STARRY_DATA_DIR, default ./.starry

  static Environment FromProcess();
};

// Prints "starry <command>: <message>" on stderr and returns the exit code for `error`.
int Fail(std::string_view command, const Error& error);
int UsageError(std::string_view command, std::string_view message);

// Parses args (argv without the program and subcommand) with `options` (which must have
// "h,help"). Returns nullopt when the command should end at once, with `exit_code` set:
// kExitOk after printing --help, kExitUsage after a one-line usage error.
std::optional<cxxopts::ParseResult> ParseArgs(cxxopts::Options& options, std::string_view command,
                                              const std::vector<std::string>& args, int& exit_code);

// Blocks SIGINT and SIGTERM in this thread and every thread started after it, so that only a
// sigwait() on the returned set receives them. Call before starting any thread.
sigset_t BlockShutdownSignals();

// Strict integer parsing for flag values: the whole text, within [min, max].
Result<int64_t> ParseInteger(std::string_view flag, const std::string& text, int64_t min,
                             int64_t max);

// The database for this run (DATABASE_URL or the private cluster), connected.
struct OpenedDatabase {
  db::DatabaseTarget target;
  std::unique_ptr<pqxx::connection> conn;
};
Result<OpenedDatabase> OpenDatabase(const Environment& env);

}  // namespace starry::cli
