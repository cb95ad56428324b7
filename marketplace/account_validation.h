// @brief Validation of the account fields clients send (register, login, admin create).
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace starry::marketplace {

inline constexpr size_t kMaxEmailBytes = 254;
inline constexpr size_t kMaxNameBytes = 100;

// Trims surrounding spaces and lower-cases: emails are unique case-insensitively and stored in
// lower case. Accepts printable ASCII "local@domain" with a non-empty local part and a domain
// holding a dot in its middle.
// Errors: kInvalidArgument naming `email`.
Result<std::string> NormalizeEmail(std::string_view email);

// A first or last name: trimmed, 1..kMaxNameBytes bytes of valid UTF-8 without control
// characters. Errors: kInvalidArgument naming `field`.
Result<std::string> NormalizeName(std::string_view field, std::string_view value);

}  // namespace starry::marketplace
