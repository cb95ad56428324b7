#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <thread>

#include "analytics/pg_query_logger.h"
#include "analytics/query_log_reports.h"
#include "analyzers/analyzer.h"
#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/jwt_secret.h"
#include "cli/payment_config.h"
#include "db/connection_pool.h"
#include "db/migrations.h"
#include "db/pinger.h"
#include "indexer/outbox_sync.h"
#include "indexer/reindex_jobs.h"
#include "marketplace/account_service.h"
#include "marketplace/booking_service.h"
#include "marketplace/login_rate_limiter.h"
#include "marketplace/token_signer.h"
#include "server/http_server.h"

namespace starry::cli {
namespace {

std::optional<std::string> AdminTokenFromProcess() {
  const char* token = std::getenv("STARRY_ADMIN_TOKEN");
  if (token == nullptr || *token == '\0') return std::nullopt;
  return std::string(token);
}

}  // namespace

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
      "booking-lead-days", "bookings open this many days ahead (city-local dates)",
      cxxopts::value<std::string>()->default_value("7"))(
      "payment-window-seconds", "unpaid (pending) bookings expire after this long",
      cxxopts::value<std::string>()->default_value("1800"))(
      "expiry-sweep-seconds", "how often unpaid bookings are expired",
      cxxopts::value<std::string>()->default_value("30"))(
      "platform-fee-bps", "platform fee in basis points of the price (1500 = 15%)",
      cxxopts::value<std::string>()->default_value("1500"))(
      "tax-bps", "tax in basis points of the price (500 = 5%)",
      cxxopts::value<std::string>()->default_value("500"))(
      "no-query-log", "do not log searches to the query log (analytics)")("h,help",
                                                                          "show this help");
  int exit_code = kExitOk;
  auto parsed = ParseArgs(options, "serve", args, exit_code);
  if (!parsed) return exit_code;
  auto port = ParseInteger("--port", (*parsed)["port"].as<std::string>(), 0, 65535);
  if (!port) return Fail("serve", port.error());
  auto threads = ParseInteger("--threads", (*parsed)["threads"].as<std::string>(), 1, 64);
  if (!threads) return Fail("serve", threads.error());

  marketplace::BookingOptions booking_options;
  auto lead =
      ParseInteger("--booking-lead-days", (*parsed)["booking-lead-days"].as<std::string>(), 0, 365);
  if (!lead) return Fail("serve", lead.error());
  auto window = ParseInteger("--payment-window-seconds",
                             (*parsed)["payment-window-seconds"].as<std::string>(), 1, 86400);
  if (!window) return Fail("serve", window.error());
  auto sweep_every = ParseInteger("--expiry-sweep-seconds",
                                  (*parsed)["expiry-sweep-seconds"].as<std::string>(), 1, 3600);
  if (!sweep_every) return Fail("serve", sweep_every.error());
  auto fee =
      ParseInteger("--platform-fee-bps", (*parsed)["platform-fee-bps"].as<std::string>(), 0, 10000);
  if (!fee) return Fail("serve", fee.error());
  auto tax = ParseInteger("--tax-bps", (*parsed)["tax-bps"].as<std::string>(), 0, 10000);
  if (!tax) return Fail("serve", tax.error());
  booking_options.min_lead_days = static_cast<int>(*lead);
  booking_options.payment_window = std::chrono::seconds(*window);
  booking_options.platform_fee_bps = *fee;
  booking_options.tax_bps = *tax;

  auto db = OpenDatabase(Environment::FromProcess());  // before any thread: see above
  if (!db) return Fail("serve", db.error());
  if (auto migrated = db::RequireMigrated(*db->conn, db::EmbeddedMigrations()); !migrated) {
    return Fail("serve", migrated.error());
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
  // The query log and the admin endpoints (disabled, answering 403, without STARRY_ADMIN_TOKEN).
  std::unique_ptr<analytics::PgQueryLogger> query_log;
  if (parsed->count("no-query-log") == 0) {
    analytics::PgQueryLoggerOptions log_options;
    log_options.log = [](const std::string& line) { std::cerr << "starry " << line << std::endl; };
    query_log = std::make_unique<analytics::PgQueryLogger>(db->target.conninfo, log_options);
    services.search->query_log = query_log.get();
  }
  // GET /metrics: besides request counts and latencies, the index and the query log.
  services.metrics.push_back(
      {"starry_index_documents", "Documents in the live index.", "gauge", [&store]() -> double {
         auto reader = store.OpenReader();
         return reader ? reader->get_doccount() : 0;
       }});
  if (query_log) {
    auto stat = [log = query_log.get()](uint64_t analytics::QueryLoggerStats::*field) {
      return [log, field]() -> double { return static_cast<double>(log->Stats().*field); };
    };
    services.metrics.push_back({"starry_query_log_recorded_total",
                                "Search and suggestion requests recorded in the query log.",
                                "counter", stat(&analytics::QueryLoggerStats::recorded)});
    services.metrics.push_back({"starry_query_log_written_total",
                                "Query log entries committed to PostgreSQL.", "counter",
                                stat(&analytics::QueryLoggerStats::written)});
    services.metrics.push_back({"starry_query_log_dropped_total",
                                "Query log entries dropped because the buffer was full.", "counter",
                                stat(&analytics::QueryLoggerStats::dropped)});
    services.metrics.push_back({"starry_query_log_pending", "Query log entries not yet written.",
                                "gauge", stat(&analytics::QueryLoggerStats::pending)});
  }
  analytics::QueryLogReports reports(db->target.conninfo);
  indexer::ReindexJobs reindex_jobs(db->target.conninfo, store, *analyzer);
  // Accounts: tokens signed with STARRY_JWT_SECRET (or the data dir's generated secret); request
  // handlers share a bounded pool of connections.
  auto jwt_secret = LoadJwtSecret(env.data_dir);
  if (!jwt_secret) return Fail("serve", jwt_secret.error());
  marketplace::TokenSigner signer(*jwt_secret, marketplace::SystemClock());
  db::ConnectionPool pool(db->target.conninfo, {static_cast<size_t>(*threads) + 2});
  marketplace::LoginRateLimiter login_limiter({}, marketplace::SystemClock());
  marketplace::AccountService accounts(pool, signer, login_limiter, marketplace::SystemClock());
  services.accounts = server::AccountServices{&accounts, &signer};
  marketplace::BookingService bookings(pool, marketplace::SystemClock(), booking_options);
  services.admin =
      server::AdminServices{AdminTokenFromProcess(), &reports, &reindex_jobs, &signer, &accounts};
  // Payments: the gateway STARRY_PAYMENT_GATEWAY names (local by default); webhooks verified
  // with STARRY_STRIPE_WEBHOOK_SECRET (or the data dir's generated secret). The local gateway
  // delivers its events to the same processor the webhook endpoint uses.
  auto webhook_secret = LoadWebhookSecret(env.data_dir);
  if (!webhook_secret) return Fail("serve", webhook_secret.error());
  auto gateway = GatewayFromEnvironment(db->target.conninfo, *webhook_secret);
  if (!gateway) return Fail("serve", gateway.error());
  marketplace::PaymentService payments(db->target.conninfo, *gateway->gateway,
                                       marketplace::SystemClock());
  marketplace::WebhookProcessor webhooks(db->target.conninfo, *webhook_secret, *gateway->gateway,
                                         marketplace::SystemClock());
  if (gateway->local != nullptr) {
    gateway->local->SetWebhookSink(
        [&webhooks](const std::string& payload, const std::string& signature) -> Status {
          auto outcome = webhooks.Handle(payload, signature);
          if (!outcome) return std::unexpected(outcome.error());
          return {};
        });
  }
  services.payments = server::PaymentServices{&payments, &webhooks, &signer, &accounts};
  services.bookings = server::BookingServices{&bookings, &accounts, &signer, &pool, &payments};
  server::ServerOptions server_options;
  server_options.host = (*parsed)["host"].as<std::string>();
  server_options.port = static_cast<uint16_t>(*port);
  server_options.threads = static_cast<int>(*threads);
  server::HttpServer server(server_options, std::move(services));
  if (auto s = server.Start(); !s) return Fail("serve", s.error());
  indexer::SyncOptions sync_options;
  sync_options.log = [](const std::string& line) { std::cerr << "starry " << line << std::endl; };
  indexer::OutboxSync sync(db->target.conninfo, store, *analyzer, sync_options);
  std::jthread sync_thread([&sync](const std::stop_token& stop) { sync.Run(stop); });
  // Unpaid bookings expire and give their slots back; paid ones whose meeting ended complete.
  std::jthread expiry_thread([&bookings, every = std::chrono::seconds(*sweep_every)](
                                 const std::stop_token& stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      auto expired = bookings.ExpireUnpaid();
      if (!expired) {
        std::cerr << "starry serve: expiring unpaid bookings failed: " << expired.error().message
                  << std::endl;
      } else if (*expired > 0) {
        std::cerr << "starry serve: expired " << *expired << " unpaid booking(s)" << std::endl;
      }
      auto completed = bookings.CompletePast();
      if (!completed) {
        std::cerr << "starry serve: completing past bookings failed: " << completed.error().message
                  << std::endl;
      } else if (*completed > 0) {
        std::cerr << "starry serve: " << *completed << " booking(s) completed" << std::endl;
      }
      std::unique_lock lock(mutex);
      wake.wait_for(lock, stop, every, [] { return false; });
    }
  });
  std::cout << "starry serve: listening on http://" << server_options.host << ":" << server.port()
            << " (database: " << db->target.description << ")" << std::endl;

  int received = 0;
  sigwait(&signals, &received);
  std::cout << "starry serve: " << (received == SIGINT ? "SIGINT" : "SIGTERM") << ", shutting down"
            << std::endl;
  server.Shutdown();
  if (reindex_jobs.Running()) {  // stopping half-way would be safe, but would waste the work
    std::cout << "starry serve: waiting for the running reindex to finish" << std::endl;
  }
  sync_thread.request_stop();
  sync_thread.join();
  expiry_thread.request_stop();
  expiry_thread.join();
  if (query_log) {
    query_log->Flush(std::chrono::seconds(5));
    auto stats = query_log->Stats();
    std::cout << "starry serve: query log: " << stats.written << " written, " << stats.dropped
              << " dropped, " << stats.pending << " unwritten" << std::endl;
  }
  return kExitOk;
}

}  // namespace starry::cli
