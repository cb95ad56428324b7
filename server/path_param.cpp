#include "server/path_param.h"

#include "marketplace/ids.h"
#include "server/query_string.h"

namespace starry::server {

std::string PathParam(const Pistache::Rest::Request& request, const char* name) {
  std::string raw = request.param(name).as<std::string>();
  std::string decoded;
  if (!PercentDecode(raw, false, decoded)) decoded = raw;
  return marketplace::CanonicalId(decoded);
}

}  // namespace starry::server
