#include "server/metrics.h"

#include <gtest/gtest.h>

#include <string>

namespace starry::server {
namespace {

using namespace std::chrono_literals;

TEST(MetricsTest, PathsFallIntoFewGroups) {
  struct Case {
    const char* path;
    const char* group;
  };
  for (const Case& c :
       {Case{"/health", "/health"}, Case{"/ready", "/ready"},
        Case{"/v1/search/celebrities?q=tay", "/v1/search/celebrities"},
        Case{"/v1/search/suggestions", "/v1/search/suggestions"},
        Case{"/v1/celebrities/taylorswift", "/v1/celebrities"},
        Case{"/v1/celebrities/5b1c/availability", "/v1/celebrities"},
        Case{"/v1/bookings/123/cancel", "/v1/bookings"}, Case{"/v1/admin/reindex/7", "/v1/admin"},
        Case{"/", "page"}, Case{"/celebrity/taylorswift", "page"}, Case{"/bookings/42", "page"},
        Case{"/assets/app.js", "/assets"}, Case{"/v1/searching", "other"},
        Case{"/healthz", "other"}, Case{"/etc/passwd", "other"}}) {
    EXPECT_EQ(Metrics::GroupOf(c.path), c.group) << c.path;
  }
}

TEST(MetricsTest, RendersCountsAndCumulativeBuckets) {
  Metrics m;
  m.Record("/v1/search/celebrities?q=a", 200, 300us);
  m.Record("/v1/search/celebrities?q=b", 200, 3ms);
  m.Record("/v1/search/celebrities?limit=0", 400, 100us);
  m.Record("/nowhere", 418, 1ms);
  m.AddSample({"starry_query_log_dropped_total", "Dropped.", "counter", [] { return 7.0; }});
  std::string out = m.Render();
  auto has = [&](const std::string& line) {
    EXPECT_NE(out.find(line + "\n"), std::string::npos) << line << "\n" << out;
  };
  has("# TYPE starry_http_responses_total counter");
  has(R"(starry_http_responses_total{route="/v1/search/celebrities",code="200"} 2)");
  has(R"(starry_http_responses_total{route="/v1/search/celebrities",code="400"} 1)");
  has(R"(starry_http_responses_total{route="other",code="other"} 1)");
  has("# TYPE starry_http_handler_seconds histogram");
  has(R"(starry_http_handler_seconds_bucket{route="/v1/search/celebrities",le="0.0005"} 2)");
  has(R"(starry_http_handler_seconds_bucket{route="/v1/search/celebrities",le="0.0025"} 2)");
  has(R"(starry_http_handler_seconds_bucket{route="/v1/search/celebrities",le="0.005"} 3)");
  has(R"(starry_http_handler_seconds_bucket{route="/v1/search/celebrities",le="+Inf"} 3)");
  has(R"(starry_http_handler_seconds_count{route="/v1/search/celebrities"} 3)");
  has(R"(starry_http_handler_seconds_sum{route="/v1/search/celebrities"} 0.0034)");
  has("starry_query_log_dropped_total 7");
  // Groups with no traffic are left out rather than rendered as zeros.
  EXPECT_EQ(out.find("/v1/bookings"), std::string::npos) << out;
}

}  // namespace
}  // namespace starry::server
