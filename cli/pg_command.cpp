#include <iostream>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "db/local_cluster.h"

namespace starry::cli {

int RunPg(const Args& args) {
  cxxopts::Options options(
      "starry pg",
      "The private PostgreSQL cluster under STARRY_DATA_DIR:\n"
      "  start   start it and keep it running after starry exits\n"
      "  stop    stop it\n"
      "  url     start it (kept running) and print its connection string (with the password)");
  options.add_options()("verb", "start | stop | url", cxxopts::value<std::string>())(
      "h,help", "show this help");
  options.parse_positional({"verb"});
  int exit_code = kExitOk;
  auto parsed = ParseArgs(options, "pg", args, exit_code);
  if (!parsed) return exit_code;
  if (parsed->count("verb") == 0) return UsageError("pg", "say start, stop or url");
  std::string verb = (*parsed)["verb"].as<std::string>();
  if (verb != "start" && verb != "stop" && verb != "url") {
    return UsageError("pg", "unknown verb '" + verb + "' (start, stop, url)");
  }
  Environment env = Environment::FromProcess();
  if (env.database_url) {
    return UsageError("pg", "DATABASE_URL is set: there is no private cluster to manage");
  }
  db::LocalClusterOptions cluster_options;
  cluster_options.data_dir = env.data_dir;
  if (verb == "stop") {
    auto s = db::LocalCluster::StopNow(cluster_options);
    if (!s) return Fail("pg", s.error());
    std::cout << "stopped\n";
    return kExitOk;
  }
  auto cluster = db::LocalCluster::Open(cluster_options);
  if (!cluster) return Fail("pg", cluster.error());
  // Both keep it running: a connection string is only useful to a running cluster.
  if (auto s = cluster->Pin(); !s) return Fail("pg", s.error());
  if (verb == "start") {
    std::cout << "running on 127.0.0.1:" << cluster->port() << " (stop with `starry pg stop`)\n";
  } else {
    std::cout << cluster->conninfo() << "\n";
  }
  return kExitOk;
}

}  // namespace starry::cli
