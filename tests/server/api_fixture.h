// @brief Shared set-up for HTTP API tests: a seeded and indexed catalogue served by the real
// `starry serve` on a free port, and helpers to call it.
#pragma once

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <signal.h>

#include <map>
#include <regex>
#include <string>

#include "tests/indexer/index_fixture.h"
#include "tests/support/child_process.h"
#include "tests/support/http_client.h"

namespace starry::testing {

class ApiFixture : public IndexFixture {
 protected:
  int SeedCount() const override { return 300; }
  void SetUp() override {
    IndexFixture::SetUp();
    Reindex();
    server_ = std::make_unique<starry::testing::ChildProcess>(
        std::vector<std::string>{STARRY_BINARY, "serve", "--port", "0"},
        std::vector<std::string>{"DATABASE_URL=" + db_.conninfo(),
                                 "STARRY_DATA_DIR=" + dir_.path().string()});
    std::string line = server_->WaitForLine("listening on", std::chrono::seconds(20));
    std::smatch m;
    ASSERT_TRUE(std::regex_search(line, m, std::regex(":([0-9]+) "))) << server_->output();
    base_ = "http://127.0.0.1:" + m[1].str();
  }
  void TearDown() override {
    server_->Signal(SIGTERM);
    EXPECT_EQ(server_->Wait(std::chrono::seconds(15)), 0) << server_->output();
  }

  rapidjson::Document Get(const std::string& path, long expected_status = 200) {
    auto r = HttpGet(base_ + path);
    EXPECT_EQ(r.status, expected_status) << path << " -> " << r.body;
    rapidjson::Document d;
    d.Parse(r.body.c_str());
    EXPECT_FALSE(d.HasParseError()) << path << " -> " << r.body;
    last_headers_ = r.headers;
    return d;
  }
  std::vector<std::string> Names(const rapidjson::Document& d) {
    std::vector<std::string> out;
    for (const auto& c : d["data"]["celebrities"].GetArray())
      out.push_back(c["username"].GetString());
    return out;
  }
  int64_t FacetCount(const rapidjson::Document& d, const char* facet, const std::string& value) {
    for (const auto& b : d["data"]["facets"][facet].GetArray()) {
      if (b["value"].GetString() == value) return b["count"].GetInt64();
    }
    return 0;
  }

  std::unique_ptr<starry::testing::ChildProcess> server_;
  std::string base_;
  std::map<std::string, std::string> last_headers_;
};

}  // namespace starry::testing
