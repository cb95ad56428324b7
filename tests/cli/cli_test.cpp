// The `starry` binary as an operator runs it: every bad input ends with one line naming the
// problem and a non-zero exit, promptly; the happy path migrates, seeds and serves.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <regex>

#include "common/subprocess.h"
#include "tests/support/child_process.h"
#include "tests/support/http_client.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace starry::cli {
namespace {

using starry::testing::ChildProcess;
using starry::testing::RunResult;
using starry::testing::RunToEnd;
using starry::testing::TempDir;
using starry::testing::TestDatabase;
using namespace std::chrono_literals;

RunResult Starry(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  std::vector<std::string> argv = {STARRY_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunToEnd(argv, env, 60s);
}

int Lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

class CliTest : public ::testing::Test {
 protected:
  std::vector<std::string> Env() const {
    return {"DATABASE_URL=" + db_.conninfo(), "STARRY_DATA_DIR=" + dir_.path().string()};
  }
  TestDatabase db_{/*migrated=*/false};
  TempDir dir_;
};

struct BadInput {
  std::vector<std::string> args;
  std::string expected;  // part of the one-line message
};

TEST_F(CliTest, EveryBadArgumentGetsOneLineAndExitTwo) {
  const BadInput cases[] = {
      {{"frob"}, "unknown command 'frob'"},
      {{"seed", "--celebrities", "-5"}, "--celebrities must be between 0 and"},
      {{"seed", "--celebrities", "abc"}, "--celebrities must be a whole number"},
      {{"seed", "--celebrities", "12x"}, "--celebrities must be a whole number"},
      {{"seed", "--bogus"}, "bogus"},
      {{"seed", "--start-date", "2026-13-01"}, "--start-date must be a date"},
      {{"migrate", "extra"}, "unexpected argument 'extra'"},
      {{"serve", "--port", "70000"}, "--port must be between 0 and 65535"},
      {{"serve", "--port", "http"}, "--port must be a whole number"},
      {{"pg", "explode"}, "unknown verb 'explode'"},
  };
  for (const auto& c : cases) {
    RunResult r = Starry(c.args, Env());
    EXPECT_EQ(r.exit_code, 2) << c.args[0] << ": " << r.output;
    EXPECT_EQ(Lines(r.output), 1) << r.output;
    EXPECT_NE(r.output.find(c.expected), std::string::npos) << r.output;
  }
}

TEST_F(CliTest, UnreachableDatabaseFailsFastWithOneLine) {
  auto started = std::chrono::steady_clock::now();
  RunResult r = Starry({"migrate"}, {"DATABASE_URL=postgresql://bob:hunter2@127.0.0.1:1/app"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Lines(r.output), 1) << r.output;
  EXPECT_NE(r.output.find("cannot connect to PostgreSQL"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("hunter2"), std::string::npos) << r.output;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
}

TEST_F(CliTest, SilentServerTimesOutWithinTheConnectTimeout) {
  // A listener that accepts and never answers: without a connect timeout libpq would hang.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 8), 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  std::string url = "postgresql://bob:pw@127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/x";
  auto started = std::chrono::steady_clock::now();
  RunResult r = Starry({"migrate"}, {"DATABASE_URL=" + url});
  close(fd);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("timeout"), std::string::npos) << r.output;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 15s);
}

TEST_F(CliTest, WrongPasswordIsNamedAndRedacted) {
  std::string wrong =
      std::regex_replace(db_.conninfo(), std::regex("password=\\S+"), "password=notthepassword");
  RunResult r = Starry({"migrate"}, {"DATABASE_URL=" + wrong});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Lines(r.output), 1) << r.output;
  EXPECT_NE(r.output.find("password authentication failed"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("notthepassword"), std::string::npos) << r.output;
}

TEST_F(CliTest, MigrateSeedServeHealthReadyAndShutdown) {
  RunResult serve_early = Starry({"serve", "--port", "0"}, Env());
  EXPECT_EQ(serve_early.exit_code, 1);
  EXPECT_NE(serve_early.output.find("run `starry migrate` first"), std::string::npos);

  RunResult migrate = Starry({"migrate"}, Env());
  ASSERT_EQ(migrate.exit_code, 0) << migrate.output;
  EXPECT_NE(migrate.output.find("from version 0"), std::string::npos) << migrate.output;
  RunResult again = Starry({"migrate"}, Env());
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.output.find("up to date"), std::string::npos) << again.output;

  RunResult seed = Starry({"seed", "--celebrities", "50", "--seed", "4"}, Env());
  ASSERT_EQ(seed.exit_code, 0) << seed.output;
  EXPECT_NE(seed.output.find("seeded"), std::string::npos) << seed.output;
  RunResult reseed = Starry({"seed", "--celebrities", "50"}, Env());
  EXPECT_EQ(reseed.exit_code, 1);
  EXPECT_NE(reseed.output.find("--replace"), std::string::npos) << reseed.output;
  EXPECT_EQ(Starry({"seed", "--celebrities", "50", "--if-empty"}, Env()).exit_code, 0);

  std::vector<std::string> argv = {STARRY_BINARY, "serve", "--port", "0"};
  ChildProcess server(argv, Env());
  std::string line = server.WaitForLine("listening on", 20s);
  ASSERT_FALSE(line.empty()) << server.output();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(line, m, std::regex("http://[0-9.]+:([0-9]+)")));
  std::string base = "http://127.0.0.1:" + m[1].str();
  auto health = starry::testing::HttpGet(base + "/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, R"({"success":true,"data":{"status":"ok"}})");
  auto ready = starry::testing::HttpGet(base + "/ready");
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_NE(ready.body.find(R"("postgres":"ok")"), std::string::npos) << ready.body;
  auto missing = starry::testing::HttpGet(base + "/no/such/route");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("NOT_FOUND"), std::string::npos);

  // A second server on the same port says so and exits.
  RunResult clash = Starry({"serve", "--port", m[1].str()}, Env());
  EXPECT_EQ(clash.exit_code, 1);
  EXPECT_NE(clash.output.find("already in use"), std::string::npos) << clash.output;

  server.Signal(SIGTERM);
  EXPECT_EQ(server.Wait(15s), 0) << server.output();
}

TEST_F(CliTest, WithoutDatabaseUrlUsesAPrivateClusterAndStopsIt) {
  std::vector<std::string> env = {"DATABASE_URL=", "STARRY_DATA_DIR=" + dir_.path().string()};
  RunResult first = Starry({"migrate"}, env);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("private PostgreSQL"), std::string::npos) << first.output;
  // Stopped when the last user let go: no postmaster.pid left behind.
  std::string pid_file = dir_.path().string() + "/postgres/data/postmaster.pid";
  EXPECT_FALSE(std::filesystem::exists(pid_file));
  // Reused next time: same cluster, already migrated.
  RunResult second = Starry({"migrate"}, env);
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_NE(second.output.find("up to date"), std::string::npos) << second.output;
  EXPECT_FALSE(std::filesystem::exists(pid_file));
}

}  // namespace
}  // namespace starry::cli
