// @brief GET /metrics: request counts, statuses and handler latency per endpoint group, plus
// gauges main supplies (query log, index), in Prometheus' text exposition format (0.0.4).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace starry::server {

// One sample main supplies, read at scrape time ("starry_query_log_dropped_total", ...).
struct MetricSample {
  std::string name;  // a valid Prometheus metric name
  std::string help;
  std::string type;  // "counter" or "gauge"
  std::function<double()> value;
};

class Metrics {
 public:
  // The low-cardinality group a request path belongs to: "/v1/search/celebrities",
  // "/v1/bookings", "/assets", "other" ... (ids and query strings never become labels).
  static std::string_view GroupOf(std::string_view path);

  // Records one finished request: its group, HTTP status and how long the handler took.
  void Record(std::string_view path, int status, std::chrono::nanoseconds took);
  void AddSample(MetricSample sample) { samples_.push_back(std::move(sample)); }
  // The whole exposition, ending with a newline.
  std::string Render() const;

 private:
  static constexpr std::array<double, 12> kBucketsSeconds = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
  static constexpr std::array<std::string_view, 17> kGroups = {"/health",
                                                               "/ready",
                                                               "/metrics",
                                                               "/v1/search/celebrities",
                                                               "/v1/search/suggestions",
                                                               "/v1/search/filters",
                                                               "/v1/celebrities",
                                                               "/v1/categories",
                                                               "/v1/auth",
                                                               "/v1/users",
                                                               "/v1/bookings",
                                                               "/v1/payments",
                                                               "/v1/webhooks",
                                                               "/v1/admin",
                                                               "page",
                                                               "/assets",
                                                               "other"};
  // The statuses counted by name; anything else counts as "other".
  static constexpr std::array<int, 17> kStatuses = {200, 201, 202, 204, 304, 400, 401, 402, 403,
                                                    404, 405, 409, 413, 429, 500, 502, 503};
  struct Group {
    std::array<std::atomic<uint64_t>, kStatuses.size() + 1> by_status{};      // last: other
    std::array<std::atomic<uint64_t>, kBucketsSeconds.size() + 1> buckets{};  // last: +Inf
    std::atomic<uint64_t> nanos{0};
  };
  static size_t GroupIndex(std::string_view group);
  std::array<Group, kGroups.size()> groups_;
  std::vector<MetricSample> samples_;
};

// The status of the response the current thread sent last (set where replies are sent; read by
// the request wrapper that records metrics). 0 when nothing was sent.
int& LastStatusOnThisThread();

}  // namespace starry::server
