// The account endpoints over real HTTP against `starry serve` and real PostgreSQL: the session
// journey (register, me, refresh rotation, reuse revoking the family, logout), duplicate emails,
// login throttling, deleted accounts, admin users on the admin endpoints, `starry admin create`,
// the JWT secret file, and bad input on every endpoint.
#include <sys/stat.h>

#include <algorithm>
#include <fstream>

#include "tests/server/admin_server_fixture.h"

namespace starry::server {
namespace {

using starry::testing::HttpGet;
using starry::testing::HttpRequest;
using starry::testing::HttpResponse;
using starry::testing::RunToEnd;

class AccountApiTest : public starry::testing::AdminServerFixture {
 protected:
  HttpResponse Post(const std::string& path, const std::string& body,
                    std::map<std::string, std::string> headers = {}) {
    headers["Content-Type"] = "application/json";
    return HttpRequest("POST", base_ + path, body, headers);
  }
  static std::map<std::string, std::string> Bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
  }
  // Registers and returns the response's data (user, token, refreshToken).
  rapidjson::Document Register(const std::string& email,
                               const std::string& password = "Secret-pass-1") {
    auto r = Post("/v1/auth/register", R"({"email":")" + email + R"(","password":")" + password +
                                           R"(","firstName":"Ada","lastName":"Lovelace"})");
    EXPECT_EQ(r.status, 201) << r.body;
    return Json(r);
  }
  std::string Count(const std::string& sql) { return Scalar("SELECT count(*) FROM " + sql); }
  std::vector<std::string> Env() {
    return {"DATABASE_URL=" + db_.conninfo(), "STARRY_DATA_DIR=" + dir_.path().string()};
  }
};

TEST_F(AccountApiTest, RegisterMeRefreshLogout) {
  auto reg = Register("Ada@Example.com");
  const auto& data = reg["data"];
  EXPECT_STREQ(data["user"]["email"].GetString(), "ada@example.com");
  EXPECT_STREQ(data["user"]["role"].GetString(), "user");
  EXPECT_STREQ(data["user"]["firstName"].GetString(), "Ada");
  EXPECT_TRUE(data["user"]["createdAt"].IsString());
  EXPECT_FALSE(data["user"].HasMember("passwordHash"));
  std::string token = data["token"].GetString();
  std::string refresh = data["refreshToken"].GetString();

  auto me = HttpGet(base_ + "/v1/users/me", Bearer(token));
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_STREQ(Json(me)["data"]["user"]["id"].GetString(), data["user"]["id"].GetString());

  auto login = Post("/v1/auth/login", R"({"email":"ADA@example.com","password":"Secret-pass-1"})");
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_TRUE(Json(login)["data"]["token"].IsString());

  // Refresh rotates: the new pair works, the old refresh token is spent.
  auto r1 = Post("/v1/auth/refresh", R"({"refreshToken":")" + refresh + R"("})");
  ASSERT_EQ(r1.status, 200) << r1.body;
  std::string refresh2 = Json(r1)["data"]["refreshToken"].GetString();
  EXPECT_NE(refresh2, refresh);
  EXPECT_EQ(HttpGet(base_ + "/v1/users/me", Bearer(Json(r1)["data"]["token"].GetString())).status,
            200);
  // Reuse of the spent token: 401, and the family's live token (refresh2) is revoked too.
  EXPECT_EQ(Post("/v1/auth/refresh", R"({"refreshToken":")" + refresh + R"("})").status, 401);
  EXPECT_EQ(Post("/v1/auth/refresh", R"({"refreshToken":")" + refresh2 + R"("})").status, 401);

  // Logout ends the login's session (its own family).
  std::string refresh3 = Json(login)["data"]["refreshToken"].GetString();
  auto out = Post("/v1/auth/logout", R"({"refreshToken":")" + refresh3 + R"("})");
  EXPECT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(Post("/v1/auth/refresh", R"({"refreshToken":")" + refresh3 + R"("})").status, 401);
  EXPECT_EQ(Post("/v1/auth/logout", R"({"refreshToken":")" + refresh3 + R"("})").status, 200);

  // Without or with a bad access token: 401.
  EXPECT_EQ(HttpGet(base_ + "/v1/users/me").status, 401);
  EXPECT_EQ(HttpGet(base_ + "/v1/users/me", Bearer(token + "x")).status, 401);
  EXPECT_EQ(HttpGet(base_ + "/v1/users/me", {{"Authorization", "Basic YTpi"}}).status, 401);
  EXPECT_EQ(HttpGet(base_ + "/v1/users/me", Bearer(refresh)).status, 401);
}

