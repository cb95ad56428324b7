// nginx in front of `starry serve` with the shipped deploy/nginx-starry.conf: the production
// setup DESIGN.md asks for. Each test sends through nginx what Pistache 0.0.5 mishandles on its
// own (pipelining, Expect: 100-continue, malformed request lines, HTTP/1.1 without keep-alive)
// and checks that the client gets a proper answer.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "tests/server/api_fixture.h"

namespace starry::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kNginx = "/usr/sbin/nginx";

uint16_t FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// One client connection, raw bytes in and out, every read bounded by a timeout.
class RawConnection {
 public:
  explicit RawConnection(uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawConnection() { close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }
  void Send(const std::string& bytes) {
    ASSERT_EQ(send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(bytes.size()));
  }
  // Reads until `count` complete responses (by Content-Length) or an interim 100 have arrived,
  // the peer closes, or the timeout passes. Returns everything read.
  std::string ReadResponses(int count, std::chrono::milliseconds timeout = 10s) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (CompleteResponses() < count) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left <= 0ms) break;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      char buf[8192];
      ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      data_.append(buf, static_cast<size_t>(n));
    }
    return data_;
  }
  bool closed() const { return closed_; }

 private:
  // Responses fully received in data_: a status line, headers, then Content-Length bytes.
  int CompleteResponses() const {
    int count = 0;
    size_t at = 0;
    while (true) {
      size_t end = data_.find("\r\n\r\n", at);
      if (end == std::string::npos) return count;
      std::string head = data_.substr(at, end - at);
      size_t length = 0;
      std::smatch m;
      if (std::regex_search(head, m, std::regex("[Cc]ontent-[Ll]ength: *([0-9]+)"))) {
        length = std::stoul(m[1].str());
      }
      if (data_.size() < end + 4 + length) return count;
      ++count;
      at = end + 4 + length;
    }
  }

  int fd_ = -1;
  bool connected_ = false;
  bool closed_ = false;
  std::string data_;
};

int CountStatus(const std::string& bytes, const std::string& status_line_start) {
  int n = 0;
  for (size_t at = bytes.find(status_line_start); at != std::string::npos;
       at = bytes.find(status_line_start, at + 1)) {
    ++n;
  }
  return n;
}

class NginxFrontTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(std::filesystem::exists(kNginx)) << "nginx is installed by scripts/install-deps.sh";
    std::smatch m;
    ASSERT_TRUE(std::regex_search(base_, m, std::regex(":([0-9]+)$")));
    std::string backend_port = m[1].str();

    // The shipped site file, pointed at this test's server and a free port.
    std::ifstream in(std::filesystem::path(STARRY_SOURCE_DIR) / "deploy/nginx-starry.conf");
    std::stringstream site;
    site << in.rdbuf();
    std::string text = site.str();
    ASSERT_NE(text.find("server 127.0.0.1:8080;"), std::string::npos);
    ASSERT_NE(text.find("listen 80;"), std::string::npos);
    port_ = FreePort();
    text = std::regex_replace(text, std::regex("server 127\\.0\\.0\\.1:8080;"),
                              "server 127.0.0.1:" + backend_port + ";");
    text = std::regex_replace(text, std::regex("listen 80;"),
                              "listen 127.0.0.1:" + std::to_string(port_) + ";");

    auto root = dir_.path() / "nginx";
    std::filesystem::create_directories(root / "logs");
    std::ofstream(root / "starry.conf") << text;
    // A minimal main configuration around it: foreground, one process, everything in `root`.
    std::ofstream(root / "nginx.conf")
        << "daemon off;\nmaster_process off;\nworker_processes 1;\npid " << (root / "nginx.pid")
        << ";\nerror_log " << (root / "logs/error.log") << " warn;\n"
        << "events { worker_connections 256; }\n"
        << "http {\n  access_log off;\n"
        << "  client_body_temp_path " << (root / "body") << ";\n"
        << "  proxy_temp_path " << (root / "proxy") << ";\n"
        << "  fastcgi_temp_path " << (root / "fastcgi") << ";\n"
        << "  uwsgi_temp_path " << (root / "uwsgi") << ";\n"
        << "  scgi_temp_path " << (root / "scgi") << ";\n"
        << "  include " << (root / "starry.conf") << ";\n}\n";
    nginx_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{kNginx, "-p", root.string(), "-c", (root / "nginx.conf").string(),
                                 "-e", (root / "logs/error.log").string()});
    for (int i = 0; i < 100; ++i) {
      if (RawConnection(port_).connected()) return;
      std::this_thread::sleep_for(50ms);
    }
    FAIL() << "nginx did not start: " << nginx_->output();
  }
  void TearDown() override {
    if (nginx_) {
      nginx_->Signal(SIGQUIT);
      nginx_->Wait(10s);
    }
    ApiFixture::TearDown();
  }

  std::string Front() const { return "http://127.0.0.1:" + std::to_string(port_); }

  uint16_t port_ = 0;
  std::unique_ptr<ChildProcess> nginx_;
};

