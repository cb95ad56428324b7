// @brief The admin endpoints: GET /v1/admin/analytics/zero-results, GET
// /v1/admin/analytics/popular-queries, POST /v1/admin/reindex, GET /v1/admin/reindex/{id}.
// Every one checks the admin token first (server/admin_auth.h).
#pragma once

#include "analytics/query_log_reports.h"
#include "server/admin_services.h"
#include "server/pistache.h"

namespace starry::server {

class AdminHandlers {
 public:
  explicit AdminHandlers(AdminServices services) : services_(std::move(services)) {}

  void GetZeroResults(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  void GetPopularQueries(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  void PostReindex(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  void GetReindex(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);

 private:
  void Report(analytics::ReportKind kind, const Pistache::Rest::Request& req,
              Pistache::Http::ResponseWriter& res);
  AdminServices services_;
};

}  // namespace starry::server
