#include "server/query_string.h"

#include "analyzers/utf8.h"

namespace starry::server {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool PercentDecode(std::string_view in, bool plus_is_space, std::string& out) {
  out.clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+' && plus_is_space) {
      out += ' ';
    } else if (in[i] == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += in[i];
    }
  }
  return true;
}

Result<query::Params> ParseQueryString(std::string_view raw) {
  query::Params params;
  while (!raw.empty()) {
    size_t amp = raw.find('&');
    std::string_view pair = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view() : raw.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string name, value;
    if (!PercentDecode(pair.substr(0, eq), true, name)) {
      Error e(ErrorCode::kInvalidArgument, "query string: malformed percent-encoding");
      return std::unexpected(e);
    }
    if (!PercentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true, value)) {
      Error e(ErrorCode::kInvalidArgument, name + ": malformed percent-encoding");
      e.details.push_back(name);
      return std::unexpected(e);
    }
    if (!analyzers::IsValidUtf8(name)) {  // not echoed: JSON could not carry it
      Error e(ErrorCode::kInvalidArgument, "query string: a parameter name is not valid UTF-8");
      e.details.push_back("query");
      return std::unexpected(e);
    }
    if (!analyzers::IsValidUtf8(value)) {
      Error e(ErrorCode::kInvalidArgument, name + ": not valid UTF-8");
      e.details.push_back(name);
      return std::unexpected(e);
    }
    params.emplace(std::move(name), std::move(value));
  }
  return params;
}

}  // namespace starry::server
