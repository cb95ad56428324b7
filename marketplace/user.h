// @brief An account as the API shows it (users row, without the password hash).
#pragma once

#include <optional>
#include <string>

#include "marketplace/principal.h"

namespace starry::marketplace {

struct User {
  std::string id;  // UUID
  std::string email;
  std::string first_name;
  std::string last_name;
  std::optional<std::string> phone;
  std::optional<std::string> avatar_url;
  Role role = Role::kUser;
  bool email_verified = false;
  std::string created_at;  // ISO 8601 UTC

  Principal principal() const { return Principal{id, email, role}; }
};

}  // namespace starry::marketplace
