// @brief A small blocking HTTP client for tests against a running server (libcurl).
#pragma once

#include <map>
#include <string>

namespace starry::testing {

struct HttpResponse {
  long status = 0;  // 0 when no response arrived
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
};

HttpResponse HttpGet(const std::string& url,
                     const std::map<std::string, std::string>& headers = {});
HttpResponse HttpRequest(const std::string& method, const std::string& url, const std::string& body,
                         const std::map<std::string, std::string>& headers = {});

}  // namespace starry::testing