TEST_F(AccountApiTest, DuplicateEmailIs409) {
  Register("dup@example.com");
  auto again = Post("/v1/auth/register", R"({"email":"DUP@example.COM","password":"Other-pass-2",
                                             "firstName":"X","lastName":"Y"})");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_NE(again.body.find("email"), std::string::npos);
  EXPECT_EQ(Count("users WHERE email = 'dup@example.com'"), "1");
}

TEST_F(AccountApiTest, FailedLoginsGet429WithRetryAfter) {
  Register("limited@example.com");
  const std::string wrong = R"({"email":"limited@example.com","password":"Wrong-pass-9"})";
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Post("/v1/auth/login", wrong).status, 401) << i;
  auto blocked =
      Post("/v1/auth/login", R"({"email":"limited@example.com","password":"Secret-pass-1"})");
  EXPECT_EQ(blocked.status, 429) << blocked.body;
  ASSERT_EQ(blocked.headers.count("retry-after"), 1u);
  int seconds = std::stoi(blocked.headers["retry-after"]);
  EXPECT_GT(seconds, 800);  // the 15-minute window, nearly whole
  EXPECT_LE(seconds, 900);
  EXPECT_EQ(Json(blocked)["error"]["code"], "RESOURCE_EXHAUSTED");
  // Another account from the same IP still logs in (the IP limit is higher).
  Register("other@example.com");
  EXPECT_EQ(
      Post("/v1/auth/login", R"({"email":"other@example.com","password":"Secret-pass-1"})").status,
      200);
}

TEST_F(AccountApiTest, ThePerIpLimitSeesClientsBehindTheLocalProxy) {
  Register("victim@example.com");
  // 20 failed logins for 20 different accounts, from one client behind the proxy.
  for (int i = 0; i < 20; ++i) {
    auto r = Post("/v1/auth/login",
                  R"({"email":"nobody)" + std::to_string(i) + R"(@example.com","password":"x"})",
                  {{"X-Forwarded-For", "1.1.1.1, 203.0.113.7"}});
    EXPECT_EQ(r.status, 401) << r.body;
  }
  const std::string good = R"({"email":"victim@example.com","password":"Secret-pass-1"})";
  auto blocked = Post("/v1/auth/login", good, {{"X-Forwarded-For", "203.0.113.7"}});
  EXPECT_EQ(blocked.status, 429) << blocked.body;
  EXPECT_EQ(blocked.headers.count("retry-after"), 1u);
  // Other clients, through the same proxy, are not locked out.
  EXPECT_EQ(Post("/v1/auth/login", good, {{"X-Forwarded-For", "203.0.113.8"}}).status, 200);
  EXPECT_EQ(Post("/v1/auth/login", good).status, 200);
}

TEST_F(AccountApiTest, DeletedOrDisabledUsersTokensAre401) {
  auto gone = Register("gone@example.com");
  auto off = Register("off@example.com");
  Exec("DELETE FROM users WHERE email = 'gone@example.com'");
  Exec("UPDATE users SET is_active = false WHERE email = 'off@example.com'");
  for (const auto* d : {&gone, &off}) {
    const auto& data = (*d)["data"];
    auto me = HttpGet(base_ + "/v1/users/me", Bearer(data["token"].GetString()));
    EXPECT_EQ(me.status, 401) << me.body;
    EXPECT_EQ(Post("/v1/auth/refresh",
                   std::string(R"({"refreshToken":")") + data["refreshToken"].GetString() + "\"}")
                  .status,
              401);
  }
  EXPECT_EQ(
      Post("/v1/auth/login", R"({"email":"off@example.com","password":"Secret-pass-1"})").status,
      401);
}

