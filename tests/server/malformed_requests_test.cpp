// Requests that Pistache's own parser rejects before any route runs, sent as raw bytes to an
// in-process server: each gets a 4xx with the JSON error envelope, never a 500 or the text of a
// C++ exception. Also: error messages that echo what the client sent stay valid JSON.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <rapidjson/document.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <string_view>
#include <vector>

#include "server/http_server.h"

namespace starry::server {
namespace {

struct RawResponse {
  int status = 0;
  std::string head;
  std::string body;
};

class MalformedRequestsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.port = 0;
    server_ = std::make_unique<HttpServer>(options, ServerServices{});
    ASSERT_TRUE(server_->Start());
  }

  // A connection to the server with a 5 s receive timeout, or -1.
  int Connect() const {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(server_->port());
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval timeout{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return fd;
    close(fd);
    return -1;
  }

  // Sends `bytes` on a new connection and reads one response (up to its Content-Length).
  RawResponse Exchange(const std::string& bytes) const {
    RawResponse r;
    int fd = Connect();
    if (fd < 0 ||
        send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(bytes.size())) {
      if (fd >= 0) close(fd);
      return r;
    }
    std::string in;
    char buf[4096];
    for (;;) {
      ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      in.append(buf, static_cast<size_t>(n));
      auto end = in.find("\r\n\r\n");
      if (end == std::string::npos) continue;
      auto cl = in.find("Content-Length: ");
      if (cl == std::string::npos || cl > end) break;
      size_t length = std::stoul(in.substr(cl + 16));
      if (in.size() >= end + 4 + length) break;
    }
    close(fd);
    auto end = in.find("\r\n\r\n");
    if (in.size() < 12 || end == std::string::npos) return r;
    r.status = std::stoi(in.substr(9, 3));
    r.head = in.substr(0, end);
    r.body = in.substr(end + 4);
    return r;
  }

  // Sends each part of `parts` on one connection, a pause between them, and reads every
  // response until `last` has been seen and nothing more comes for a moment (Pistache does not
  // close after `Connection: close`).
  std::string Conversation(const std::vector<std::string>& parts, const std::string& last) const {
    std::string in;
    int fd = Connect();
    if (fd >= 0) {
      for (const auto& part : parts) {
        send(fd, part.data(), part.size(), MSG_NOSIGNAL);
        usleep(200 * 1000);  // so that the server reads each part on its own
      }
      char buf[4096];
      for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;) {
        in.append(buf, n);
        if (in.find(last) != std::string::npos) {
          timeval moment{0, 300 * 1000};
          setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &moment, sizeof moment);
        }
      }
      close(fd);
    }
    return in;
  }

  static std::string Get(const std::string& target, const std::string& header) {
    return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + header +
           "\r\nConnection: close\r\n\r\n";
  }

  std::unique_ptr<HttpServer> server_;
};

// The error envelope, naming `field` when one is given.
void ExpectEnvelope(const RawResponse& r, const std::string& field = "") {
  rapidjson::Document doc;
  doc.Parse(r.body.c_str(), r.body.size());
  ASSERT_FALSE(doc.HasParseError()) << r.body;
  ASSERT_TRUE(doc.IsObject()) << r.body;
  EXPECT_FALSE(doc["success"].GetBool());
  EXPECT_TRUE(doc["error"]["message"].IsString()) << r.body;
  if (field.empty()) return;
  ASSERT_FALSE(doc["error"]["details"].Empty()) << r.body;
  EXPECT_STREQ(doc["error"]["details"][0].GetString(), field.c_str()) << r.body;
}

TEST_F(MalformedRequestsTest, BadHeaderValuesAre400sNamingTheHeader) {
  const std::pair<std::string, std::string> cases[] = {
      {"Host: x:99999999999999999999", "Host"},
      {"Host: x:-1", "Host"},
      {"Date: 99/99/9999", "Date"},
      {"Cache-Control: max-age=abc", "Cache-Control"},
      {"Accept: */*;q=abc", "Accept"},
      {"Content-Length: -1", "Content-Length"},
      {"Content-Length: +9", "Content-Length"},
      {"Content-Length: 12abc", "Content-Length"},
      {"Content-Length: 99999999999999999999999", "Content-Length"},
  };
  for (const auto& [header, name] : cases) {
    // (Not after a good Host: Pistache keeps the first of a repeated header, dropping the rest.)
    auto r = Exchange(name == "Host" ? "GET /v1/nothing HTTP/1.1\r\n" + header + "\r\n\r\n"
                                     : Get("/v1/nothing", header));
    EXPECT_EQ(r.status, 400) << header << "\n" << r.head << "\n" << r.body;
    ExpectEnvelope(r, name);
  }
}

