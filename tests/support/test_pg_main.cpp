// starry_test_pg start|stop <dir>: the one throwaway PostgreSQL cluster of a test run.
// `start` wipes <dir>, starts a fresh cluster (fsync off) and writes the conninfo of its
// `postgres` database to <dir>/conninfo; test suites create their own databases in it.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "db/local_cluster.h"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc != 3) {
    std::cerr << "usage: starry_test_pg start|stop <dir>\n";
    return 2;
  }
  std::string verb = argv[1];
  starry::db::LocalClusterOptions options;
  options.data_dir = fs::absolute(argv[2]);
  options.unsafe_fast = true;
  options.database = "postgres";
  if (verb == "stop") {
    auto s = starry::db::LocalCluster::StopNow(options);
    if (!s) std::cerr << "starry_test_pg: " << s.error().message << "\n";
    std::error_code ec;
    fs::remove_all(options.data_dir, ec);
    return s ? 0 : 1;
  }
  if (verb != "start") {
    std::cerr << "starry_test_pg: unknown verb " << verb << "\n";
    return 2;
  }
  (void)starry::db::LocalCluster::StopNow(options);
  std::error_code ec;
  fs::remove_all(options.data_dir, ec);
  auto cluster = starry::db::LocalCluster::Open(options);
  if (!cluster) {
    std::cerr << "starry_test_pg: " << cluster.error().message << "\n";
    return 1;
  }
  if (auto s = cluster->Pin(); !s) {
    std::cerr << "starry_test_pg: " << s.error().message << "\n";
    return 1;
  }
  std::ofstream(options.data_dir / "conninfo") << cluster->conninfo() << "\n";
  std::cout << "test cluster on port " << cluster->port() << "\n";
  return 0;
}