TEST_F(AccountApiTest, AdminUsersTokensOpenTheAdminEndpoints) {
  // Bootstrap an admin with the CLI (password from the environment), then log in.
  auto env = Env();
  env.push_back("STARRY_ADMIN_PASSWORD=Adm1n-pass-x");
  auto created = RunToEnd({STARRY_BINARY, "admin", "create", "--email", "Root@Example.com"}, env);
  ASSERT_EQ(created.exit_code, 0) << created.output;
  EXPECT_NE(created.output.find("created admin root@example.com"), std::string::npos);
  auto login = Post("/v1/auth/login", R"({"email":"root@example.com","password":"Adm1n-pass-x"})");
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_STREQ(Json(login)["data"]["user"]["role"].GetString(), "admin");
  std::string admin_jwt = Json(login)["data"]["token"].GetString();
  std::string user_jwt = Register("fan@example.com")["data"]["token"].GetString();

  const std::string path = "/v1/admin/analytics/zero-results";
  EXPECT_EQ(HttpGet(base_ + path, Bearer(admin_jwt)).status, 200);
  EXPECT_EQ(HttpGet(base_ + path, Admin()).status, 200);  // the admin token still works
  auto forbidden = HttpGet(base_ + path, Bearer(user_jwt));
  EXPECT_EQ(forbidden.status, 403) << forbidden.body;
  EXPECT_EQ(HttpGet(base_ + path).status, 401);
  EXPECT_EQ(HttpGet(base_ + path, Bearer(admin_jwt + "x")).status, 401);
  auto reindex = HttpRequest("POST", base_ + "/v1/admin/reindex", "", Bearer(user_jwt));
  EXPECT_EQ(reindex.status, 403) << reindex.body;
  EXPECT_EQ(HttpGet(base_ + "/v1/admin/reindex/nope", Bearer(admin_jwt)).status, 404);

  // Promoting the fan makes their existing token an admin's (the role is read from the database).
  auto promoted = RunToEnd({STARRY_BINARY, "admin", "create", "--email", "fan@example.com"}, Env());
  ASSERT_EQ(promoted.exit_code, 0) << promoted.output;
  EXPECT_NE(promoted.output.find("promoted"), std::string::npos);
  EXPECT_EQ(HttpGet(base_ + path, Bearer(user_jwt)).status, 200);
  // A deleted admin's token no longer opens anything.
  Exec("DELETE FROM users WHERE email = 'root@example.com'");
  EXPECT_EQ(HttpGet(base_ + path, Bearer(admin_jwt)).status, 401);
}

TEST_F(AccountApiTest, AdminEndpointsAuthorizationMatrix) {
  std::string user_a = Register("a@example.com")["data"]["token"].GetString();
  std::string user_b = Register("b@example.com")["data"]["token"].GetString();
  std::string celebrity = Register("star@example.com")["data"]["token"].GetString();
  std::string admin = Register("boss@example.com")["data"]["token"].GetString();
  Exec("UPDATE users SET role = 'celebrity' WHERE email = 'star@example.com'");
  Exec("UPDATE users SET role = 'admin' WHERE email = 'boss@example.com'");
  struct Caller {
    const char* name;
    std::map<std::string, std::string> headers;
    bool admin;
    long refused;  // the status when not an admin
  };
  const std::vector<Caller> callers = {
      {"anonymous", {}, false, 401},          {"user A", Bearer(user_a), false, 403},
      {"user B", Bearer(user_b), false, 403}, {"the celebrity", Bearer(celebrity), false, 403},
      {"admin user", Bearer(admin), true, 0}, {"admin token", Admin(), true, 0}};
  struct Endpoint {
    const char* method;
    std::string path;
    std::vector<long> allowed;  // what an admin may get
  };
  const std::vector<Endpoint> endpoints = {
      {"GET", "/v1/admin/analytics/zero-results", {200}},
      {"GET", "/v1/admin/analytics/popular-queries", {200}},
      {"POST", "/v1/admin/reindex", {202, 409}},  // 409: the other admin's reindex still runs
      {"GET", "/v1/admin/reindex/no-such-job", {404}}};
  for (const auto& e : endpoints) {
    for (const auto& c : callers) {
      auto r = HttpRequest(e.method, base_ + e.path, "", c.headers);
      if (c.admin) {
        EXPECT_NE(std::find(e.allowed.begin(), e.allowed.end(), r.status), e.allowed.end())
            << c.name << " " << e.method << " " << e.path << " -> " << r.status << " " << r.body;
      } else {
        EXPECT_EQ(r.status, c.refused)
            << c.name << " " << e.method << " " << e.path << " -> " << r.body;
      }
    }
  }
}

