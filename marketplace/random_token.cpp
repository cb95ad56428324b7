#include "marketplace/random_token.h"

#include <openssl/rand.h>

#include <cstdlib>
#include <vector>

namespace starry::marketplace {

std::string RandomToken(size_t length) {
  static constexpr char kAlphabet[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string out;
  out.reserve(length);
  std::vector<unsigned char> bytes(64);
  while (out.size() < length) {
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) std::abort();
    for (unsigned char b : bytes) {
      // 248 = 4 * 62: rejecting the rest keeps every character equally likely.
      if (b < 248 && out.size() < length) out.push_back(kAlphabet[b % 62]);
    }
  }
  return out;
}

}  // namespace starry::marketplace
