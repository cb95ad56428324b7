// The query log and its reports end to end: searches over real HTTP against `starry serve` are
// logged (asynchronously, to PostgreSQL), grouped by keystrokes, and read back through the admin
// reports and the `starry analytics` CLI; admin auth and every bad parameter.
#include "tests/server/admin_server_fixture.h"

namespace starry::server {
namespace {

using namespace std::chrono_literals;
using starry::testing::HttpGet;
using starry::testing::HttpRequest;
using starry::testing::RunToEnd;

class AnalyticsApiTest : public starry::testing::AdminServerFixture {
 protected:
  int SeedCount() const override { return 300; }

  long Search(const std::string& path, const std::string& session = "") {
    std::map<std::string, std::string> headers;
    if (!session.empty()) headers["X-Session-Id"] = session;
    auto r = HttpGet(base_ + path, headers);
    EXPECT_EQ(r.status, 200) << path << " -> " << r.body;
    return r.status;
  }
  // The report's row for `query`, or null.
  static const rapidjson::Value* Row(const rapidjson::Document& d, const std::string& query) {
    for (const auto& row : d["data"]["queries"].GetArray()) {
      if (row["query"].GetString() == query) return &row;
    }
    return nullptr;
  }
  // The scripted session of the report tests; the report must show these once all are logged.
  void ScriptedSession() {
    // Typing a name nobody has, one keystroke per request: one zero-result search "qxzv".
    for (const char* typed : {"q", "qx", "qxz", "qxzv"}) {
      Search(std::string("/v1/search/celebrities?q=") + typed, "fan-a");
    }
    Search("/v1/search/celebrities?q=qxzv", "fan-b");
    // A name that exists, but not among chefs: the filters emptied it, in either spelling.
    Search("/v1/search/celebrities?q=Beyonc%C3%A9&category=chefs", "fan-c");
    Search("/v1/search/celebrities?q=beyonce&category=chefs", "fan-d");
    // Text that matches nothing even without its filters: the text is the cause.
    Search("/v1/search/celebrities?q=vvqqxx&category=chefs", "fan-i");
    // POST filters and browsing are logged too.
    auto post = HttpRequest("POST", base_ + "/v1/search/filters", R"({"q":"zzzqqqx"})",
                            {{"Content-Type", "application/json"}, {"X-Session-Id", "fan-e"}});
    EXPECT_EQ(post.status, 200) << post.body;
    Search("/v1/celebrities?category=no-such-category", "fan-f");
    // Found: popular, not zero-result.
    Search("/v1/search/celebrities?q=taylor+swift", "fan-g");
    Search("/v1/search/celebrities?q=Taylor+Swift", "fan-h");
  }
  rapidjson::Document WaitForReport(const std::string& path, const std::string& query,
                                    int64_t count) {
    rapidjson::Document d;
    bool found = Eventually(
        [&] {
          auto r = HttpGet(base_ + path, Admin());
          if (r.status != 200) return false;
          d = Json(r);
          const auto* row = Row(d, query);
          return row != nullptr && (*row)["count"].GetInt64() == count;
        },
        15s);
    EXPECT_TRUE(found) << path << " never showed '" << query << "' " << count << " times";
    return d;
  }
};

TEST_F(AnalyticsApiTest, ZeroResultReportAfterAScriptedSession) {
  ScriptedSession();
  // The logger writes in order: once the last zero-result request (the browse) is in the report,
  // so are all before it.
  auto d = WaitForReport("/v1/admin/analytics/zero-results", "", 1);
  ASSERT_TRUE(d["success"].GetBool());
  EXPECT_EQ(d["data"]["keystrokeWindowSeconds"].GetInt(), 3);
  const auto* qxzv = Row(d, "qxzv");
  ASSERT_NE(qxzv, nullptr);
  EXPECT_EQ((*qxzv)["count"].GetInt64(), 2);
  EXPECT_EQ((*qxzv)["sessions"].GetInt64(), 2);
  EXPECT_STREQ((*qxzv)["cause"].GetString(), "text");
  EXPECT_EQ(Row(d, "qxz"), nullptr) << "a keystroke counted as a search";
  EXPECT_EQ(Row(d, "qx"), nullptr);

  const auto* beyonce = Row(d, "beyonce");
  ASSERT_NE(beyonce, nullptr) << "Beyoncé and beyonce must group together";
  EXPECT_EQ((*beyonce)["count"].GetInt64(), 2);
  EXPECT_STREQ((*beyonce)["cause"].GetString(), "filters");
  EXPECT_STREQ((*beyonce)["filters"]["category"][0].GetString(), "chefs");
  std::string example = (*beyonce)["example"].GetString();
  EXPECT_TRUE(example == "Beyoncé" || example == "beyonce") << example;
  EXPECT_FALSE(std::string((*beyonce)["firstSeen"].GetString()).empty());

  const auto* posted = Row(d, "zzzqqqx");
  ASSERT_NE(posted, nullptr);
  EXPECT_STREQ((*posted)["cause"].GetString(), "text");
  const auto* browse = Row(d, "");
  ASSERT_NE(browse, nullptr) << "browsing with filters that match nothing";
  EXPECT_STREQ((*browse)["cause"].GetString(), "filters");
  EXPECT_EQ(Row(d, "taylor swift"), nullptr);
  const auto* both = Row(d, "vvqqxx");
  ASSERT_NE(both, nullptr);
  EXPECT_STREQ((*both)["cause"].GetString(), "text");

  auto popular = WaitForReport("/v1/admin/analytics/popular-queries?limit=100", "taylor swift", 2);
  const auto* taylor = Row(popular, "taylor swift");
  ASSERT_NE(taylor, nullptr);
  EXPECT_EQ((*taylor)["zeroResults"].GetInt64(), 0);
  EXPECT_TRUE((*taylor)["cause"].IsNull());
  EXPECT_EQ((*taylor)["sessions"].GetInt64(), 2);
  EXPECT_NE(Row(popular, "qxzv"), nullptr);
  EXPECT_EQ(Row(popular, ""), nullptr);
  // The raw rows (all written: the last request is in): endpoints as served, the engine's latency,
  // sessions as sent.
  pqxx::nontransaction tx(*conn_);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM query_log WHERE endpoint = 'browse'")[0].as<int>(), 1);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM query_log WHERE latency_ms <= 0")[0].as<int>(), 0);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM query_log WHERE session_id IS NULL")[0].as<int>(), 0);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM query_log")[0].as<int>(), 12);
  // limit applies.
  auto one = HttpGet(base_ + "/v1/admin/analytics/popular-queries?limit=1", Admin());
  EXPECT_EQ(Json(one)["data"]["queries"].Size(), 1u);

  // The same report from the CLI, as CSV and JSON.
  std::vector<std::string> env = {"DATABASE_URL=" + db_.conninfo(),
                                  "STARRY_DATA_DIR=" + dir_.path().string()};
  auto csv = RunToEnd(
      {STARRY_BINARY, "analytics", "zero-results", "--since", "1h", "--format", "csv"}, env);
  EXPECT_EQ(csv.exit_code, 0) << csv.output;
  EXPECT_EQ(csv.output.rfind("query,example,count,sessions,zero_results,first_seen,last_seen,"
                             "cause,filters\n",
                             0),
            0u)
      << csv.output;
  EXPECT_NE(csv.output.find("\nqxzv,qxzv,2,2,2,"), std::string::npos) << csv.output;
  auto json = RunToEnd({STARRY_BINARY, "analytics", "popular", "--since", "2026-01-01"}, env);
  EXPECT_EQ(json.exit_code, 0) << json.output;
  rapidjson::Document cli;
  cli.Parse(json.output.c_str());
  ASSERT_FALSE(cli.HasParseError()) << json.output;
  EXPECT_STREQ(cli["report"].GetString(), "popular-queries");
  bool has_taylor = false;
  for (const auto& row : cli["queries"].GetArray()) {
    has_taylor = has_taylor || row["query"].GetString() == std::string("taylor swift");
  }
  EXPECT_TRUE(has_taylor) << json.output;
}

