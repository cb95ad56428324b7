// The browse page in a real browser: each test seeds the demo data into a fresh database,
// indexes it, starts `starry serve` on a free port, and runs one step of tests/web/steps/ in
// headless Chromium (tests/web/run_step.mjs). A step's screenshots land in
// <build>/tests/web/screenshots/.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <regex>

#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace starry::web {
namespace {

using namespace std::chrono_literals;
using starry::testing::ChildProcess;
using starry::testing::RunToEnd;
namespace fs = std::filesystem;

class BrowsePageTest : public ::testing::Test {
 protected:
  static constexpr const char* kAdminToken = "browser-test-admin-token";
  void SetUp() override {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"seed", "--celebrities", "300", "--seed", "5"},
          std::vector<std::string>{"reindex"}}) {
      std::vector<std::string> argv = {STARRY_BINARY};
      argv.insert(argv.end(), args.begin(), args.end());
      auto r = RunToEnd(argv, Env(), 120s);
      ASSERT_EQ(r.exit_code, 0) << args[0] << ": " << r.output;
    }
    server_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{STARRY_BINARY, "serve", "--port", "0"}, Env());
    std::string line = server_->WaitForLine("listening on", 30s);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(line, m, std::regex("(http://127\\.0\\.0\\.1:[0-9]+)")))
        << server_->output();
    base_ = m[1].str();
  }
  void TearDown() override {
    if (!server_) return;
    server_->Signal(SIGTERM);
    EXPECT_EQ(server_->Wait(15s), 0) << server_->output();
  }
  std::vector<std::string> Env() const {
    return {"DATABASE_URL=" + db_.conninfo(), "STARRY_DATA_DIR=" + dir_.path().string(),
            "STARRY_ADMIN_TOKEN=" + std::string(kAdminToken)};
  }

  // Runs tests/web/steps/<step>.mjs; passes when the script exits 0.
  void RunStep(const std::string& step) {
    const fs::path dir = STARRY_WEB_TESTS_DIR;
    ASSERT_TRUE(fs::exists(dir / "node_modules" / "playwright-core"))
        << "playwright-core is not installed in " << dir << ": run scripts/install-deps.sh";
    ASSERT_TRUE(fs::exists("/usr/bin/chromium"))
        << "Debian's chromium is not installed: run scripts/install-deps.sh";
    auto r = RunToEnd(
        {STARRY_NODE, (dir / "run_step.mjs").string(), step},
        {"STARRY_WEB_BASE_URL=" + base_, "STARRY_WEB_SHOTS=" + std::string(STARRY_WEB_SHOTS_DIR),
         "STARRY_WEB_ADMIN_TOKEN=" + std::string(kAdminToken)},
        180s);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("step " + step + ": passed"), std::string::npos) << r.output;
  }

  starry::testing::TestDatabase db_;
  starry::testing::TempDir dir_;
  std::unique_ptr<ChildProcess> server_;
  std::string base_;
};

// "tay" shows Taylor Swift in the dropdown, "beyonse" finds Beyoncé, Enter shows results, the
// dropdown works with the arrow keys, Escape and Enter; the focus order from the top.
TEST_F(BrowsePageTest, SearchBoxDropdownKeyboardAndEnter) { RunStep("search_box"); }

// A category changes the other facets' counts and the grid; its chip removes it; the URL
// round-trips through a reload and the back and forward buttons; paging and sorting.
TEST_F(BrowsePageTest, FacetsChipsAndUrlRoundTrip) { RunStep("facets"); }

// The zero-result state (text and filters), the relaxed-query notice and "did you mean".
// The zero-result search then appears in GET /v1/admin/analytics/zero-results.
TEST_F(BrowsePageTest, ZeroResultsRelaxedAndDidYouMean) { RunStep("zero_results"); }

// Deep links and 404s; a friendly message wherever an endpoint is missing.
TEST_F(BrowsePageTest, ProfileDeepLinksAndMissingEndpoints) { RunStep("profile"); }

// The dropdown's category and city groups come from GET /v1/search/suggestions.
TEST_F(BrowsePageTest, SuggestionsGroupCelebritiesCategoriesAndCities) { RunStep("suggestions"); }

// DISABLED until the marketplace branch (accounts, availability, bookings, payments) is
// merged: register, pick type/city/date/time, pay with 4242 4242 4242 4242, see the
// confirmation, find the booking in GET /v1/bookings. Enable by removing DISABLED_.
TEST_F(BrowsePageTest, BookAndPayWithTheTestCard) { RunStep("booking"); }

}  // namespace
}  // namespace starry::web
