// @brief The Server-Timing response header (engine time), as a typed Pistache header: headers
// added with addRaw() are dropped by Pistache 0.0.5, typed ones are sent.
#pragma once

#include "server/pistache.h"

namespace starry::server {

class ServerTiming : public Pistache::Http::Header::Header {
 public:
  NAME("Server-Timing")
  ServerTiming() = default;
  explicit ServerTiming(double ms) : ms_(ms) {}
  void parse(const std::string&) override {}
  void write(std::ostream& os) const override;

 private:
  double ms_ = 0;
};

}  // namespace starry::server
