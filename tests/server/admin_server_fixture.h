// @brief `starry serve` over a seeded, indexed catalogue with STARRY_ADMIN_TOKEN set, for the
// admin and analytics API tests; plus polling and JSON helpers.
#pragma once

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <signal.h>

#include <functional>
#include <regex>
#include <thread>

#include "tests/indexer/index_fixture.h"
#include "tests/support/child_process.h"
#include "tests/support/http_client.h"

namespace starry::testing {

inline constexpr const char* kAdminToken = "test-admin-token-5b1f";

class AdminServerFixture : public IndexFixture {
 protected:
  void SetUp() override {
    IndexFixture::SetUp();
    Reindex();
    base_ = StartServer(server_, {"STARRY_ADMIN_TOKEN=" + std::string(kAdminToken)});
  }
  void TearDown() override {
    for (auto* server : {&server_, &other_server_}) {
      if (!*server) continue;
      (*server)->Signal(SIGTERM);
      EXPECT_EQ((*server)->Wait(std::chrono::seconds(20)), 0) << (*server)->output();
    }
  }

  // Starts `starry serve` on a free port; returns its base URL.
  std::string StartServer(std::unique_ptr<ChildProcess>& server,
                          std::vector<std::string> extra_env) {
    extra_env.push_back("DATABASE_URL=" + db_.conninfo());
    extra_env.push_back("STARRY_DATA_DIR=" + dir_.path().string());
    server = std::make_unique<ChildProcess>(
        std::vector<std::string>{STARRY_BINARY, "serve", "--port", "0"}, extra_env);
    std::string line = server->WaitForLine("listening on", std::chrono::seconds(20));
    std::smatch m;
    EXPECT_TRUE(std::regex_search(line, m, std::regex(":([0-9]+) "))) << server->output();
    return m.size() > 1 ? "http://127.0.0.1:" + m[1].str() : "http://127.0.0.1:1";
  }

  static std::map<std::string, std::string> Admin() {
    return {{"Authorization", std::string("Bearer ") + kAdminToken}};
  }
  static rapidjson::Document Json(const HttpResponse& r) {
    rapidjson::Document d;
    d.Parse(r.body.c_str());
    EXPECT_FALSE(d.HasParseError()) << r.body;
    return d;
  }
  // Polls `condition` every 100 ms until it holds or `timeout` passes.
  static bool Eventually(const std::function<bool()>& condition, std::chrono::seconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (condition()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return condition();
  }

  std::unique_ptr<ChildProcess> server_, other_server_;
  std::string base_;
};

}  // namespace starry::testing
