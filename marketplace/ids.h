// @brief Checks on identifiers that come from clients, before they reach SQL.
#pragma once

#include <string>
#include <string_view>

namespace starry::marketplace {

// The canonical textual UUID form: 8-4-4-4-12 hex digits (either case).
inline bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

// The form ids are stored and compared in: a UUID in lower case (PostgreSQL reads either case
// but prints lower case, and the index holds the printed form); anything else unchanged.
inline std::string CanonicalId(std::string_view s) {
  std::string out(s);
  if (IsUuid(s)) {
    for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
  }
  return out;
}

}  // namespace starry::marketplace
