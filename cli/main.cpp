// starry: the StarryMeet search service's one binary.
#include <cstring>
#include <iostream>
#include <map>

#include "cli/cli_context.h"
#include "cli/commands.h"

namespace {

constexpr const char* kUsage = R"(usage: starry <command> [options]

commands:
  serve     run the HTTP server (default http://127.0.0.1:8080)
  migrate   apply the database migrations
  seed      load the demo catalogue (--celebrities N [--seed S])
  pg        the private PostgreSQL cluster: start | stop | url
  reindex   rebuild the search index and swap it in atomically
  sync      apply catalogue changes to the index (--once: what is pending, then exit)
  index     stats: documents, size, lexicon, sync state, outbox backlog; lexicon: its terms
  analytics query log reports: zero-results | popular (--since 7d --format json|csv)
  admin     create --email E: create an admin account or promote one (password: --password,
            STARRY_ADMIN_PASSWORD or stdin)

Configuration: DATABASE_URL (libpq URI or key=value; unset: a private PostgreSQL cluster under
the data dir), STARRY_DATA_DIR (default ./.starry), STARRY_ADMIN_TOKEN (enables the admin token on the /v1/admin endpoints of
`serve`), STARRY_JWT_SECRET (signs access tokens; unset: a secret generated once and kept in the
data dir). `starry <command> --help` for options.
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace starry::cli;
  static const std::map<std::string, int (*)(const Args&)> kCommands = {
      {"migrate", RunMigrate}, {"seed", RunSeed},           {"serve", RunServe},
      {"pg", RunPg},           {"reindex", RunReindex},     {"sync", RunSync},
      {"index", RunIndex},     {"analytics", RunAnalytics}, {"admin", RunAdmin}};
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
    std::cout << kUsage;
    return argc < 2 ? kExitUsage : kExitOk;
  }
  auto it = kCommands.find(argv[1]);
  if (it == kCommands.end()) {
    std::cerr
        << "starry: unknown command '" << argv[1]
        << "' (commands: serve, migrate, seed, pg, reindex, sync, index, analytics, admin; see "
           "`starry --help`)\n";
    return kExitUsage;
  }
  Args args(argv + 2, argv + argc);
  try {
    return it->second(args);
  } catch (const std::exception& e) {
    std::cerr << "starry " << argv[1] << ": unexpected failure: " << e.what() << "\n";
    return kExitFailure;
  }
}
