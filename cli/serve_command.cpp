#include <csignal>
#include <iostream>
#include <thread>

#include "analyzers/analyzer.h"
#include "cli/cli_context.h"
#include "cli/commands.h"
#include "db/migrations.h"
#include "db/pinger.h"
#include "indexer/outbox_sync.h"
#include "server/http_server.h"

namespace starry::cli {

int RunServe(const Args& args) {
  // Block the shutdown signals before any thread starts, so that every thread inherits the mask
  // and only sigwait below receives them (children get a clean mask: see RunCommand).
  sigset_t signals = BlockShutdownSignals();

  cxxopts::Options options("starry serve", "Run the HTTP server.");
  options.add_options()("host", "address to listen on",
                        cxxopts::value<std::string>()->default_value("127.0.0.1"))(
      "port", "port to listen on (0: any free port)",
      cxxopts::value<std::string>()->default_value("8080"))(
      "threads", "HTTP worker threads", cxxopts::value<std::string>()->default_value("2"))(
      "h,help", "show this help");
  int exit_code = kExitOk;
  auto parsed = ParseArgs(options, "serve", args, exit_code);
  if (!parsed) return exit_code;
  auto port = ParseInteger("--port", (*parsed)["port"].as<std::string>(), 0, 65535);
  if (!port) return Fail("serve", port.error());
  auto threads = ParseInteger("--threads", (*parsed)["threads"].as<std::string>(), 1, 64);
  if (!threads) return Fail("serve", threads.error());

  auto db = OpenDatabase(Environment::FromProcess());  // before any thread: see above
  if (!db) return Fail("serve", db.error());
  auto version = db::SchemaVersion(*db->conn);
  if (!version) return Fail("serve", version.error());
  if (*version < db::EmbeddedMigrations().back().version) {
    return Fail("serve", Error(ErrorCode::kFailedPrecondition,
                               "the database schema is at version " + std::to_string(*version) +
                                   "; run `starry migrate` first"));
  }

  Environment env = Environment::FromProcess();
  auto analyzer = analyzers::Analyzer::Create();
  if (!analyzer) return Fail("serve", analyzer.error());
  indexer::IndexStore store(env.data_dir / "index");

  db::Pinger pinger(db->target.conninfo);
  server::ServerServices services;
  services.readiness.push_back({"postgres", [&pinger] { return pinger.Ping(); }});
  // Ready without an index until the first reindex; once one exists it must open.
  services.readiness.push_back({"index", [&store]() -> Status {
                                  if (!store.LiveDir()) return {};
                                  auto reader = store.OpenReader();
                                  if (!reader) return std::unexpected(reader.error());
                                  return {};
                                }});
  query::LexiconCache lexicons;
  query::ColumnCache columns;
  services.search = server::SearchServices{env.data_dir / "index", &*analyzer, &lexicons, &columns};
  server::ServerOptions server_options;
  server_options.host = (*parsed)["host"].as<std::string>();
  server_options.port = static_cast<uint16_t>(*port);
  server_options.threads = static_cast<int>(*threads);
  server::HttpServer server(server_options, std::move(services));
  if (auto s = server.Start(); !s) return Fail("serve", s.error());
  indexer::SyncOptions sync_options;
  sync_options.log = [](const std::string& line) { std::cerr << "starry " << line << std::endl; };
  indexer::OutboxSync sync(db->target.conninfo, store, *analyzer, sync_options);
  std::jthread sync_thread([&sync](std::stop_token stop) { sync.Run(stop); });
  std::cout << "starry serve: listening on http://" << server_options.host << ":" << server.port()
            << " (database: " << db->target.description << ")" << std::endl;

  int received = 0;
  sigwait(&signals, &received);
  std::cout << "starry serve: " << (received == SIGINT ? "SIGINT" : "SIGTERM") << ", shutting down"
            << std::endl;
  server.Shutdown();
  sync_thread.request_stop();
  sync_thread.join();
  return kExitOk;
}

}  // namespace starry::cli
