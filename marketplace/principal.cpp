#include "marketplace/principal.h"

namespace starry::marketplace {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kUser:
      return "user";
    case Role::kCelebrity:
      return "celebrity";
    case Role::kAdmin:
      return "admin";
  }
  return "user";
}

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "user") return Role::kUser;
  if (name == "celebrity") return Role::kCelebrity;
  if (name == "admin") return Role::kAdmin;
  return std::nullopt;
}

}  // namespace starry::marketplace
