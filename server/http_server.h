// @brief The HTTP server: binds, serves the route table on worker threads, shuts down cleanly.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "server/account_services.h"
#include "server/admin_services.h"
#include "server/booking_services.h"
#include "server/metrics.h"
#include "server/payment_services.h"
#include "server/readiness.h"
#include "server/search_services.h"

namespace starry::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  int threads = 2;
  // Headers + body (Pistache's default is only 4 KiB). The JSON endpoints read at most 16 KiB
  // of body and answer 413 themselves. This limit is a last line, kept well above what
  // deploy/nginx-starry.conf lets through (64k of body, 4 x 16k of headers): Pistache answers a
  // request that crosses it mid-body with a 413 and then reads the rest of that body as the
  // next request on the connection, which behind a proxy's shared keep-alive connection would
  // answer some other client's request. The proxy must refuse such a request first.
  size_t max_request_bytes = size_t{256} * 1024;
};

// What the handlers need, built in main and passed in (no singletons).
struct ServerServices {
  std::vector<ReadinessProbe> readiness;
  std::optional<SearchServices> search;     // absent: no search endpoints (tests of the shell)
  std::optional<AdminServices> admin;       // absent: no admin endpoints
  std::optional<AccountServices> accounts;  // absent: no account endpoints
  std::optional<BookingServices> bookings;  // absent: no booking or availability endpoints
  std::vector<MetricSample> metrics;        // extra samples for GET /metrics (query log, index)
  std::optional<PaymentServices> payments;  // absent: no payment or webhook endpoints
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, ServerServices services);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving in background threads.
  // Errors: kInvalidArgument (bad host), kUnavailable (address in use, cannot bind).
  Status Start();
  // The bound port (useful with port 0).
  uint16_t port() const;
  // Stops accepting, finishes in-flight requests, joins the threads. Idempotent.
  void Shutdown();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace starry::server
