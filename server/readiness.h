// @brief What /ready checks: named probes supplied by main (PostgreSQL, the index, ...).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/result.h"

namespace starry::server {

struct ReadinessProbe {
  std::string name;               // "postgres", "index"
  std::function<Status()> check;  // ok, or why not ready
};

}  // namespace starry::server
