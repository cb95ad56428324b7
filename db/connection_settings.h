// @brief Where the service's PostgreSQL is: DATABASE_URL, or the private cluster's conninfo.
#pragma once

#include <string>
#include <string_view>

namespace starry::db {

// Default bound on how long a connection attempt may take, in seconds.
inline constexpr int kDefaultConnectTimeoutSeconds = 5;

// Returns conninfo with connect_timeout added when absent (libpq URI or key=value form),
// so that a DATABASE_URL pointing at nothing fails fast instead of hanging.
std::string WithConnectTimeout(std::string_view conninfo, int seconds);

// Replaces any password in a libpq URI (user:secret@) or key=value string (password=secret)
// with "***", for messages and logs.
std::string RedactConnInfo(std::string_view conninfo);

// Replaces every occurrence of the password inside an arbitrary message (libpq error text may
// quote the URI it was given).
std::string RedactMessage(std::string_view message, std::string_view conninfo);

}  // namespace starry::db
