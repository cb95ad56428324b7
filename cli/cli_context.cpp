#include "cli/cli_context.h"

#include <charconv>
#include <cstdlib>
#include <iostream>

#include "db/connection.h"

namespace starry::cli {

Environment Environment::FromProcess() {
  Environment env;
  if (const char* url = std::getenv("DATABASE_URL"); url != nullptr && *url != '\0') {
    env.database_url = url;
  }
  const char* dir = std::getenv("STARRY_DATA_DIR");
  env.data_dir = std::filesystem::absolute(dir != nullptr && *dir != '\0' ? dir : ".starry");
  return env;
}

int Fail(std::string_view command, const Error& error) {
  std::string message = error.message;
  for (char& c : message) {
    if (c == '\n') c = ' ';
  }
  std::cerr << "starry " << command << ": " << message << "\n";
  return error.code == ErrorCode::kInvalidArgument ? kExitUsage : kExitFailure;
}

int UsageError(std::string_view command, std::string_view message) {
  std::cerr << "starry " << command << ": " << message << " (see `starry " << command
            << " --help`)\n";
  return kExitUsage;
}

sigset_t BlockShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

std::optional<cxxopts::ParseResult> ParseArgs(cxxopts::Options& options, std::string_view command,
                                              const std::vector<std::string>& args,
                                              int& exit_code) {
  exit_code = kExitUsage;
  // "--flag -5" would read -5 as an option: join a negative number to its flag, so that the
  // value check can name the problem ("--celebrities must be ...").
  std::vector<std::string> joined;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].starts_with("--") && args[i].find('=') == std::string::npos &&
        i + 1 < args.size() && args[i + 1].size() > 1 && args[i + 1][0] == '-' &&
        (std::isdigit(static_cast<unsigned char>(args[i + 1][1])) != 0)) {
      joined.push_back(args[i] + "=" + args[i + 1]);
      ++i;
    } else {
      joined.push_back(args[i]);
    }
  }
  std::vector<const char*> argv = {"starry"};
  for (const auto& a : joined) argv.push_back(a.c_str());
  try {
    auto result = options.parse(static_cast<int>(argv.size()), argv.data());
    if (!result.unmatched().empty()) {
      UsageError(command, "unexpected argument '" + result.unmatched().front() + "'");
      return std::nullopt;
    }
    if (result.count("help") != 0) {
      std::cout << options.help();
      exit_code = kExitOk;
      return std::nullopt;
    }
    return result;
  } catch (const cxxopts::exceptions::exception& e) {
    UsageError(command, e.what());
    return std::nullopt;
  }
}

Result<int64_t> ParseInteger(std::string_view flag, const std::string& text, int64_t min,
                             int64_t max) {
  int64_t value = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  std::string range = " (" + std::to_string(min) + " to " + std::to_string(max) + ")";
  if (ec != std::errc() || p != text.data() + text.size() || text.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, std::string(flag) + " must be a whole number" +
                                                      range + ", not '" + text + "'");
  }
  if (value < min || value > max) {
    return MakeError(ErrorCode::kInvalidArgument, std::string(flag) + " must be between " +
                                                      std::to_string(min) + " and " +
                                                      std::to_string(max) + ", not " + text);
  }
  return value;
}

Result<OpenedDatabase> OpenDatabase(const Environment& env) {
  auto target = db::LocateDatabase(env.database_url, env.data_dir);
  if (!target) return std::unexpected(target.error());
  auto conn = db::Connect(target->conninfo);
  if (!conn) return std::unexpected(conn.error());
  return OpenedDatabase{std::move(*target), std::move(*conn)};
}

}  // namespace starry::cli
