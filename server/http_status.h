// @brief The one mapping from domain error codes to HTTP statuses.
#pragma once

#include "common/result.h"

namespace starry::server {

int HttpStatusFor(ErrorCode code);
// 413: a request body over the endpoint's limit.
int HttpStatusForOversizedBody();

}  // namespace starry::server
