// @brief Unguessable identifiers and secrets (OpenSSL's CSPRNG).
#pragma once

#include <cstddef>
#include <string>

namespace starry::marketplace {

// `length` characters from [0-9A-Za-z]. Aborts only if the CSPRNG fails (it cannot be seeded).
std::string RandomToken(size_t length);

}  // namespace starry::marketplace
