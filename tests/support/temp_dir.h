// @brief A temporary directory per test, removed afterwards; enterable by the postgres user.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <string>

namespace starry::testing {

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/starry-test-XXXXXX";
    path_ = mkdtemp(tmpl);
    std::filesystem::permissions(path_, std::filesystem::perms::others_exec,
                                 std::filesystem::perm_options::add);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace starry::testing
