#include "marketplace/password_policy.h"

#include <bitset>
#include <string>

#include "analyzers/utf8.h"

namespace starry::marketplace {
namespace {

Status Invalid(std::string message) {
  Error e(ErrorCode::kInvalidArgument, std::move(message));
  e.details.push_back("password");
  return std::unexpected(std::move(e));
}

}  // namespace

Status CheckPasswordStrength(std::string_view password) {
  if (password.size() > kMaxPasswordBytes) {
    return Invalid("password: at most " + std::to_string(kMaxPasswordBytes) + " bytes");
  }
  if (!analyzers::IsValidUtf8(password)) return Invalid("password: not valid UTF-8");
  if (analyzers::DecodeUtf8(password).size() < kMinPasswordChars) {
    return Invalid("password: at least " + std::to_string(kMinPasswordChars) + " characters");
  }
  std::bitset<4> classes;
  for (char c : password) {
    if (c >= 'a' && c <= 'z') {
      classes.set(0);
    } else if (c >= 'A' && c <= 'Z') {
      classes.set(1);
    } else if (c >= '0' && c <= '9') {
      classes.set(2);
    } else {
      classes.set(3);
    }
  }
  if (classes.count() < 2) {
    return Invalid(
        "password: mix at least two kinds of characters (lower-case, upper-case, digits, "
        "symbols)");
  }
  return {};
}

}  // namespace starry::marketplace
