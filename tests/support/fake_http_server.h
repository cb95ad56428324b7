// @brief A scripted HTTP/1.1 server for tests that fake a remote API (Stripe): it records every
// request exactly as received and answers from a queue of canned responses.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace starry::testing {

struct RecordedRequest {
  std::string method;
  std::string target;                          // path and query, as sent
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

struct CannedResponse {
  int status = 200;
  std::string body;
  std::map<std::string, std::string> headers;
  bool drop_connection = false;  // close without answering (a connection error for the client)
  std::chrono::milliseconds delay{0};  // wait this long before answering (client timeouts)
};

class FakeHttpServer {
 public:
  // Listens on 127.0.0.1 on a free port; serves one request per connection.
  FakeHttpServer();
  ~FakeHttpServer();
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Answers in order; with the queue empty, requests get a 500 with an api_error body.
  void Enqueue(CannedResponse response);
  std::vector<RecordedRequest> requests() const;

 private:
  void Serve();
  void Handle(int fd);

  int listen_fd_ = -1;
  int stop_pipe_[2] = {-1, -1};
  uint16_t port_ = 0;
  mutable std::mutex mutex_;
  std::deque<CannedResponse> queue_;
  std::vector<RecordedRequest> requests_;
  std::thread thread_;
};

}  // namespace starry::testing
