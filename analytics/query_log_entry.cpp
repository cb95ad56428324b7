#include "analytics/query_log_entry.h"

namespace starry::analytics {

std::string_view EndpointName(Endpoint endpoint) {
  switch (endpoint) {
    case Endpoint::kSearch:
      return "search";
    case Endpoint::kSuggestions:
      return "suggestions";
    case Endpoint::kBrowse:
      return "browse";
  }
  return "search";
}

std::string_view ZeroCauseName(ZeroCause cause) {
  switch (cause) {
    case ZeroCause::kNone:
      return "";
    case ZeroCause::kText:
      return "text";
    case ZeroCause::kFilters:
      return "filters";
  }
  return "";
}

std::string NormalizeQuery(const analyzers::Analyzer& analyzer, std::string_view raw) {
  std::string folded = analyzer.Fold(raw);
  std::string out;
  out.reserve(folded.size());
  for (char c : folded) {
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

Result<std::string> ParseSessionId(std::string_view value) {
  auto error = [](std::string message) {
    Error e(ErrorCode::kInvalidArgument, "X-Session-Id " + std::move(message));
    e.details.push_back("X-Session-Id");
    return std::unexpected<Error>(std::move(e));
  };
  if (value.empty()) return error("must not be empty");
  if (value.size() > kMaxSessionIdBytes) {
    return error("must be at most " + std::to_string(kMaxSessionIdBytes) + " characters");
  }
  for (char c : value) {
    if (c < 0x21 || c > 0x7e) return error("must be printable ASCII without spaces");
  }
  return std::string(value);
}

}  // namespace starry::analytics
