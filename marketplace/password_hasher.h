// @brief Password hashing with argon2id (libargon2), in the PHC string format.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace starry::marketplace {

// argon2id cost. The defaults follow OWASP's recommendation (19 MiB, 2 passes, 1 lane).
struct PasswordHashParams {
  uint32_t time_cost = 2;
  uint32_t memory_kib = 19 * 1024;
  uint32_t parallelism = 1;
};

// "$argon2id$v=19$m=...,t=...,p=...$<salt>$<hash>" with a fresh 16-byte random salt.
// Errors: kInternal when the random source or libargon2 fails.
Result<std::string> HashPassword(std::string_view password, const PasswordHashParams& params = {});

// Whether `password` matches `encoded` (from HashPassword). False for a malformed or non-argon2id
// `encoded`, never an error: a corrupt hash must not let anyone in.
bool VerifyPassword(std::string_view password, const std::string& encoded);

}  // namespace starry::marketplace
