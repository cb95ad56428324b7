// POST /v1/admin/reindex in a running server under a load of searches: every search answers,
// the job reports progress and outcome, and the results switch to the new index at the end.
#include <atomic>
#include <iostream>

#include "tests/server/admin_server_fixture.h"

namespace starry::server {
namespace {

using namespace std::chrono_literals;
using starry::testing::HttpGet;
using starry::testing::HttpRequest;

class AdminReindexTest : public starry::testing::AdminServerFixture {
 protected:
  int SeedCount() const override { return 1500; }
  int64_t Total(const std::string& q) {
    auto r = HttpGet(base_ + "/v1/search/celebrities?limit=1&q=" + q);
    EXPECT_EQ(r.status, 200) << r.body;
    return Json(r)["data"]["pagination"]["total"].GetInt64();
  }
};

TEST_F(AdminReindexTest, ReindexUnderLoadAnswersEverySearchAndSwitchesIndexes) {
  // A rename the outbox never hears of (triggers off for this session): only a full reindex
  // can bring it into the index, so seeing it proves the swap.
  Exec(
      "SET session_replication_role = replica; "
      "UPDATE celebrities SET display_name = 'Zanzibar Quokkaface' WHERE username = 'taylorswift'; "
      "SET session_replication_role = origin");
  EXPECT_EQ(Total("quokkaface"), 0);

  std::atomic<bool> stop = false;
  std::atomic<int> ok = 0, failed = 0;
  std::vector<std::jthread> load;
  for (int t = 0; t < 2; ++t) {
    load.emplace_back([&, t] {
      const char* queries[] = {"taylor", "beyonce", "chef", "actor", "london", "singer"};
      for (int i = 0; !stop; ++i) {
        auto r = HttpGet(base_ + "/v1/search/celebrities?q=" + queries[(i + t) % 6]);
        (r.status == 200 ? ok : failed)++;
      }
    });
  }
  std::this_thread::sleep_for(300ms);

  auto started = HttpRequest("POST", base_ + "/v1/admin/reindex", "", Admin());
  ASSERT_EQ(started.status, 202) << started.body;
  auto job = Json(started);
  std::string id = job["data"]["id"].GetString();
  EXPECT_EQ(started.headers["location"], "/v1/admin/reindex/" + id);
  EXPECT_STREQ(job["data"]["state"].GetString(), "running");

  // A second one while the first runs is refused. (Should the first already be done, a second
  // start is legitimate: then it must be accepted, and it is waited for below.)
  auto second = HttpRequest("POST", base_ + "/v1/admin/reindex", "", Admin());
  auto first_now = Json(HttpGet(base_ + "/v1/admin/reindex/" + id, Admin()));
  std::cout << "second start while the first ran: " << second.status << std::endl;
  if (second.status == 202) {
    EXPECT_STRNE(first_now["data"]["state"].GetString(), "running") << second.body;
    id = Json(second)["data"]["id"].GetString();
  } else {
    EXPECT_EQ(second.status, 409) << second.body;
    EXPECT_NE(second.body.find(id), std::string::npos) << second.body;
  }

  rapidjson::Document status;
  bool done = Eventually(
      [&] {
        auto r = HttpGet(base_ + "/v1/admin/reindex/" + id, Admin());
        EXPECT_EQ(r.status, 200) << r.body;
        status = Json(r);
        return std::string(status["data"]["state"].GetString()) != "running";
      },
      120s);
  ASSERT_TRUE(done);
  std::this_thread::sleep_for(300ms);  // searches keep running on the new index
  stop = true;
  load.clear();

  const auto& data = status["data"];
  ASSERT_STREQ(data["state"].GetString(), "succeeded") << data["error"]["message"].GetString();
  EXPECT_EQ(data["docsDone"].GetInt64(), data["docsTotal"].GetInt64());
  EXPECT_EQ(data["documents"].GetInt64(), DocCount());
  EXPECT_GT(data["docsPerSecond"].GetDouble(), 0);
  EXPECT_FALSE(data["finishedAt"].IsNull());

  EXPECT_EQ(failed.load(), 0) << ok.load() << " searches answered";
  EXPECT_GT(ok.load(), 10);
  EXPECT_EQ(Total("quokkaface"), 1) << "searches still use the old index";
  EXPECT_EQ(HttpGet(base_ + "/v1/admin/reindex/ffffffffffffffffffffffffffffffff", Admin()).status,
            404);
}

}  // namespace
}  // namespace starry::server
