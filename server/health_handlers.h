// @brief GET /health (the process is up) and GET /ready (its dependencies answer).
#pragma once

#include "server/pistache.h"
#include "server/readiness.h"

namespace starry::server {

void GetHealth(const Pistache::Rest::Request& request, Pistache::Http::ResponseWriter response);

// 200 when every probe passes, else 503 naming the probes that failed.
void GetReady(const std::vector<ReadinessProbe>& probes, const Pistache::Rest::Request& request,
              Pistache::Http::ResponseWriter response);

}  // namespace starry::server
