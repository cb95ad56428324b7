#include "db/connection_settings.h"

#include <gtest/gtest.h>

namespace starry::db {
namespace {

struct Case {
  std::string input, expected;
};

TEST(ConnectionSettingsTest, AddsConnectTimeoutWhenAbsent) {
  const Case cases[] = {
      {"postgresql://u:p@h/db", "postgresql://u:p@h/db?connect_timeout=5"},
      {"postgresql://h/db?sslmode=disable", "postgresql://h/db?sslmode=disable&connect_timeout=5"},
      {"postgres://h/db?connect_timeout=2", "postgres://h/db?connect_timeout=2"},
      {"host=h dbname=d", "host=h dbname=d connect_timeout=5"},
      {"host=h connect_timeout=1", "host=h connect_timeout=1"},
      {"", "connect_timeout=5"},
  };
  for (const auto& c : cases) EXPECT_EQ(WithConnectTimeout(c.input, 5), c.expected) << c.input;
}

TEST(ConnectionSettingsTest, RedactsPasswords) {
  const Case cases[] = {
      {"postgresql://bob:s3cret@db.example:5432/app", "postgresql://bob:***@db.example:5432/app"},
      {"postgresql://bob@h/app?password=s3cret&x=1", "postgresql://bob@h/app?password=***&x=1"},
      {"host=h user=bob password=s3cret dbname=app", "host=h user=bob password=*** dbname=app"},
      {"host=h password='s3 cret' dbname=app", "host=h password='***' dbname=app"},
      {"postgresql://bob@h/app", "postgresql://bob@h/app"},
      {"host=h dbname=app", "host=h dbname=app"},
  };
  for (const auto& c : cases) EXPECT_EQ(RedactConnInfo(c.input), c.expected) << c.input;
}

TEST(ConnectionSettingsTest, RedactsPasswordQuotedInsideMessages) {
  EXPECT_EQ(RedactMessage("could not connect with s3cret twice s3cret", "password=s3cret"),
            "could not connect with *** twice ***");
}

}  // namespace
}  // namespace starry::db
