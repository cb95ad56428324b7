#include "cli/payment_config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "marketplace/random_token.h"
#include "marketplace/stripe_gateway.h"

namespace starry::cli {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

Result<std::string> LoadWebhookSecret(const std::filesystem::path& data_dir) {
  if (std::string env = Env("STARRY_STRIPE_WEBHOOK_SECRET"); !env.empty()) return env;
  const auto path = data_dir / "stripe_webhook_secret";
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  // O_EXCL: two servers starting together agree on one secret (the loser reads the winner's).
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    const std::string secret = "whsec_" + marketplace::RandomToken(40) + "\n";
    bool ok = write(fd, secret.data(), secret.size()) == static_cast<ssize_t>(secret.size());
    ok = fsync(fd) == 0 && ok;
    close(fd);
    if (!ok) return MakeError(ErrorCode::kUnavailable, "cannot write " + path.string());
    return Trimmed(secret);
  }
  if (errno != EEXIST) return MakeError(ErrorCode::kUnavailable, "cannot create " + path.string());
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    return MakeError(ErrorCode::kUnavailable, "cannot read " + path.string());
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     path.string() + " is readable by others: chmod 600 it");
  }
  std::ifstream in(path);
  std::stringstream contents;
  contents << in.rdbuf();
  std::string secret = Trimmed(contents.str());
  if (!in || secret.empty()) {
    return MakeError(ErrorCode::kFailedPrecondition, path.string() + " is empty");
  }
  return secret;
}

Result<ConfiguredGateway> GatewayFromEnvironment(const std::string& conninfo,
                                                 const std::string& webhook_secret) {
  std::string name = Env("STARRY_PAYMENT_GATEWAY");
  if (name.empty() || name == "local") {
    auto local = std::make_unique<marketplace::LocalGateway>(conninfo, webhook_secret);
    auto* raw = local.get();
    return ConfiguredGateway{std::move(local), raw};
  }
  if (name != "stripe") {
    return MakeError(ErrorCode::kInvalidArgument,
                     "STARRY_PAYMENT_GATEWAY must be 'local' or 'stripe', not '" + name + "'");
  }
  marketplace::StripeClientOptions options;
  options.secret_key = Env("STRIPE_SECRET_KEY");
  if (!options.secret_key.starts_with("sk_") && !options.secret_key.starts_with("rk_")) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "STARRY_PAYMENT_GATEWAY=stripe needs STRIPE_SECRET_KEY (sk_... or rk_...)");
  }
  if (std::string base = Env("STRIPE_API_BASE"); !base.empty()) {
    if (!base.starts_with("https://") && !base.starts_with("http://")) {
      return MakeError(ErrorCode::kInvalidArgument, "STRIPE_API_BASE must be an http(s) URL");
    }
    options.base_url = base;
  }
  return ConfiguredGateway{std::make_unique<marketplace::StripeGateway>(options), nullptr};
}

}  // namespace starry::cli
