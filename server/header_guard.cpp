#include "server/header_guard.h"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/result.h"
#include "server/json_response.h"
#include "server/pistache.h"
#include "server/private_member.h"

namespace starry::server {

namespace header = Pistache::Http::Header;

using HeaderFactory = std::function<std::unique_ptr<header::Header>()>;
using HeaderFactories =
    std::unordered_map<std::string, HeaderFactory, header::LowercaseHash, header::LowercaseEqual>;

// Pistache's registry has no way to replace a factory: registerHeader() refuses a known name.
struct HeaderRegistryMap {
  using type = HeaderFactories header::Registry::*;
  friend type Get(HeaderRegistryMap);
};
template struct PrivateMember<HeaderRegistryMap, &header::Registry::registry>;

namespace {

using Pistache::Http::Code;
using Pistache::Http::HttpError;

std::atomic<size_t> max_request_bytes_limit{0};

Error HeaderError(std::string_view name, const std::string& why) {
  Error error(ErrorCode::kInvalidArgument, std::string(name) + ": " + why);
  error.details.emplace_back(name);
  return error;
}

HttpError Refusal(Code code, std::string_view name, const std::string& why) {
  return HttpError(code, ErrorBody(HeaderError(name, why)));
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Pistache's own parse of Content-Length takes "-1" and "+9"; only digits are a length.
void CheckContentLength(std::string_view value) {
  value = TrimSpaces(value);
  bool digits = !value.empty() && value.size() <= 19;
  for (char c : value) digits = digits && c >= '0' && c <= '9';
  if (!digits) throw Refusal(Code::Bad_Request, header::ContentLength::Name, "not a length");
  size_t limit = max_request_bytes_limit.load();
  if (std::stoull(std::string(value)) > limit) {
    throw Refusal(Code::Request_Entity_Too_Large, header::ContentLength::Name,
                  "larger than the " + std::to_string(limit) + " bytes a request may have");
  }
}

// Set on a header whose value did not parse: the request is read whole, then refused.
class Unparsable {
 public:
  virtual ~Unparsable() = default;
  bool unparsable() const { return unparsable_; }

 protected:
  bool unparsable_ = false;
};

template <typename H>
class Guarded : public H, public Unparsable {
 public:
  void parseRaw(const char* str, size_t len) override {
    // These two frame the body: without a length we trust, the bytes that follow cannot be
    // told apart from the next request, so refuse now.
    if constexpr (std::is_same_v<H, header::ContentLength>) {
      CheckContentLength(std::string_view(str, len));
    }
    if constexpr (std::is_same_v<H, header::TransferEncoding>) {
      throw Refusal(Code::Length_Required, H::Name,
                    "not accepted; send the body with a Content-Length");
    }
    // Any other: refusing while the request is read would leave the part of its body still
    // to come to be read as the next request (Pistache keeps the connection), so a proxy's
    // shared connection would get one answer too many. Mark it; see UnparsableHeader().
    try {
      H::parseRaw(str, len);
    } catch (const std::exception&) {  // HttpError included: Accept's is a 415
      unparsable_ = true;
    }
  }
};

template <typename... H>
void Replace(HeaderFactories& factories) {
  ((factories[H::Name] = [] { return std::unique_ptr<header::Header>(new Guarded<H>()); }), ...);
}

}  // namespace

std::optional<Error> UnparsableHeader(const Pistache::Http::Request& request) {
  for (const auto& h : request.headers().list()) {
    const auto* mark = dynamic_cast<const Unparsable*>(h.get());
    if (mark != nullptr && mark->unparsable()) return HeaderError(h->name(), "not a valid value");
  }
  return std::nullopt;
}

void GuardHeaderParsing(size_t max_request_bytes) {
  max_request_bytes_limit.store(max_request_bytes);
  static std::once_flag once;
  std::call_once(once, [] {
    HeaderFactories& factories = header::Registry::instance().*Get(HeaderRegistryMap{});
    Replace<header::Accept, header::AccessControlAllowOrigin, header::AccessControlAllowHeaders,
            header::AccessControlExposeHeaders, header::AccessControlAllowMethods, header::Allow,
            header::Authorization, header::CacheControl, header::Connection,
            header::ContentEncoding, header::ContentLength, header::ContentType, header::Date,
            header::Expect, header::Host, header::Location, header::Server,
            header::TransferEncoding, header::UserAgent>(factories);
  });
}

}  // namespace starry::server