TEST_F(MalformedRequestsTest, ABadHeaderIsAnsweredOnceAfterTheWholeBody) {
  // The body comes after the headers were read (as it does through a proxy). Refused while
  // the headers were read, its bytes would be taken for a request of their own: one answer
  // too many on the connection, which behind nginx goes to the next client.
  const std::string body = "GET /v1/inside-the-body HTTP/1.1\r\nHost: x\r\n\r\n";
  for (const char* header : {"Date: garbage", "Content-Type: ;;;", "Accept: */*;q=abc"}) {
    auto all = Conversation(
        {
            "POST /v1/nothing HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                std::to_string(body.size()) + "\r\n" + header + "\r\n\r\n",
            body,
            "GET /v1/next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        },
        "no route for /v1/next");
    size_t answers = 0;
    for (size_t at = all.find("HTTP/1.1 "); at != std::string::npos;
         at = all.find("HTTP/1.1 ", at + 1)) {
      ++answers;
    }
    EXPECT_EQ(answers, 2u) << header << "\n" << all;
    EXPECT_TRUE(all.starts_with("HTTP/1.1 400")) << all;
    std::string name(header, std::string_view(header).find(':'));
    EXPECT_NE(all.find("\"details\":[\"" + name + "\"]"), std::string::npos) << all;
    EXPECT_NE(all.find("no route for /v1/next"), std::string::npos) << all;
    EXPECT_EQ(all.find("inside-the-body"), std::string::npos) << all;
  }
}

TEST_F(MalformedRequestsTest, AnHttp11ConnectionPersistsUnlessTheClientSaysOtherwise) {
  // No Connection header: HTTP/1.1 persists (clients such as wrk reconnect after a Close).
  auto count = [](const std::string& all, const std::string& what) {
    size_t n = 0;
    for (size_t at = all.find(what); at != std::string::npos; at = all.find(what, at + 1)) ++n;
    return n;
  };
  const std::string plain = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
  auto all = Conversation({plain, plain, "GET /v1/last HTTP/1.1\r\nHost: x\r\n\r\n"},
                          "no route for /v1/last");
  EXPECT_EQ(count(all, "HTTP/1.1 200"), 2u) << all;
  EXPECT_EQ(count(all, "Connection: Keep-Alive"), 3u) << all;
  EXPECT_EQ(count(all, "Connection: Close"), 0u) << all;
  // Asked for, the client's choice is answered; HTTP/1.0 closes by default.
  all = Conversation({"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"},
                     "Connection: Close");
  EXPECT_EQ(count(all, "HTTP/1.1 200"), 1u) << all;
  all = Conversation({"GET /health HTTP/1.0\r\n\r\n"}, "Connection: Close");
  EXPECT_EQ(count(all, "Connection: Close"), 1u) << all;
}

TEST_F(MalformedRequestsTest, ALengthAboveTheLimitIsRefusedBeforeTheBodyArrives) {
  auto r =
      Exchange("POST /v1/nothing HTTP/1.1\r\nHost: x\r\nContent-Length: 9000000000000\r\n\r\n");
  EXPECT_EQ(r.status, 413) << r.body;
  ExpectEnvelope(r, "Content-Length");
}

TEST_F(MalformedRequestsTest, TheLargestRequestNginxForwardsIsReadWhole) {
  // deploy/nginx-starry.conf passes bodies up to 64k with up to 4 x 16k of headers. Were the
  // server to refuse one mid-body, it would read the rest as another request: the route must
  // see the whole request, and the bytes inside the body must not be answered on their own.
  std::string smuggled = "GET /v1/smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
  std::string body = std::string(64 * 1024 - smuggled.size(), 'x') + smuggled;
  std::string headers;
  for (int i = 0; i < 4; ++i) headers += "X-Pad: " + std::string(16 * 1024 - 16, 'h') + "\r\n";
  auto r = Exchange("POST /v1/nothing HTTP/1.1\r\nHost: x\r\n" + headers + "Content-Length: " +
                    std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
  EXPECT_EQ(r.status, 404) << r.head;
  EXPECT_NE(r.body.find("/v1/nothing"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("smuggled"), std::string::npos) << r.body;
}

TEST_F(MalformedRequestsTest, ChunkedBodiesAskForAContentLength) {
  for (const char* chunk : {"5\r\nhello\r\n0\r\n\r\n", "ffffffffffffffff\r\n", "7fffffff\r\n"}) {
    auto r = Exchange(std::string("POST /v1/nothing HTTP/1.1\r\nHost: x\r\n") +
                      "Transfer-Encoding: chunked\r\n\r\n" + chunk);
    EXPECT_EQ(r.status, 411) << chunk << "\n" << r.body;
    ExpectEnvelope(r, "Transfer-Encoding");
  }
}

TEST_F(MalformedRequestsTest, WellFormedHeadersStillWork) {
  auto r = Exchange(Get("/v1/nothing",
                        "Accept: application/json;q=0.9, */*;q=0.1\r\nCache-Control: no-cache\r\n"
                        "Content-Length: 0"));
  EXPECT_EQ(r.status, 404) << r.body;
  ExpectEnvelope(r);
}

TEST_F(MalformedRequestsTest, EchoedBytesThatAreNotUtf8StayValidJson) {
  auto r =
      Exchange(Get("/v1/\xff\xfe"
                   "abc",
                   "Accept: */*"));
  EXPECT_EQ(r.status, 404);
  ExpectEnvelope(r);
  EXPECT_NE(r.body.find("/v1/\uFFFD\uFFFDabc"), std::string::npos) << r.body;
}

}  // namespace
}  // namespace starry::server
