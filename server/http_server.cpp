#include "server/http_server.h"

#include <iostream>

#include "server/account_handlers.h"
#include "server/admin_handlers.h"
#include "server/booking_handlers.h"
#include "server/header_guard.h"
#include "server/health_handlers.h"
#include "server/http_reply.h"
#include "server/metrics.h"
#include "server/payment_handlers.h"
#include "server/pistache.h"
#include "server/search_handlers.h"
#include "server/web_handlers.h"

namespace starry::server {

using Pistache::Http::ResponseWriter;
using Pistache::Rest::Request;
using Pistache::Rest::Route;

namespace {

// Wraps a handler so that no exception reaches Pistache (which would answer 500 with e.what()
// as the body, leaking internals): the client gets an opaque 500, the log gets the reason.
template <typename Handler>
Route::Handler Guarded(Handler handler) {
  return [handler = std::move(handler)](const Request request, ResponseWriter response) {
    try {
      handler(request, std::move(response));
    } catch (const std::exception& e) {
      std::cerr << "starry serve: handler failed: " << e.what() << "\n";
      ReplyError(response, Error(ErrorCode::kInternal, e.what()));
    } catch (...) {
      std::cerr << "starry serve: handler failed with a non-standard exception\n";
      ReplyError(response, Error(ErrorCode::kInternal, "unknown"));
    }
    return Route::Result::Ok;
  };
}

// Times every request and counts its status for GET /metrics. Handlers run synchronously on
// the worker thread that received the request, so the status they sent is the thread's last.
class MeteredHandler : public Pistache::Http::Handler {
 public:
  HTTP_PROTOTYPE(MeteredHandler)
  MeteredHandler(std::shared_ptr<Pistache::Http::Handler> inner, Metrics* metrics)
      : inner_(std::move(inner)), metrics_(metrics) {}
  void onRequest(const Pistache::Http::Request& request,
                 Pistache::Http::ResponseWriter response) override {
    LastStatusOnThisThread() = 0;
    auto started = std::chrono::steady_clock::now();
    // An HTTP/1.1 connection persists unless the client says otherwise (RFC 9112, 9.3), but
    // Pistache 0.0.5 answers a request without a Connection header with "Connection: Close",
    // and clients then open a new connection for every request.
    using Pistache::Http::Header::Connection;
    if (request.version() == Pistache::Http::Version::Http11 &&
        !request.headers().has(Connection::Name)) {
      response.headers().remove<Connection>();
      response.headers().add<Connection>(Pistache::Http::ConnectionControl::KeepAlive);
    }
    if (auto error = UnparsableHeader(request)) {
      ReplyError(response, *error);
    } else {
      inner_->onRequest(request, std::move(response));
    }
    metrics_->Record(request.resource(), LastStatusOnThisThread(),
                     std::chrono::steady_clock::now() - started);
  }

 private:
  std::shared_ptr<Pistache::Http::Handler> inner_;
  Metrics* metrics_;
};

}  // namespace

struct HttpServer::State {
  ServerOptions options;
  ServerServices services;
  Pistache::Rest::Router router;
  std::unique_ptr<Pistache::Http::Endpoint> endpoint;
  std::unique_ptr<SearchHandlers> search;
  std::unique_ptr<WebHandlers> web;
  std::unique_ptr<AdminHandlers> admin;
  Metrics metrics;
  std::unique_ptr<AccountHandlers> accounts;
  std::unique_ptr<PaymentHandlers> payments;
  std::unique_ptr<BookingHandlers> bookings;
  bool running = false;

