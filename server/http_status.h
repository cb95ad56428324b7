// @brief The one mapping from domain error codes to HTTP statuses.
#pragma once

#include "common/result.h"

namespace starry::server {

int HttpStatusFor(ErrorCode code);

}  // namespace starry::server
