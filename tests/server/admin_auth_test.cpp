// The admin check on its own: disabled without a token, Bearer only, exact token.
#include "server/admin_auth.h"

#include <gtest/gtest.h>

namespace starry::server {
namespace {

TEST(AdminAuthTest, DisabledWithoutAConfiguredToken) {
  for (const std::optional<std::string>& configured :
       {std::optional<std::string>(), std::optional<std::string>("")}) {
    auto s = CheckAdminAuthorization(configured, "Bearer ");
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::kPermissionDenied);
    EXPECT_NE(s.error().message.find("STARRY_ADMIN_TOKEN"), std::string::npos);
  }
}

TEST(AdminAuthTest, OnlyTheExactBearerTokenPasses) {
  std::optional<std::string> token = "s3cret";
  EXPECT_TRUE(CheckAdminAuthorization(token, "Bearer s3cret"));
  EXPECT_TRUE(CheckAdminAuthorization(token, "bearer s3cret"));
  EXPECT_TRUE(CheckAdminAuthorization(token, "Bearer  s3cret "));
  for (std::optional<std::string_view> header :
       {std::optional<std::string_view>(), std::optional<std::string_view>("")}) {
    auto s = CheckAdminAuthorization(token, header);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::kUnauthenticated);
  }
  for (const char* header : {"Bearer", "Bearer ", "Bearer s3cre", "Bearer s3cretx", "Bearer S3CRET",
                             "Basic s3cret", "s3cret", "Bearers3cret"}) {
    auto s = CheckAdminAuthorization(token, header);
    ASSERT_FALSE(s) << header;
    EXPECT_EQ(s.error().code, ErrorCode::kUnauthenticated) << header;
    EXPECT_EQ(s.error().message.find("s3cret"), std::string::npos);
  }
}

}  // namespace
}  // namespace starry::server