TEST_F(AccountApiTest, AdminCreateRefusesBadInputWithOneLine) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const Case cases[] = {
      {{"admin", "create"}, "--email is required"},
      {{"admin"}, "starry admin create"},
      {{"admin", "delete", "--email", "a@b.io"}, "unknown action"},
      {{"admin", "create", "--email", "not-an-email", "--password", "Adm1n-pass"}, "email"},
      {{"admin", "create", "--email", "a@b.io", "--password", "weakweak"}, "password"},
      {{"admin", "create", "--email", "a@b.io"}, "password: required"},  // stdin is empty
  };
  for (const auto& c : cases) {
    std::vector<std::string> argv{STARRY_BINARY};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    auto r = RunToEnd(argv, Env());
    EXPECT_NE(r.exit_code, 0) << c.message;
    EXPECT_NE(r.output.find(c.message), std::string::npos) << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  }
  EXPECT_EQ(Count("users"), "0");
}

TEST_F(AccountApiTest, TheGeneratedSecretIsPrivateAndSurvivesRestarts) {
  auto file = dir_.path() / "jwt_secret";
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  std::string token = Register("ada@example.com")["data"]["token"].GetString();
  std::string other = StartServer(other_server_, {});  // same data dir, new process
  EXPECT_EQ(HttpGet(other + "/v1/users/me", Bearer(token)).status, 200);
  // A server with another STARRY_JWT_SECRET does not accept it.
  std::unique_ptr<starry::testing::ChildProcess> third;
  std::string third_base =
      StartServer(third, {"STARRY_JWT_SECRET=another-secret-of-at-least-32-bytes!"});
  EXPECT_EQ(HttpGet(third_base + "/v1/users/me", Bearer(token)).status, 401);
  third->Signal(SIGTERM);
  EXPECT_EQ(third->Wait(std::chrono::seconds(20)), 0);
}

TEST_F(AccountApiTest, ServeRefusesAShortOrExposedJwtSecret) {
  auto short_env = Env();
  short_env.push_back("STARRY_JWT_SECRET=too-short");
  auto weak =
      RunToEnd({STARRY_BINARY, "serve", "--port", "0"}, short_env, std::chrono::seconds(20));
  EXPECT_NE(weak.exit_code, 0) << weak.output;
  EXPECT_NE(weak.output.find("STARRY_JWT_SECRET must be at least 32"), std::string::npos)
      << weak.output;
  auto file = dir_.path() / "jwt_secret";
  ASSERT_EQ(::chmod(file.c_str(), 0644), 0);
  auto exposed = RunToEnd({STARRY_BINARY, "serve", "--port", "0"}, Env(), std::chrono::seconds(20));
  EXPECT_NE(exposed.exit_code, 0) << exposed.output;
  EXPECT_NE(exposed.output.find("chmod 600"), std::string::npos) << exposed.output;
  std::ifstream in(file);
  std::string secret;
  std::getline(in, secret);
  ASSERT_EQ(secret.size(), 64u);
  EXPECT_EQ(exposed.output.find(secret), std::string::npos);  // never printed
}

