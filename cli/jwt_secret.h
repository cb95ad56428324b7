// @brief The key that signs access tokens: STARRY_JWT_SECRET, or one generated once and kept in
// the data dir (file `jwt_secret`, mode 0600) so that restarts keep issued tokens valid.
#pragma once

#include <filesystem>
#include <string>

#include "common/result.h"

namespace starry::cli {

// STARRY_JWT_SECRET when set (at least 32 bytes); else the contents of <data_dir>/jwt_secret,
// created with 32 random bytes (hex) when missing. Errors: kInvalidArgument (a short
// STARRY_JWT_SECRET), kFailedPrecondition (the file is readable by others, or empty),
// kUnavailable (cannot read or write it).
Result<std::string> LoadJwtSecret(const std::filesystem::path& data_dir);

}  // namespace starry::cli
