#include "marketplace/form_encoding.h"

namespace starry::marketplace {
namespace {

bool Unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

void AppendEncoded(std::string& out, std::string_view text, bool keep_brackets) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : text) {
    if (Unreserved(c) || (keep_brackets && (c == '[' || c == ']'))) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
}

}  // namespace

std::string PercentEncode(std::string_view text) {
  std::string out;
  AppendEncoded(out, text, false);
  return out;
}

std::string FormEncode(const FormFields& fields) {
  std::string out;
  for (const auto& [key, value] : fields) {
    if (!out.empty()) out.push_back('&');
    AppendEncoded(out, key, true);
    out.push_back('=');
    AppendEncoded(out, value, false);
  }
  return out;
}

}  // namespace starry::marketplace
