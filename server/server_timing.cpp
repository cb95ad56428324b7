#include "server/server_timing.h"

#include <cstdio>

namespace starry::server {

void ServerTiming::write(std::ostream& os) const {
  char buf[48];
  snprintf(buf, sizeof buf, "search;dur=%.3f", ms_);
  os << buf;
}

}  // namespace starry::server
