// @brief Validation of the account fields clients send (register, login, admin create).
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace starry::marketplace {

inline constexpr size_t kMaxEmailBytes = 254;
inline constexpr size_t kMaxNameBytes = 100;

// Trims surrounding spaces and lower-cases: emails are unique case-insensitively and stored in
// lower case. Accepts "local@domain" where local is an unquoted dot-atom of at most 64 bytes
// and domain a host name: two or more labels of letters, digits and inner hyphens, the last at
// least two characters and not all digits. (No quoted local parts or IP-literal domains.)
// Errors: kInvalidArgument naming `email`.
Result<std::string> NormalizeEmail(std::string_view email);

// The same trimming and lower-casing for signing in, with only the looser rules addresses were
// once accepted under (printable ASCII, an '@' with something on each side), so that an account
// created before the rules above tightened can still sign in.
// Errors: kInvalidArgument naming `email`.
Result<std::string> NormalizeLoginEmail(std::string_view email);

// A first or last name: trimmed, 1..kMaxNameBytes bytes of valid UTF-8 without control
// characters. Errors: kInvalidArgument naming `field`.
Result<std::string> NormalizeName(std::string_view field, std::string_view value);

}  // namespace starry::marketplace
