// @brief Report time ranges as users write them: ISO 8601 timestamps and dates, and "7d"-style
// look-backs, parsed strictly; and the one way timestamps are written (UTC, ISO 8601).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "common/result.h"

namespace starry::analytics {

using Clock = std::chrono::system_clock;

// "2026-11-22T08:04:45.123456Z" (UTC, microseconds).
std::string FormatTimestamp(Clock::time_point at);

// Accepts "YYYY-MM-DD" (midnight UTC) and "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)",
// years 1970-9999. Errors: kInvalidArgument naming `name`, details = {name}.
Result<Clock::time_point> ParseTimestamp(std::string_view name, std::string_view text);

// A look-back ("30m", "24h", "7d", "2w"; 1 minute to 3660 days) or a timestamp as above,
// relative to `now`. Errors: kInvalidArgument naming `name`.
Result<Clock::time_point> ParseSince(std::string_view name, std::string_view text,
                                     Clock::time_point now);

// kInvalidArgument with `message`, details = {name}: how every parameter error is built.
std::unexpected<Error> ParameterError(std::string_view name, std::string message);

}  // namespace starry::analytics
