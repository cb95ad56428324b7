// @brief Who is calling: the authenticated account a request acts for, and its role.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace starry::marketplace {

enum class Role { kUser, kCelebrity, kAdmin };

// "user", "celebrity", "admin" (the users.role column and the JWT `role` claim).
std::string_view RoleName(Role role);
// Inverse of RoleName; nullopt for anything else (case-sensitive).
std::optional<Role> ParseRole(std::string_view name);

// The caller of an authenticated request. `user_id` is users.id (a UUID string).
struct Principal {
  std::string user_id;
  std::string email;
  Role role = Role::kUser;

  bool is_admin() const { return role == Role::kAdmin; }
};

}  // namespace starry::marketplace
