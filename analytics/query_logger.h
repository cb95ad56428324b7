// @brief Where request handlers send query log entries.
//
// Record() is called on the request path: implementations must return at once (no I/O, no
// waiting on a slow consumer) and never throw; losing an entry is acceptable, slowing or failing
// the request is not.
#pragma once

#include "analytics/query_log_entry.h"

namespace starry::analytics {

class QueryLogger {
 public:
  virtual ~QueryLogger() = default;
  virtual void Record(QueryLogEntry entry) noexcept = 0;
};

}  // namespace starry::analytics
