// The client IP behind a local proxy: the rightmost X-Forwarded-For entry, trusted from loopback.
#include "server/client_ip.h"

#include <gtest/gtest.h>

namespace starry::server {
namespace {

TEST(ClientIpTest, TrustsTheRightmostForwardedEntryFromLoopbackOnly) {
  EXPECT_EQ(ClientIpFrom("127.0.0.1", std::nullopt), "127.0.0.1");
  EXPECT_EQ(ClientIpFrom("127.0.0.1", "203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(ClientIpFrom("::1", "2001:db8::1"), "2001:db8::1");
  // The client's own X-Forwarded-For is kept by nginx on the left: never believed.
  EXPECT_EQ(ClientIpFrom("127.0.0.1", "1.1.1.1, 203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(ClientIpFrom("127.0.0.1", "1.1.1.1,203.0.113.7 "), "203.0.113.7");
  // From another peer the header is ignored.
  EXPECT_EQ(ClientIpFrom("198.51.100.4", "203.0.113.7"), "198.51.100.4");
  // Junk falls back to the peer.
  for (const char* junk : {"", " ", "unknown", "203.0.113.7, <script>", "x'; --"}) {
    EXPECT_EQ(ClientIpFrom("127.0.0.1", junk), "127.0.0.1") << junk;
  }
}

}  // namespace
}  // namespace starry::server