TEST_F(AnalyticsApiTest, AdminEndpointsNeedTheToken) {
  const std::string paths[] = {"/v1/admin/analytics/zero-results",
                               "/v1/admin/analytics/popular-queries", "/v1/admin/reindex/abc"};
  for (const auto& path : paths) {
    auto none = HttpGet(base_ + path);
    EXPECT_EQ(none.status, 401) << path << " " << none.body;
    EXPECT_NE(none.body.find("Authorization"), std::string::npos) << none.body;
    EXPECT_EQ(none.headers["www-authenticate"].rfind("Bearer", 0), 0u) << path;
    auto wrong = HttpGet(base_ + path, {{"Authorization", "Bearer not-the-token"}});
    EXPECT_EQ(wrong.status, 401) << path;
    auto prefix = HttpGet(base_ + path, {{"Authorization", "Bearer test-admin-token"}});
    EXPECT_EQ(prefix.status, 401) << path;
    auto longer =
        HttpGet(base_ + path,
                {{"Authorization", "Bearer " + std::string(starry::testing::kAdminToken) + "x"}});
    EXPECT_EQ(longer.status, 401) << path;
    auto basic = HttpGet(base_ + path, {{"Authorization", "Basic dXNlcjpwYXNz"}});
    EXPECT_EQ(basic.status, 401) << path;
    EXPECT_EQ(wrong.body.find(starry::testing::kAdminToken), std::string::npos);
  }
  EXPECT_EQ(HttpRequest("POST", base_ + "/v1/admin/reindex", "").status, 401);
  EXPECT_EQ(HttpGet(base_ + "/v1/admin/analytics/zero-results", Admin()).status, 200);
  EXPECT_EQ(HttpGet(base_ + "/v1/admin/analytics/zero-results",
                    {{"Authorization", std::string("bearer ") + starry::testing::kAdminToken}})
                .status,
            200);
  EXPECT_EQ(HttpGet(base_ + "/v1/admin/reindex/abc", Admin()).status, 404);

  // Without STARRY_ADMIN_TOKEN admin is disabled, never open: even a "right" token is refused.
  std::string other = StartServer(other_server_, {});
  for (const auto& headers : {std::map<std::string, std::string>{}, Admin(),
                              std::map<std::string, std::string>{{"Authorization", "Bearer "}}}) {
    auto r = HttpGet(other + "/v1/admin/analytics/zero-results", headers);
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_NE(r.body.find("disabled"), std::string::npos) << r.body;
  }
  EXPECT_EQ(HttpRequest("POST", other + "/v1/admin/reindex", "", Admin()).status, 403);
}

