#include "cli/jwt_secret.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace starry::cli {
namespace {

constexpr size_t kMinSecretBytes = 32;

std::string Hex(const unsigned char* bytes, size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0xF]);
  }
  return out;
}

Result<std::string> ReadSecretFile(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    return MakeError(ErrorCode::kUnavailable,
                     "cannot read " + file.string() + ": " + std::strerror(errno));
  }
  if ((st.st_mode & 077) != 0) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     file.string() + " is readable by other users: chmod 600 it");
  }
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  std::string secret = text.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  if (!in || secret.size() < kMinSecretBytes) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     file.string() + " holds no usable secret (delete it to generate a new one)");
  }
  return secret;
}

}  // namespace

Result<std::string> LoadJwtSecret(const std::filesystem::path& data_dir) {
  if (const char* env = std::getenv("STARRY_JWT_SECRET"); env != nullptr && *env != '\0') {
    if (std::strlen(env) < kMinSecretBytes) {
      return MakeError(
          ErrorCode::kInvalidArgument,
          "STARRY_JWT_SECRET must be at least " + std::to_string(kMinSecretBytes) + " characters");
    }
    return std::string(env);
  }
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  std::filesystem::path file = data_dir / "jwt_secret";
  if (std::filesystem::exists(file, ec)) return ReadSecretFile(file);
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return MakeError(ErrorCode::kInternal, "the random source failed");
  }
  std::string secret = Hex(bytes.data(), bytes.size());
  // Written to a private temporary file, then link()ed into place: link fails when the file
  // exists, so when two processes start at once one secret wins and both read it back whole.
  std::filesystem::path tmp = file.string() + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return MakeError(ErrorCode::kUnavailable,
                     "cannot create " + tmp.string() + ": " + std::strerror(errno));
  }
  std::string line = secret + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ok = ::fsync(fd) == 0 && ok;
  ::close(fd);
  int linked = ok ? ::link(tmp.c_str(), file.c_str()) : -1;
  int link_errno = errno;
  std::filesystem::remove(tmp, ec);
  if (!ok || (linked != 0 && link_errno != EEXIST)) {
    return MakeError(ErrorCode::kUnavailable, "cannot write " + file.string());
  }
  return ReadSecretFile(file);
}

}  // namespace starry::cli