TEST_F(NginxFrontTest, SearchAnswersThroughTheFrontAsDirectly) {
  auto direct = HttpGet(base_ + "/v1/search/celebrities?q=taylor&limit=5");
  auto front = HttpGet(Front() + "/v1/search/celebrities?q=taylor&limit=5");
  ASSERT_EQ(direct.status, 200);
  ASSERT_EQ(front.status, 200) << front.body;
  auto ids = [](const std::string& body) {
    std::string out;
    std::regex id("\"username\":\"([^\"]+)\"");
    for (std::sregex_iterator it(body.begin(), body.end(), id), end; it != end; ++it) {
      out += (*it)[1].str() + " ";
    }
    return out;
  };
  EXPECT_EQ(ids(front.body), ids(direct.body));
  EXPECT_NE(front.headers.count("server-timing"), 0u) << "the engine's timing header passes";
  // Errors keep their JSON envelope and status.
  auto bad = HttpGet(Front() + "/v1/search/celebrities?limit=0");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("\"limit\""), std::string::npos) << bad.body;
}

TEST_F(NginxFrontTest, PipelinedRequestsAreAllAnswered) {
  RawConnection c(port_);
  ASSERT_TRUE(c.connected());
  std::string one = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
  std::string search = "GET /v1/search/celebrities?q=swift&limit=1 HTTP/1.1\r\nHost: x\r\n\r\n";
  c.Send(one + search + one);
  std::string got = c.ReadResponses(3);
  EXPECT_EQ(CountStatus(got, "HTTP/1.1 200 OK"), 3) << got;
}

TEST_F(NginxFrontTest, ExpectContinueIsAnswered) {
  RawConnection c(port_);
  ASSERT_TRUE(c.connected());
  std::string body = R"({"q":"taylor","limit":2})";
  c.Send(
      "POST /v1/search/filters HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Expect: 100-continue\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n");
  std::string interim = c.ReadResponses(1, 5s);
  ASSERT_NE(interim.find("HTTP/1.1 100 Continue"), std::string::npos) << interim;
  c.Send(body);
  std::string got = c.ReadResponses(2);
  EXPECT_NE(got.find("HTTP/1.1 200 OK"), std::string::npos) << got;
  EXPECT_NE(got.find("\"celebrities\""), std::string::npos) << got;
}

TEST_F(NginxFrontTest, MalformedRequestLineGetsA400) {
  RawConnection c(port_);
  ASSERT_TRUE(c.connected());
  c.Send("THIS IS NOT HTTP\r\n\r\n");
  std::string got = c.ReadResponses(1, 5s);
  EXPECT_NE(got.find("HTTP/1.1 400"), std::string::npos) << got;
}

TEST_F(NginxFrontTest, ConnectionCloseClosesAndKeepAliveIsTheDefault) {
  {
    RawConnection c(port_);
    ASSERT_TRUE(c.connected());
    c.Send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    std::string got = c.ReadResponses(2, 5s);  // a second response never comes: reads to close
    EXPECT_EQ(CountStatus(got, "HTTP/1.1 200 OK"), 1) << got;
    EXPECT_TRUE(c.closed()) << "the socket is closed after Connection: close";
  }
  RawConnection c(port_);
  ASSERT_TRUE(c.connected());
  for (int i = 1; i <= 3; ++i) {  // HTTP/1.1 without a Connection header: one socket, 3 requests
    c.Send("GET /ready HTTP/1.1\r\nHost: x\r\n\r\n");
    std::string got = c.ReadResponses(i, 5s);
    ASSERT_EQ(CountStatus(got, "HTTP/1.1 200 OK"), i) << got;
  }
}

TEST_F(NginxFrontTest, OversizedBodiesAreRefusedAtTheFront) {
  std::string body = R"({"q":")" + std::string(70 * 1024, 'a') + R"("})";
  auto r = HttpRequest("POST", Front() + "/v1/search/filters", body,
                       {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 413);
}

}  // namespace
}  // namespace starry::testing