TEST_F(AccountApiTest, BadInputIsA4xxNamingTheFieldAndWritesNothing) {
  struct Case {
    std::string path;
    std::string body;
    long status;
    std::string field;
  };
  const std::string ok_rest = R"("password":"Secret-pass-1","firstName":"A","lastName":"B")";
  const Case cases[] = {
      {"/v1/auth/register", "", 400, "body"},
      {"/v1/auth/register", "{", 400, "body"},
      {"/v1/auth/register", "[]", 400, "body"},
      {"/v1/auth/register", "\"x\"", 400, "body"},
      {"/v1/auth/register", "{\"email\":\"a\xff@b.io\"," + ok_rest + "}", 400, "body"},
      {"/v1/auth/register", "{" + ok_rest + "}", 400, "email"},
      {"/v1/auth/register", "{\"email\":null," + ok_rest + "}", 400, "email"},
      {"/v1/auth/register", "{\"email\":42," + ok_rest + "}", 400, "email"},
      {"/v1/auth/register", "{\"email\":[\"a@b.io\"]," + ok_rest + "}", 400, "email"},
      {"/v1/auth/register", "{\"email\":\"x'; DROP TABLE users; --\"," + ok_rest + "}", 400,
       "email"},
      {"/v1/auth/register", "{\"email\":\"a\\u0000@b.io\"," + ok_rest + "}", 400, "email"},
      {"/v1/auth/register", "{\"email\":\"a@b..io\"," + ok_rest + "}", 400, "email"},
      {"/v1/auth/register", "{\"email\":\"\\\"a\\\"@b.io\"," + ok_rest + "}", 400, "email"},
      {"/v1/auth/register", "{\"email\":\"a@b.io\",\"email\":\"c@d.io\"," + ok_rest + "}", 400,
       "email"},
      {"/v1/auth/register",
       std::string("{\"email\":\"a@b.io\",") + ok_rest + "}" + std::string(1, '\0') + "{\"x\":1}",
       400, "body"},
      {"/v1/auth/register",
       R"({"email":"a@b.io","password":"short","firstName":"A","lastName":"B"})", 400, "password"},
      {"/v1/auth/register",
       R"({"email":"a@b.io","password":12345678,"firstName":"A","lastName":"B"})", 400, "password"},
      {"/v1/auth/register", R"({"email":"a@b.io","password":"Secret-pass-1","lastName":"B"})", 400,
       "firstName"},
      {"/v1/auth/register",
       R"({"email":"a@b.io","password":"Secret-pass-1","firstName":true,"lastName":"B"})", 400,
       "firstName"},
      {"/v1/auth/register",
       R"({"email":"a@b.io","password":"Secret-pass-1","firstName":"A","lastName":{}})", 400,
       "lastName"},
      {"/v1/auth/register",
       R"({"email":"a@b.io","password":"Secret-pass-1","firstName":"A","lastName":"B","phone":7})",
       400, "phone"},
      {"/v1/auth/login", "", 400, "body"},
      {"/v1/auth/login", R"({"password":"x"})", 400, "email"},
      {"/v1/auth/login", R"({"email":"a@b.io"})", 400, "password"},
      {"/v1/auth/login", R"({"email":"a@b.io","password":""})", 400, "password"},
      {"/v1/auth/login", R"({"email":"' OR 1=1 --","password":"x"})", 400, "email"},
      {"/v1/auth/login", R"({"email":"a@b.io","password":["x"]})", 400, "password"},
      {"/v1/auth/refresh", "{}", 400, "refreshToken"},
      {"/v1/auth/refresh", R"({"refreshToken":1})", 400, "refreshToken"},
      {"/v1/auth/refresh", R"({"refreshToken":"' OR ''='"})", 401, ""},
      {"/v1/auth/refresh", "{\"refreshToken\":\"" + std::string(300, 'a') + "\"}", 400,
       "refreshToken"},
      {"/v1/auth/logout", "null", 400, "body"},
      {"/v1/auth/logout", R"({"refreshToken":false})", 400, "refreshToken"},
  };
  for (const auto& c : cases) {
    auto r = Post(c.path, c.body);
    EXPECT_EQ(r.status, c.status) << c.path << " " << c.body << " -> " << r.body;
    auto d = Json(r);
    ASSERT_TRUE(d.IsObject() && d.HasMember("error")) << r.body;
    EXPECT_FALSE(d["success"].GetBool());
    if (!c.field.empty()) {
      EXPECT_TRUE(std::string(d["error"]["message"].GetString()).starts_with(c.field + ":"))
          << c.body << " -> " << r.body;
    }
  }
  // Oversized bodies: 413 from the endpoint, and from the server beyond its request limit.
  std::string big = "{\"email\":\"a@b.io\",\"pad\":\"" + std::string(20000, 'x') + "\"}";
  for (const char* path : {"/v1/auth/register", "/v1/auth/login", "/v1/auth/refresh"}) {
    EXPECT_EQ(Post(path, big).status, 413) << path;
  }
  EXPECT_EQ(Post("/v1/auth/register", std::string(100000, ' ')).status, 413);
  EXPECT_EQ(Count("users"), "0");
  EXPECT_EQ(Count("refresh_tokens"), "0");

  // SQL metacharacters in names are data, stored as sent.
  auto odd = Post("/v1/auth/register",
                  R"({"email":"o'brien+x@example.com","password":"Secret-pass-1",)"
                  R"("firstName":"Robert'); DROP TABLE users; --","lastName":"O\"Brien \\ %_",)"
                  R"("phone":"+1 555'; --"})");
  ASSERT_EQ(odd.status, 201) << odd.body;
  EXPECT_EQ(Scalar("SELECT first_name FROM users WHERE email = 'o''brien+x@example.com'"),
            "Robert'); DROP TABLE users; --");
  EXPECT_EQ(Scalar("SELECT last_name FROM users"), "O\"Brien \\ %_");
  EXPECT_EQ(Scalar("SELECT phone FROM users"), "+1 555'; --");
}

}  // namespace
}  // namespace starry::server
