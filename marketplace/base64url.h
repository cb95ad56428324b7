// @brief Base64url without padding (RFC 4648 §5), as JWTs and refresh tokens use it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace starry::marketplace {

std::string Base64UrlEncode(std::string_view bytes);
// Strict: only the url-safe alphabet, no padding, no whitespace, no impossible lengths (a
// length of 1 mod 4) and no non-zero leftover bits. nullopt for anything else.
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace starry::marketplace
