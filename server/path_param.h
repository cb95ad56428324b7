// @brief A route's path parameter, decoded the way clients encode it.
//
// Pistache's router hands `:id` over exactly as it appeared in the request target, still
// percent-encoded. PathParam decodes it (a malformed escape is kept as it is: it then matches
// nothing) and returns UUIDs in lower case, the form the database and the index hold.
#pragma once

#include <string>

#include "server/pistache.h"

namespace starry::server {

std::string PathParam(const Pistache::Rest::Request& request, const char* name);

}  // namespace starry::server
