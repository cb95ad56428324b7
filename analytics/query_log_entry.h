// @brief One logged search request, and the helpers that fill its fields the same way for every
// endpoint: the normalised query and the client's session id.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "analyzers/analyzer.h"
#include "common/result.h"

namespace starry::analytics {

enum class Endpoint { kSearch, kSuggestions, kBrowse };
// Why a request found nothing: its text matched nothing even without filters, or the text (or
// no text) matched but the filters left nothing.
enum class ZeroCause { kNone, kText, kFilters };

std::string_view EndpointName(Endpoint endpoint);  // "search", "suggestions", "browse"
std::string_view ZeroCauseName(ZeroCause cause);   // "", "text", "filters"

struct QueryLogEntry {
  Endpoint endpoint = Endpoint::kSearch;
  std::string raw_query;            // as received (after percent-decoding)
  std::string normalized_query;     // NormalizeQuery(raw_query)
  std::string filters_json = "{}";  // a JSON object: the filters the request applied
  int64_t result_count = 0;
  ZeroCause zero_cause = ZeroCause::kNone;
  double latency_ms = 0;  // the engine's time (what Server-Timing reports)
  std::chrono::system_clock::time_point at = std::chrono::system_clock::now();
  std::optional<std::string> session_id;  // X-Session-Id, validated (ParseSessionId)
};

// The grouping key of a query: the analyzers' fold (Beyoncé -> beyonce, 周杰倫 -> zhou jie lun)
// with runs of spaces collapsed and the ends trimmed, so spellings of one name group together.
std::string NormalizeQuery(const analyzers::Analyzer& analyzer, std::string_view raw);

inline constexpr size_t kMaxSessionIdBytes = 128;

// Validates an X-Session-Id header value: 1-128 printable ASCII characters (0x21-0x7E).
// Errors: kInvalidArgument naming X-Session-Id.
Result<std::string> ParseSessionId(std::string_view value);

}  // namespace starry::analytics