  // The route table: every endpoint of the service, in one place.
  void DefineRoutes() {
    using Pistache::Rest::Routes::Get;
    Get(router, "/health", Guarded(GetHealth));
    Get(router, "/ready", Guarded([this](const Request& req, ResponseWriter res) {
          GetReady(services.readiness, req, std::move(res));
        }));
    for (auto& sample : services.metrics) metrics.AddSample(std::move(sample));
    Get(router, "/metrics", Guarded([this](const Request&, ResponseWriter res) {
          res.headers().add<Pistache::Http::Header::ContentType>(
              Pistache::Http::Mime::MediaType::fromString("text/plain; version=0.0.4"));
          LastStatusOnThisThread() = 200;
          res.send(Pistache::Http::Code::Ok, metrics.Render());
        }));
    if (services.search) {
      using Pistache::Rest::Routes::Post;
      search = std::make_unique<SearchHandlers>(*services.search);
      auto* s = search.get();
      auto bind = [s](void (SearchHandlers::*handler)(const Request&, ResponseWriter)) {
        return Guarded([s, handler](const Request& req, ResponseWriter res) {
          (s->*handler)(req, std::move(res));
        });
      };
      Get(router, "/v1/search/celebrities", bind(&SearchHandlers::GetSearchCelebrities));
      Get(router, "/v1/search/suggestions", bind(&SearchHandlers::GetSuggestions));
      Post(router, "/v1/search/filters", bind(&SearchHandlers::PostSearchFilters));
      Get(router, "/v1/celebrities", bind(&SearchHandlers::GetCelebrities));
      Get(router, "/v1/celebrities/featured", bind(&SearchHandlers::GetFeaturedCelebrities));
      Get(router, "/v1/celebrities/:id", bind(&SearchHandlers::GetCelebrity));
      Get(router, "/v1/categories", bind(&SearchHandlers::GetCategories));
    }
    // The browse page (web/): its shell at / and at each of its deep links, then its files.
    web = std::make_unique<WebHandlers>(WebFiles::Embedded());
    auto* w = web.get();
    auto page =
        Guarded([w](const Request& req, ResponseWriter res) { w->GetPage(req, std::move(res)); });
    for (const char* path : {"/", "/celebrity/:username", "/bookings", "/bookings/:id"}) {
      Get(router, path, page);
    }
    Get(router, "/assets/:file",
        Guarded([w](const Request& req, ResponseWriter res) { w->GetAsset(req, std::move(res)); }));
    if (services.admin) {
      using Pistache::Rest::Routes::Post;
      admin = std::make_unique<AdminHandlers>(*services.admin);
      auto* a = admin.get();
      auto bind = [a](void (AdminHandlers::*handler)(const Request&, ResponseWriter)) {
        return Guarded([a, handler](const Request& req, ResponseWriter res) {
          (a->*handler)(req, std::move(res));
        });
      };
      Get(router, "/v1/admin/analytics/zero-results", bind(&AdminHandlers::GetZeroResults));
      Get(router, "/v1/admin/analytics/popular-queries", bind(&AdminHandlers::GetPopularQueries));
      Post(router, "/v1/admin/reindex", bind(&AdminHandlers::PostReindex));
      Get(router, "/v1/admin/reindex/:id", bind(&AdminHandlers::GetReindex));
    }
    if (services.accounts) {
      using Pistache::Rest::Routes::Post;
      accounts = std::make_unique<AccountHandlers>(*services.accounts);
      auto* a = accounts.get();
      auto bind = [a](void (AccountHandlers::*handler)(const Request&, ResponseWriter)) {
        return Guarded([a, handler](const Request& req, ResponseWriter res) {
          (a->*handler)(req, std::move(res));
        });
      };
      Post(router, "/v1/auth/register", bind(&AccountHandlers::PostRegister));
      Post(router, "/v1/auth/login", bind(&AccountHandlers::PostLogin));
      Post(router, "/v1/auth/refresh", bind(&AccountHandlers::PostRefresh));
      Post(router, "/v1/auth/logout", bind(&AccountHandlers::PostLogout));
      Get(router, "/v1/users/me", bind(&AccountHandlers::GetMe));
    }
    if (services.payments) {
      using Pistache::Rest::Routes::Post;
      payments = std::make_unique<PaymentHandlers>(*services.payments);
      auto* p = payments.get();
      auto bind = [p](void (PaymentHandlers::*handler)(const Request&, ResponseWriter)) {
        return Guarded([p, handler](const Request& req, ResponseWriter res) {
          (p->*handler)(req, std::move(res));
        });
      };
      Post(router, "/v1/payments/create-intent", bind(&PaymentHandlers::PostCreateIntent));
      Post(router, "/v1/payments/confirm", bind(&PaymentHandlers::PostConfirm));
      Post(router, "/v1/payments/:bookingId/refund", bind(&PaymentHandlers::PostRefund));
      Get(router, "/v1/payments/:id", bind(&PaymentHandlers::GetPayment));
      Post(router, "/v1/webhooks/stripe", bind(&PaymentHandlers::PostStripeWebhook));
    }
    if (services.bookings) {
      using Pistache::Rest::Routes::Patch;
      using Pistache::Rest::Routes::Post;
      bookings = std::make_unique<BookingHandlers>(*services.bookings);
      auto* b = bookings.get();
      auto bind = [b](void (BookingHandlers::*handler)(const Request&, ResponseWriter)) {
        return Guarded([b, handler](const Request& req, ResponseWriter res) {
          (b->*handler)(req, std::move(res));
        });
      };
      Post(router, "/v1/bookings", bind(&BookingHandlers::PostBooking));
      Get(router, "/v1/bookings", bind(&BookingHandlers::GetBookings));
      Get(router, "/v1/bookings/:id", bind(&BookingHandlers::GetBooking));
      Patch(router, "/v1/bookings/:id", bind(&BookingHandlers::PatchBooking));
      Post(router, "/v1/bookings/:id/cancel", bind(&BookingHandlers::PostCancelBooking));
      Get(router, "/v1/celebrities/:id/availability", bind(&BookingHandlers::GetAvailability));
    }
    router.addNotFoundHandler(Guarded([](const Request& req, ResponseWriter res) {
      ReplyError(res, Error(ErrorCode::kNotFound, "no route for " + req.resource()));
    }));
  }
};

HttpServer::HttpServer(ServerOptions options, ServerServices services)
    : state_(std::make_unique<State>()) {
  state_->options = std::move(options);
  state_->services = std::move(services);
  state_->DefineRoutes();
}

HttpServer::~HttpServer() { Shutdown(); }

Status HttpServer::Start() {
  const auto& o = state_->options;
  GuardHeaderParsing(o.max_request_bytes);
  try {
    Pistache::Address address(o.host, Pistache::Port(o.port));
    state_->endpoint = std::make_unique<Pistache::Http::Endpoint>(address);
    auto opts = Pistache::Http::Endpoint::options()
                    .threads(o.threads)
                    .flags(Pistache::Tcp::Options::ReuseAddr)
                    .maxRequestSize(o.max_request_bytes)
                    .maxResponseSize(size_t{16} * 1024 * 1024);
    state_->endpoint->init(opts);
    state_->endpoint->setHandler(
        std::make_shared<MeteredHandler>(state_->router.handler(), &state_->metrics));
    state_->endpoint->serveThreaded();
    state_->running = true;
  } catch (const std::exception& e) {
    state_->endpoint.reset();
    std::string why = e.what();
    if (why.find("in use") != std::string::npos) {
      return MakeError(ErrorCode::kUnavailable,
                       o.host + ":" + std::to_string(o.port) + " is already in use");
    }
    return MakeError(ErrorCode::kUnavailable,
                     "cannot listen on " + o.host + ":" + std::to_string(o.port) + ": " + why);
  }
  return {};
}

uint16_t HttpServer::port() const {
  return state_->endpoint ? static_cast<uint16_t>(state_->endpoint->getPort()) : 0;
}

void HttpServer::Shutdown() {
  if (!state_->running) return;
  state_->running = false;
  state_->endpoint->shutdown();
}

}  // namespace starry::server