TEST_F(AnalyticsApiTest, EveryBadParameterIsA400NamingIt) {
  const std::pair<std::string, std::string> cases[] = {
      {"from=yesterday", "from"},
      {"to=2026-02-30", "to"},
      {"from=2026-11-10&to=2026-11-01", "from"},
      {"limit=0", "limit"},
      {"limit=1001", "limit"},
      {"limit=abc", "limit"},
      {"limit=1&limit=2", "limit"},
      {"q=x", "q"},
      {"from=%zz", "from"},
  };
  for (const char* report : {"zero-results", "popular-queries"}) {
    for (const auto& [query, param] : cases) {
      auto r = HttpGet(base_ + "/v1/admin/analytics/" + report + "?" + query, Admin());
      EXPECT_EQ(r.status, 400) << query << " -> " << r.body;
      auto d = Json(r);
      ASSERT_TRUE(d.HasMember("error")) << r.body;
      ASSERT_GE(d["error"]["details"].Size(), 1u) << r.body;
      EXPECT_STREQ(d["error"]["details"][0].GetString(), param.c_str()) << query;
    }
  }
  auto reindex = HttpRequest("POST", base_ + "/v1/admin/reindex?force=1", "", Admin());
  EXPECT_EQ(reindex.status, 400) << reindex.body;

  // A session id the log cannot take is the client's mistake: 400 naming the header.
  for (const std::string& bad : {std::string(129, 'a'), std::string("two words")}) {
    auto r = HttpGet(base_ + "/v1/search/celebrities?q=taylor", {{"X-Session-Id", bad}});
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("X-Session-Id"), std::string::npos) << r.body;
  }

  std::vector<std::string> env = {"DATABASE_URL=" + db_.conninfo(),
                                  "STARRY_DATA_DIR=" + dir_.path().string()};
  const std::vector<std::string> bad_cli[] = {
      {"analytics"},
      {"analytics", "slowest"},
      {"analytics", "zero-results", "--format", "xml"},
      {"analytics", "zero-results", "--since", "7x"},
      {"analytics", "zero-results", "--since", "0d"},
      {"analytics", "popular", "--limit", "0"},
      {"analytics", "popular", "--since", "1d", "--until", "2d"},
      {"analytics", "popular", "--bogus"},
  };
  for (auto args : bad_cli) {
    args.insert(args.begin(), STARRY_BINARY);
    auto r = RunToEnd(args, env);
    EXPECT_EQ(r.exit_code, 2) << args.back() << ": " << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
    EXPECT_EQ(r.output.rfind("starry analytics: ", 0), 0u) << r.output;
  }
}

}  // namespace
}  // namespace starry::server
