// The browse page's files over real HTTP from an in-process server: the shell at / and at
// every deep link, assets with their media types, validators and 304s, security headers, and
// 404s for everything else. Also: every file the page refers to is served.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "server/http_server.h"
#include "server/web_files.h"
#include "tests/support/http_client.h"

namespace starry::server {
namespace {

using starry::testing::HttpGet;

class WebHandlersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.port = 0;
    server_ = std::make_unique<HttpServer>(options, ServerServices{});
    ASSERT_TRUE(server_->Start());
    base_ = "http://127.0.0.1:" + std::to_string(server_->port());
  }
  std::unique_ptr<HttpServer> server_;
  std::string base_;
};

TEST_F(WebHandlersTest, TheShellAnswersAtTheRootAndAtEveryDeepLink) {
  auto root = HttpGet(base_ + "/");
  ASSERT_EQ(root.status, 200);
  EXPECT_EQ(root.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_EQ(root.headers["cache-control"], "no-cache");
  EXPECT_EQ(root.headers["x-content-type-options"], "nosniff");
  EXPECT_NE(root.headers["content-security-policy"].find("default-src 'self'"), std::string::npos);
  EXPECT_TRUE(std::regex_match(root.headers["etag"], std::regex("\"[0-9a-f]{16}\"")));
  EXPECT_NE(root.body.find("<script type=\"module\" src=\"/assets/app.js\">"), std::string::npos);
  for (const char* path : {"/?q=tay&category=actors&page=2", "/celebrity/taylorswift",
                           "/celebrity/nobody", "/bookings", "/bookings/some-id"}) {
    auto r = HttpGet(base_ + path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, root.body) << path;
    EXPECT_EQ(r.headers["etag"], root.headers["etag"]) << path;
  }
}

TEST_F(WebHandlersTest, AssetsCarryTheirMediaTypes) {
  const std::pair<const char*, const char*> cases[] = {
      {"/assets/app.js", "text/javascript; charset=utf-8"},
      {"/assets/search_box.js", "text/javascript; charset=utf-8"},
      {"/assets/styles.css", "text/css; charset=utf-8"},
  };
  for (const auto& [path, type] : cases) {
    auto r = HttpGet(base_ + path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.headers["content-type"], type) << path;
    EXPECT_EQ(r.headers["cache-control"], "no-cache") << path;
    EXPECT_FALSE(r.headers["etag"].empty()) << path;
    EXPECT_GT(r.body.size(), 100u) << path;
  }
}

TEST_F(WebHandlersTest, AMatchingValidatorGetsA304WithoutBody) {
  auto first = HttpGet(base_ + "/assets/app.js");
  std::string etag = first.headers["etag"];
  auto again = HttpGet(base_ + "/assets/app.js", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.headers["etag"], etag);
  auto listed = HttpGet(base_ + "/assets/app.js", {{"If-None-Match", "\"x\", " + etag}});
  EXPECT_EQ(listed.status, 304);
  auto stale = HttpGet(base_ + "/assets/app.js", {{"If-None-Match", "\"0000000000000000\""}});
  EXPECT_EQ(stale.status, 200);
  EXPECT_EQ(stale.body, first.body);
  // Another file's validator does not match this one.
  auto other = HttpGet(base_ + "/assets/styles.css", {{"If-None-Match", etag}});
  EXPECT_EQ(other.status, 200);
}

TEST_F(WebHandlersTest, EverythingElseIsAJson404) {
  for (const char* path :
       {"/assets/nope.js", "/assets/index.html", "/assets/..%2Fserver", "/assets/.hidden",
        "/assets/", "/no/such/page", "/celebrity/a/b", "/v1/nothing"}) {
    auto r = HttpGet(base_ + path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.headers["content-type"], "application/json") << path;
    EXPECT_NE(r.body.find("\"NOT_FOUND\""), std::string::npos) << path << ": " << r.body;
  }
}

// Every /assets/ file that index.html links and every module a script imports is served: a
// renamed file cannot leave the page half-loaded.
TEST_F(WebHandlersTest, EveryFileThePageRefersToIsServed) {
  std::set<std::string> seen;
  std::vector<std::string> todo = {"index.html"};
  const std::regex link(R"((?:src|href)="/assets/([^"]+)\")");
  const std::regex import(R"(from '\./([^']+)')");
  while (!todo.empty()) {
    std::string name = todo.back();
    todo.pop_back();
    if (!seen.insert(name).second) continue;
    auto r = HttpGet(base_ + (name == "index.html" ? "/" : "/assets/" + name));
    ASSERT_EQ(r.status, 200) << name;
    for (const auto& re : {link, import}) {
      for (std::sregex_iterator it(r.body.begin(), r.body.end(), re), end; it != end; ++it) {
        todo.push_back((*it)[1].str());
      }
    }
  }
  EXPECT_GE(seen.size(), 10u);  // the shell, the stylesheet and the modules
}

TEST(WebFilesTest, ContentTypesByExtension) {
  EXPECT_EQ(ContentTypeFor("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.json"), "application/json");
  EXPECT_EQ(ContentTypeFor("a.bin"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("js"), "application/octet-stream");
}

TEST(WebFilesTest, OnlyFlatKnownNamesAreFound) {
  const EmbeddedFile files[] = {{"a.js", "x"}, {"b.css", "y"}};
  WebFiles web(files);
  ASSERT_NE(web.Find("a.js"), nullptr);
  EXPECT_EQ(web.Find("a.js")->content, "x");
  EXPECT_NE(web.Find("a.js")->etag, web.Find("b.css")->etag);
  EXPECT_EQ(web.Find(""), nullptr);
  EXPECT_EQ(web.Find("../a.js"), nullptr);
  EXPECT_EQ(web.Find("dir/a.js"), nullptr);
  EXPECT_EQ(web.Find(".a.js"), nullptr);
  EXPECT_EQ(web.Find("c.js"), nullptr);
}

}  // namespace
}  // namespace starry::server
