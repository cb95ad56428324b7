#include "server/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace starry::server {
namespace {

bool StartsWithSegment(std::string_view path, std::string_view prefix) {
  return path.starts_with(prefix) && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

std::string Number(double v) {
  if (std::isinf(v)) return "+Inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

}  // namespace

std::string_view Metrics::GroupOf(std::string_view path) {
  path = path.substr(0, path.find('?'));
  for (std::string_view g : kGroups) {
    if (g.front() == '/' && StartsWithSegment(path, g)) return g;
  }
  if (path == "/" || StartsWithSegment(path, "/celebrity") ||
      StartsWithSegment(path, "/bookings")) {
    return "page";
  }
  return "other";
}

size_t Metrics::GroupIndex(std::string_view group) {
  auto it = std::find(kGroups.begin(), kGroups.end(), group);
  return it == kGroups.end() ? kGroups.size() - 1 : static_cast<size_t>(it - kGroups.begin());
}

void Metrics::Record(std::string_view path, int status, std::chrono::nanoseconds took) {
  Group& g = groups_[GroupIndex(GroupOf(path))];
  auto s = std::find(kStatuses.begin(), kStatuses.end(), status);
  g.by_status[static_cast<size_t>(s - kStatuses.begin())].fetch_add(1, std::memory_order_relaxed);
  double seconds = std::chrono::duration<double>(took).count();
  auto b = std::lower_bound(kBucketsSeconds.begin(), kBucketsSeconds.end(), seconds);
  g.buckets[static_cast<size_t>(b - kBucketsSeconds.begin())].fetch_add(1,
                                                                        std::memory_order_relaxed);
  g.nanos.fetch_add(static_cast<uint64_t>(took.count()), std::memory_order_relaxed);
}

std::string Metrics::Render() const {
  std::string out;
  out += "# HELP starry_http_responses_total Responses sent by the service's handlers.\n";
  out += "# TYPE starry_http_responses_total counter\n";
  for (size_t i = 0; i < kGroups.size(); ++i) {
    for (size_t s = 0; s <= kStatuses.size(); ++s) {
      uint64_t n = groups_[i].by_status[s].load(std::memory_order_relaxed);
      if (n == 0) continue;
      std::string code = s < kStatuses.size() ? std::to_string(kStatuses[s]) : "other";
      out += "starry_http_responses_total{route=\"" + std::string(kGroups[i]) + "\",code=\"" +
             code + "\"} " + std::to_string(n) + "\n";
    }
  }
  out +=
      "# HELP starry_http_handler_seconds Time in the handler (parse, engine, JSON), per route.\n";
  out += "# TYPE starry_http_handler_seconds histogram\n";
  for (size_t i = 0; i < kGroups.size(); ++i) {
    const Group& g = groups_[i];
    uint64_t cumulative = 0;
    std::string lines;
    for (size_t b = 0; b <= kBucketsSeconds.size(); ++b) {
      cumulative += g.buckets[b].load(std::memory_order_relaxed);
      double le = b < kBucketsSeconds.size() ? kBucketsSeconds[b] : INFINITY;
      lines += "starry_http_handler_seconds_bucket{route=\"" + std::string(kGroups[i]) +
               "\",le=\"" + Number(le) + "\"} " + std::to_string(cumulative) + "\n";
    }
    if (cumulative == 0) continue;
    out += lines;
    std::string label = "{route=\"" + std::string(kGroups[i]) + "\"} ";
    out += "starry_http_handler_seconds_sum" + label +
           Number(static_cast<double>(g.nanos.load(std::memory_order_relaxed)) / 1e9) + "\n";
    out += "starry_http_handler_seconds_count" + label + std::to_string(cumulative) + "\n";
  }
  for (const auto& sample : samples_) {
    out += "# HELP " + sample.name + " " + sample.help + "\n";
    out += "# TYPE " + sample.name + " " + sample.type + "\n";
    out += sample.name + " " + Number(sample.value()) + "\n";
  }
  return out;
}

int& LastStatusOnThisThread() {
  thread_local int status = 0;
  return status;
}

}  // namespace starry::server
