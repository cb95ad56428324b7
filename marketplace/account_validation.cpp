#include "marketplace/account_validation.h"

#include "analyzers/utf8.h"

namespace starry::marketplace {
namespace {

std::unexpected<Error> Invalid(std::string_view field, std::string message) {
  Error e(ErrorCode::kInvalidArgument, std::string(field) + ": " + std::move(message));
  e.details.emplace_back(field);
  return std::unexpected(std::move(e));
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool IsAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// RFC 5322's dot-atom (lower-cased): no quoted local parts, no leading, trailing or double dots.
bool IsLocalPart(std::string_view local) {
  constexpr std::string_view kSpecials = "!#$%&'*+/=?^_`{|}~-";
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.') {
    return false;
  }
  for (size_t i = 0; i < local.size(); ++i) {
    char c = local[i];
    if (c == '.' ? local[i - 1] == '.' : !IsAlnum(c) && kSpecials.find(c) == std::string_view::npos)
      return false;
  }
  return true;
}

// A host name that mail can reach: two or more labels of letters, digits and inner hyphens,
// each 1-63 bytes, the last (the top-level domain) at least two characters and not all digits.
bool IsDomain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) return false;
  size_t labels = 0;
  std::string_view last;
  while (!domain.empty()) {
    auto dot = domain.find('.');
    std::string_view label = domain.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!IsAlnum(c) && c != '-') return false;
    }
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    domain.remove_prefix(dot + 1);
    if (domain.empty()) return false;  // a trailing dot
  }
  return labels >= 2 && last.size() >= 2 &&
         last.find_first_not_of("0123456789") != std::string_view::npos;
}

}  // namespace

Result<std::string> NormalizeLoginEmail(std::string_view email) {
  email = Trim(email);
  if (email.empty()) return Invalid("email", "must not be empty");
  if (email.size() > kMaxEmailBytes) {
    return Invalid("email", "at most " + std::to_string(kMaxEmailBytes) + " characters");
  }
  std::string out;
  out.reserve(email.size());
  for (char c : email) {
    if (c <= ' ' || c > '~') return Invalid("email", "only printable ASCII without spaces");
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  auto at = out.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == out.size() ||
      out.find('@', at + 1) != std::string::npos) {
    return Invalid("email", "not an email address");
  }
  return out;
}

Result<std::string> NormalizeEmail(std::string_view email) {
  auto out = NormalizeLoginEmail(email);
  if (!out) return out;
  auto at = out->find('@');
  if (!IsLocalPart(std::string_view(*out).substr(0, at)) ||
      !IsDomain(std::string_view(*out).substr(at + 1))) {
    return Invalid("email", "not an email address");
  }
  return out;
}

Result<std::string> NormalizeName(std::string_view field, std::string_view value) {
  value = Trim(value);
  if (value.empty()) return Invalid(field, "must not be empty");
  if (value.size() > kMaxNameBytes) {
    return Invalid(field, "at most " + std::to_string(kMaxNameBytes) + " bytes");
  }
  if (!analyzers::IsValidUtf8(value)) return Invalid(field, "not valid UTF-8");
  for (char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return Invalid(field, "must not contain control characters");
    }
  }
  return std::string(value);
}

}  // namespace starry::marketplace
