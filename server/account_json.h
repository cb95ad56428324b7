// @brief The JSON shapes of the account endpoints: user, and {user, token, refreshToken}.
#pragma once

#include <string>

#include "marketplace/account_service.h"
#include "marketplace/user.h"

namespace starry::server {

// {id, email, firstName, lastName, phone, avatarUrl, role, emailVerified, createdAt}
std::string UserJson(const marketplace::User& user);
// {user, token, refreshToken, tokenType: "Bearer"}
std::string SessionJson(const marketplace::AuthSession& session);

}  // namespace starry::server
