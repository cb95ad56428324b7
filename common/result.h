// @brief Errors as values at module boundaries: Result<T> = std::expected<T, Error>.
//
// Domain code returns a Result carrying an ErrorCode; only server/ maps codes to HTTP statuses
// and only cli/ maps them to exit messages. Exceptions from Xapian and libpqxx are caught in the
// adapter that calls them and turned into an Error here.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace starry {

enum class ErrorCode {
  kInvalidArgument,     // the caller sent something malformed or out of range
  kNotFound,            // the named thing does not exist
  kConflict,            // the request contradicts current state (duplicate, no slot left, busy)
  kFailedPrecondition,  // the system is not in a state that allows this (schema too new, ...)
  kUnauthenticated,     // no or bad credentials
  kPermissionDenied,    // credentials fine, not allowed
  kResourceExhausted,   // rate limits, quotas, size limits
  kUnavailable,         // a dependency (PostgreSQL, the index, the provider) cannot be reached
  kPaymentFailed,       // the payment provider declined the payment (card declined, ...)
  kInternal,            // a bug or an unexpected failure; never shown in detail to clients
};

std::string_view ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<std::string> details;

  Error() = default;
  Error(ErrorCode c, std::string m) : code(c), message(std::move(m)) {}
};

template <typename T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> MakeError(ErrorCode code, std::string message) {
  return std::unexpected<Error>(Error(code, std::move(message)));
}

}  // namespace starry
