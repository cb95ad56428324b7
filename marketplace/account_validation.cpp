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

}  // namespace

Result<std::string> NormalizeEmail(std::string_view email) {
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
  if (at == std::string::npos || at == 0 || out.find('@', at + 1) != std::string::npos) {
    return Invalid("email", "not an email address");
  }
  std::string_view domain = std::string_view(out).substr(at + 1);
  auto dot = domain.find('.');
  if (domain.empty() || dot == std::string_view::npos || dot == 0 || domain.back() == '.') {
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
