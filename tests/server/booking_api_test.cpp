// The booking endpoints over real HTTP against `starry serve` and real PostgreSQL: booking
// rules, the 64-client race for 10 slots, cancel and reschedule, expiry of unpaid bookings, the
// authorization matrix, the availability view, the search index following slot changes, and
// bad input on every endpoint with nothing written.
#include <atomic>
#include <barrier>
#include <cctype>
#include <thread>

#include "tests/marketplace/booking_catalog.h"
#include "tests/server/admin_server_fixture.h"

namespace starry::server {
namespace {

using starry::testing::HttpGet;
using starry::testing::HttpRequest;
using starry::testing::HttpResponse;
using starry::testing::TestCelebrity;

class BookingApiTest : public starry::testing::AdminServerFixture {
 protected:
  void SetUp() override {
    IndexFixture::SetUp();
    Reindex();
    catalog_ = std::make_unique<starry::testing::BookingCatalog>(*conn_);
    base_ = StartServer(server_, {}, ServerArgs());
  }
  virtual std::vector<std::string> ServerArgs() const { return {"--threads", "8"}; }

  // Like AdminServerFixture::StartServer, with extra `serve` arguments.
  std::string StartServer(std::unique_ptr<starry::testing::ChildProcess>& server,
                          std::vector<std::string> env, const std::vector<std::string>& args) {
    env.push_back("DATABASE_URL=" + db_.conninfo());
    env.push_back("STARRY_DATA_DIR=" + dir_.path().string());
    std::vector<std::string> argv{STARRY_BINARY, "serve", "--port", "0"};
    argv.insert(argv.end(), args.begin(), args.end());
    server = std::make_unique<starry::testing::ChildProcess>(argv, env);
    std::string line = server->WaitForLine("listening on", std::chrono::seconds(20));
    std::smatch m;
    EXPECT_TRUE(std::regex_search(line, m, std::regex(":([0-9]+) "))) << server->output();
    return m.size() > 1 ? "http://127.0.0.1:" + m[1].str() : "http://127.0.0.1:1";
  }

  struct Account {
    std::string id;
    std::string token;
  };
  Account Register(const std::string& email) {
    auto r = HttpRequest(
        "POST", base_ + "/v1/auth/register",
        R"({"email":")" + email + R"(","password":"Secret-pass-1","firstName":"F","lastName":"L"})",
        {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 201) << r.body;
    auto d = Json(r);
    return {d["data"]["user"]["id"].GetString(), d["data"]["token"].GetString()};
  }
  static std::map<std::string, std::string> As(const Account& a) {
    return {{"Authorization", "Bearer " + a.token}, {"Content-Type", "application/json"}};
  }
  static std::string BookingBody(const TestCelebrity& c, const std::string& date,
                                 const std::string& time = "10:00") {
    return R"({"celebrityId":")" + c.id + R"(","meetingTypeId":")" + c.meeting_type_id +
           R"(","availableDateId":")" + date + R"(","time":")" + time + R"("})";
  }
  HttpResponse Book(const Account& a, const std::string& body) {
    return HttpRequest("POST", base_ + "/v1/bookings", body, As(a));
  }
  std::string BookOk(const Account& a, const TestCelebrity& c, const std::string& date) {
    auto r = Book(a, BookingBody(c, date));
    EXPECT_EQ(r.status, 201) << r.body;
    return Json(r)["data"]["id"].GetString();
  }
  std::string Booked(const std::string& date_id) {
    return Scalar("SELECT booked_slots FROM available_dates WHERE id = '" + date_id + "'");
  }
  // Makes `a` the account of celebrity `c` (role celebrity) or an admin.
  void MakeCelebrityAccount(const Account& a, const TestCelebrity& c) {
    Exec("UPDATE celebrities SET user_id = NULL WHERE user_id = '" + a.id + "'");
    Exec("UPDATE users SET role = 'celebrity' WHERE id = '" + a.id + "'");
    Exec("UPDATE celebrities SET user_id = '" + a.id + "' WHERE id = '" + c.id + "'");
  }
  void MakeAdmin(const Account& a) {
    Exec("UPDATE users SET role = 'admin' WHERE id = '" + a.id + "'");
  }

  std::unique_ptr<starry::testing::BookingCatalog> catalog_;
};

TEST_F(BookingApiTest, BookReadListCancelWithTheRefund) {
  auto star = catalog_->Celebrity("ada");
  auto date = catalog_->Date(star, 10, 3);
  auto fan = Register("fan@example.com");
  auto r = Book(fan, R"({"celebrityId":")" + star.id + R"(","meetingTypeId":")" +
                         star.meeting_type_id + R"(","availableDateId":")" + date +
                         R"(","time":"14:30","specialRequests":"A selfie","fanNotes":null})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto d = Json(r);
  const auto& b = d["data"];
  EXPECT_STREQ(b["status"].GetString(), "pending");
  EXPECT_EQ(b["priceCents"].GetInt64(), 10000);
  EXPECT_EQ(b["platformFeeCents"].GetInt64(), 1500);
  EXPECT_EQ(b["taxCents"].GetInt64(), 500);
  EXPECT_EQ(b["totalCents"].GetInt64(), 12000);
  EXPECT_STREQ(b["meetingTime"].GetString(), "14:30");
  EXPECT_STREQ(b["specialRequests"].GetString(), "A selfie");
  EXPECT_TRUE(b["fanNotes"].IsNull());
  EXPECT_TRUE(b["expiresAt"].IsString());
  std::string id = b["id"].GetString();
  EXPECT_EQ(r.headers["location"], "/v1/bookings/" + id);
  EXPECT_EQ(Booked(date), "1");

  auto get = HttpGet(base_ + "/v1/bookings/" + id, As(fan));
  EXPECT_EQ(get.status, 200) << get.body;
  std::string upper = id;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto get_upper = HttpGet(base_ + "/v1/bookings/" + upper, As(fan));
  EXPECT_EQ(get_upper.status, 200) << get_upper.body;
  EXPECT_STREQ(Json(get_upper)["data"]["id"].GetString(), id.c_str());
  auto list = HttpGet(base_ + "/v1/bookings?status=pending&limit=5", As(fan));
  ASSERT_EQ(list.status, 200) << list.body;
  auto l = Json(list);
  EXPECT_EQ(l["data"]["pagination"]["total"].GetInt64(), 1);
  EXPECT_STREQ(l["data"]["bookings"][0]["id"].GetString(), id.c_str());

  // Paid (confirmed by the payment webhook), cancelled 10 days ahead: 100% back.
  Exec("UPDATE bookings SET status = 'confirmed' WHERE id = '" + id + "'");
  auto cancel = HttpRequest("POST", base_ + "/v1/bookings/" + id + "/cancel",
                            R"({"reason":"Can't make it"})", As(fan));
  ASSERT_EQ(cancel.status, 200) << cancel.body;
  auto c = Json(cancel);
  EXPECT_EQ(c["data"]["refundCents"].GetInt64(), 12000);
  EXPECT_TRUE(c["data"]["wasConfirmed"].GetBool());
  EXPECT_STREQ(c["data"]["booking"]["status"].GetString(), "cancelled");
  EXPECT_STREQ(c["data"]["booking"]["cancelledBy"].GetString(), "fan");
  EXPECT_EQ(Booked(date), "0");
  EXPECT_EQ(HttpRequest("POST", base_ + "/v1/bookings/" + id + "/cancel", "", As(fan)).status, 409);
}

TEST_F(BookingApiTest, CancellingAPaidBookingRefundsThroughThePaymentGateway) {
  auto star = catalog_->Celebrity("ada");
  auto date = catalog_->Date(star, 10, 3);
  auto fan = Register("fan@example.com");
  std::string id = BookOk(fan, star, date);
  auto intent = HttpRequest("POST", base_ + "/v1/payments/create-intent",
                            R"({"bookingId":")" + id + R"("})", As(fan));
  ASSERT_EQ(intent.status, 200) << intent.body;
  std::string pi = Json(intent)["data"]["paymentIntentId"].GetString();
  auto paid =
      HttpRequest("POST", base_ + "/v1/payments/confirm",
                  R"({"paymentIntentId":")" + pi + R"(","paymentMethod":"pm_card_visa"})", As(fan));
  ASSERT_EQ(paid.status, 200) << paid.body;
  EXPECT_EQ(Scalar("SELECT status FROM bookings WHERE id = '" + id + "'"), "confirmed");

  auto cancel = HttpRequest("POST", base_ + "/v1/bookings/" + id + "/cancel", "", As(fan));
  ASSERT_EQ(cancel.status, 200) << cancel.body;
  auto c = Json(cancel);
  EXPECT_EQ(c["data"]["refundCents"].GetInt64(), 12000);  // 10 days ahead: all of it
  EXPECT_STREQ(c["data"]["refundStatus"].GetString(), "refunded");
  EXPECT_EQ(Scalar("SELECT refunded_cents FROM payments WHERE booking_id = '" + id + "'"), "12000");
  EXPECT_EQ(Booked(date), "0");
  // A pending (unpaid) booking owes nothing.
  auto other = Register("other@example.com");
  std::string unpaid = BookOk(other, star, date);
  auto none = HttpRequest("POST", base_ + "/v1/bookings/" + unpaid + "/cancel", "", As(other));
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_STREQ(Json(none)["data"]["refundStatus"].GetString(), "none");
  EXPECT_EQ(Json(none)["data"]["refundCents"].GetInt64(), 0);
}

TEST_F(BookingApiTest, SixtyFourClientsRaceForTenSlots) {
  auto star = catalog_->Celebrity("race");
  auto date = catalog_->Date(star, 14, 10);
  constexpr int kClients = 64;
  std::vector<Account> fans;
  for (int i = 0; i < kClients; ++i)
    fans.push_back(Register("racer" + std::to_string(i) + "@x.io"));
  std::barrier start(kClients);
  std::vector<long> statuses(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      statuses[i] = Book(fans[i], BookingBody(star, date)).status;  // each its own connection
    });
  }
  for (auto& t : threads) t.join();
  int created = 0, conflict = 0;
  for (long s : statuses) {
    if (s == 201) ++created;
    if (s == 409) ++conflict;
  }
  EXPECT_EQ(created, 10);
  EXPECT_EQ(conflict, 54);
  EXPECT_EQ(Booked(date), "10");
  EXPECT_EQ(Scalar("SELECT count(*) FROM bookings WHERE available_date_id = '" + date + "'"), "10");
  EXPECT_EQ(Scalar("SELECT count(DISTINCT booking_number) FROM bookings"), "10");
}

TEST_F(BookingApiTest, RescheduleMovesTheBookingToAnotherFreeSlot) {
  auto star = catalog_->Celebrity("ada");
  auto from = catalog_->Date(star, 10, 2);
  auto to = catalog_->Date(star, 12, 1);
  auto fan = Register("fan@example.com");
  auto other = Register("other@example.com");
  std::string id = BookOk(fan, star, from);
  auto moved = HttpRequest("PATCH", base_ + "/v1/bookings/" + id,
                           R"({"availableDateId":")" + to + R"(","time":"12:00"})", As(fan));
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_STREQ(Json(moved)["data"]["availableDateId"].GetString(), to.c_str());
  EXPECT_EQ(Booked(from), "0");
  EXPECT_EQ(Booked(to), "1");
  // `to` is now full: the other fan cannot book it, nor move there.
  EXPECT_EQ(Book(other, BookingBody(star, to)).status, 409);
  std::string theirs = BookOk(other, star, from);
  auto refused = HttpRequest("PATCH", base_ + "/v1/bookings/" + theirs,
                             R"({"availableDateId":")" + to + R"(","time":"12:00"})", As(other));
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(Booked(from), "1");
  EXPECT_EQ(Booked(to), "1");
}

class BookingExpiryApiTest : public BookingApiTest {
 protected:
  std::vector<std::string> ServerArgs() const override {
    return {"--payment-window-seconds", "1", "--expiry-sweep-seconds", "1"};
  }
};

TEST_F(BookingExpiryApiTest, UnpaidBookingsExpireAndFreeTheirSlot) {
  auto star = catalog_->Celebrity("ada");
  auto date = catalog_->Date(star, 10, 1);
  auto fan = Register("fan@example.com");
  std::string id = BookOk(fan, star, date);
  EXPECT_TRUE(Eventually(
      [&] {
        auto r = HttpGet(base_ + "/v1/bookings/" + id, As(fan));
        return r.status == 200 && Json(r)["data"]["status"] == "expired";
      },
      std::chrono::seconds(10)));
  EXPECT_EQ(Booked(date), "0");
  EXPECT_EQ(Book(Register("next@example.com"), BookingBody(star, date)).status, 201);
}

TEST_F(BookingApiTest, AuthorizationMatrix) {
  auto star = catalog_->Celebrity("ada");
  auto other_star = catalog_->Celebrity("bob");
  auto date = catalog_->Date(star, 10, 5);
  auto owner = Register("owner@example.com");
  auto stranger = Register("stranger@example.com");
  auto celebrity = Register("ada-account@example.com");
  auto other_celebrity = Register("bob-account@example.com");
  auto admin = Register("admin@example.com");
  MakeCelebrityAccount(celebrity, star);
  MakeCelebrityAccount(other_celebrity, other_star);
  MakeAdmin(admin);
  std::string id = BookOk(owner, star, date);
  const std::map<std::string, std::string> anonymous = {{"Content-Type", "application/json"}};

  struct Who {
    const char* name;
    std::map<std::string, std::string> headers;
    long get;
  };
  const Who who[] = {{"anonymous", anonymous, 401},
                     {"owner", As(owner), 200},
                     {"stranger", As(stranger), 404},
                     {"celebrity", As(celebrity), 200},
                     {"other celebrity", As(other_celebrity), 404},
                     {"admin", As(admin), 200}};
  for (const auto& w : who) {
    EXPECT_EQ(HttpGet(base_ + "/v1/bookings/" + id, w.headers).status, w.get) << w.name;
  }
  // Reschedule: only the owner (and admins); the others do not see the booking.
  auto patch = [&](const std::map<std::string, std::string>& h) {
    return HttpRequest("PATCH", base_ + "/v1/bookings/" + id,
                       R"({"availableDateId":")" + date + R"(","time":"11:00"})", h)
        .status;
  };
  EXPECT_EQ(patch(anonymous), 401);
  EXPECT_EQ(patch(As(stranger)), 404);
  EXPECT_EQ(patch(As(celebrity)), 404);
  EXPECT_EQ(patch(As(owner)), 200);
  EXPECT_EQ(patch(As(admin)), 200);
  // Listing is always one's own.
  EXPECT_EQ(HttpGet(base_ + "/v1/bookings", anonymous).status, 401);
  auto strangers = HttpGet(base_ + "/v1/bookings", As(stranger));
  ASSERT_EQ(strangers.status, 200);
  EXPECT_EQ(Json(strangers)["data"]["pagination"]["total"].GetInt64(), 0);
  EXPECT_EQ(HttpRequest("POST", base_ + "/v1/bookings", BookingBody(star, date), anonymous).status,
            401);
  // Cancel: strangers 404, the celebrity may (a full refund, recorded as the celebrity's).
  auto cancel = [&](const std::map<std::string, std::string>& h) {
    return HttpRequest("POST", base_ + "/v1/bookings/" + id + "/cancel", "", h);
  };
  EXPECT_EQ(cancel(anonymous).status, 401);
  EXPECT_EQ(cancel(As(stranger)).status, 404);
  EXPECT_EQ(cancel(As(other_celebrity)).status, 404);
  Exec("UPDATE bookings SET status = 'confirmed' WHERE id = '" + id + "'");
  auto by_star = cancel(As(celebrity));
  ASSERT_EQ(by_star.status, 200) << by_star.body;
  EXPECT_STREQ(Json(by_star)["data"]["booking"]["cancelledBy"].GetString(), "celebrity");
  EXPECT_EQ(Json(by_star)["data"]["refundCents"].GetInt64(), 12000);
  // An admin cancels another booking: recorded as the admin's.
  std::string second = BookOk(stranger, star, date);
  auto by_admin = HttpRequest("POST", base_ + "/v1/bookings/" + second + "/cancel", "", As(admin));
  ASSERT_EQ(by_admin.status, 200) << by_admin.body;
  EXPECT_STREQ(Json(by_admin)["data"]["booking"]["cancelledBy"].GetString(), "admin");
  // A deleted account's token is refused everywhere.
  Exec("DELETE FROM bookings WHERE user_id = '" + stranger.id + "'");
  Exec("DELETE FROM users WHERE id = '" + stranger.id + "'");
  EXPECT_EQ(HttpGet(base_ + "/v1/bookings", As(stranger)).status, 401);
  EXPECT_EQ(Book(stranger, BookingBody(star, date)).status, 401);
}

TEST_F(BookingApiTest, AvailabilityPerMonthAndTheIndexFollowsSlots) {
  auto star = catalog_->Celebrity("ada");
  auto date = catalog_->Date(star, 15, 1);
  std::string day = Scalar("SELECT date::text FROM available_dates WHERE id = '" + date + "'");
  std::string month = day.substr(0, 7);
  auto r = HttpGet(base_ + "/v1/celebrities/" + star.id + "/availability?month=" + month);
  ASSERT_EQ(r.status, 200) << r.body;
  auto d = Json(r);
  ASSERT_EQ(d["data"]["cities"].Size(), 1u);
  const auto& city = d["data"]["cities"][0];
  EXPECT_STREQ(city["city"].GetString(), "Los Angeles");
  ASSERT_EQ(city["dates"].Size(), 1u);
  EXPECT_STREQ(city["dates"][0]["availableDateId"].GetString(), date.c_str());
  EXPECT_EQ(city["dates"][0]["freeSlots"].GetInt(), 1);
  EXPECT_STREQ(city["dates"][0]["startTime"].GetString(), "10:00");

  // The search index: the celebrity matches "available in Los Angeles on that day" until its
  // last slot is taken and sync has run (the server's own sync thread applies the outbox).
  auto available = [&] {
    auto s = HttpGet(base_ + "/v1/celebrities?city=Los+Angeles&availableFrom=" + day +
                     "&availableTo=" + day + "&limit=100");
    EXPECT_EQ(s.status, 200) << s.body;
    auto j = Json(s);
    for (const auto& c : j["data"]["celebrities"].GetArray()) {
      if (c["id"] == star.id.c_str()) return true;
    }
    return false;
  };
  EXPECT_TRUE(Eventually(available, std::chrono::seconds(15)));
  BookOk(Register("fan@example.com"), star, date);
  auto after = HttpGet(base_ + "/v1/celebrities/" + star.id + "/availability?month=" + month);
  EXPECT_EQ(Json(after)["data"]["cities"][0]["dates"][0]["freeSlots"].GetInt(), 0);
  EXPECT_TRUE(Eventually([&] { return !available(); }, std::chrono::seconds(15)));

  for (const char* bad : {"?month=2026-13", "?month=2026-1", "", "?month=2026-01&month=2026-02",
                          "?month=2026-01%27%3B--", "?month=2026-01&x=1", "?month=%zz"}) {
    auto b = HttpGet(base_ + "/v1/celebrities/" + star.id + "/availability" + bad);
    EXPECT_EQ(b.status, 400) << bad << " -> " << b.body;
  }
  EXPECT_EQ(HttpGet(base_ +
                    "/v1/celebrities/00000000-0000-4000-8000-000000000000/availability?"
                    "month=" +
                    month)
                .status,
            404);
  EXPECT_EQ(HttpGet(base_ + "/v1/celebrities/ada/availability?month=" + month).status, 400);
}

TEST_F(BookingApiTest, BadInputOnEveryEndpointIs4xxAndWritesNothing) {
  auto star = catalog_->Celebrity("ada");
  auto date = catalog_->Date(star, 10, 5);
  auto soon = catalog_->Date(star, 3, 5);
  auto fan = Register("fan@example.com");
  const std::string missing = "00000000-0000-4000-8000-000000000000";
  auto with = [&](const std::string& key, const std::string& json_value) {
    std::map<std::string, std::string> fields = {
        {"celebrityId", "\"" + star.id + "\""},
        {"meetingTypeId", "\"" + star.meeting_type_id + "\""},
        {"availableDateId", "\"" + date + "\""},
        {"time", "\"10:00\""}};
    if (json_value.empty()) {
      fields.erase(key);
    } else {
      fields[key] = json_value;
    }
    std::string body = "{";
    for (const auto& [k, v] : fields) body += (body.size() > 1 ? "," : "") + ("\"" + k + "\":" + v);
    return body + "}";
  };
  struct Case {
    std::string body;
    long status;
    std::string field;
  };
  std::vector<Case> cases = {
      {"", 400, "body"},
      {"{", 400, "body"},
      {"[1]", 400, "body"},
      {with("time", "1000"), 400, "time"},
      {with("time", "\"25:00\""), 400, "time"},
      {with("time", "\"10:00'; DROP TABLE bookings; --\""), 400, "time"},
      {with("celebrityId", "null"), 400, "celebrityId"},
      {with("celebrityId", "[]"), 400, "celebrityId"},
      {with("celebrityId", "\"' OR 1=1 --\""), 400, "celebrityId"},
      {with("celebrityId", "\"" + missing + "\""), 404, "celebrityId"},
      {with("meetingTypeId", "{}"), 400, "meetingTypeId"},
      {with("meetingTypeId", "\"" + missing + "\""), 404, "meetingTypeId"},
      {with("availableDateId", "true"), 400, "availableDateId"},
      {with("availableDateId", "\"" + missing + "\""), 404, "availableDateId"},
      {with("availableDateId", "\"" + soon + "\""), 400, "availableDateId"},
      {with("specialRequests", "42"), 400, "specialRequests"},
      {with("fanNotes", "\"" + std::string(3000, 'x') + "\""), 400, "fanNotes"},
      {with("fanNotes", "\"a\\u0000b\""), 400, "fanNotes"},
  };
  for (const char* field : {"celebrityId", "meetingTypeId", "availableDateId", "time"}) {
    cases.push_back({with(field, ""), 400, field});
  }
  for (const auto& c : cases) {
    auto r = Book(fan, c.body);
    EXPECT_EQ(r.status, c.status) << c.body << " -> " << r.body;
    auto d = Json(r);
    ASSERT_TRUE(d.IsObject() && d.HasMember("error")) << r.body;
    EXPECT_TRUE(std::string(d["error"]["message"].GetString()).starts_with(c.field + ":"))
        << c.body << " -> " << r.body;
  }
  std::string big = with("fanNotes", "\"" + std::string(20000, 'x') + "\"");
  EXPECT_EQ(Book(fan, big).status, 413);
  EXPECT_EQ(Scalar("SELECT count(*) FROM bookings"), "0");
  EXPECT_EQ(Booked(date), "0");

  // SQL metacharacters in the free-text fields are stored as sent.
  std::string odd_body = with("specialRequests", R"("Robert'); DROP TABLE bookings; -- %_\\")");
  odd_body.insert(odd_body.size() - 1, R"(,"fanNotes":"1' OR '1'='1; --")");
  auto odd = Book(fan, odd_body);
  ASSERT_EQ(odd.status, 201) << odd.body;
  std::string id = Json(odd)["data"]["id"].GetString();
  EXPECT_EQ(Scalar("SELECT special_requests FROM bookings"),
            "Robert'); DROP TABLE bookings; -- %_\\");
  EXPECT_EQ(Scalar("SELECT fan_notes FROM bookings"), "1' OR '1'='1; --");

  // Ids in paths: not a UUID -> 400, unknown -> 404; on every endpoint.
  for (const std::string& bad : {std::string("abc"), std::string("1%27%20OR%201=1"), missing}) {
    long expected = bad == missing ? 404 : 400;
    EXPECT_EQ(HttpGet(base_ + "/v1/bookings/" + bad, As(fan)).status, expected) << bad;
    EXPECT_EQ(HttpRequest("POST", base_ + "/v1/bookings/" + bad + "/cancel", "", As(fan)).status,
              expected)
        << bad;
    EXPECT_EQ(HttpRequest("PATCH", base_ + "/v1/bookings/" + bad,
                          R"({"availableDateId":")" + date + R"(","time":"11:00"})", As(fan))
                  .status,
              expected)
        << bad;
  }
  // Reschedule and cancel bodies.
  const std::pair<std::string, std::string> patches[] = {
      {"", "body"},
      {"{}", "availableDateId"},
      {R"({"availableDateId":1,"time":"11:00"})", "availableDateId"},
      {R"({"availableDateId":")" + date + R"("})", "time"},
      {R"({"availableDateId":")" + date + R"(","time":"x"})", "time"},
      {R"({"availableDateId":"nope","time":"11:00"})", "availableDateId"},
  };
  for (const auto& [body, field] : patches) {
    auto r = HttpRequest("PATCH", base_ + "/v1/bookings/" + id, body, As(fan));
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
    EXPECT_TRUE(std::string(Json(r)["error"]["message"].GetString()).starts_with(field + ":"))
        << r.body;
  }
  EXPECT_EQ(HttpRequest("PATCH", base_ + "/v1/bookings/" + id, big, As(fan)).status, 413);
  for (const std::string& body : {std::string("[]"), std::string(R"({"reason":5})"),
                                  R"({"reason":")" + std::string(3000, 'r') + R"("})"}) {
    EXPECT_EQ(HttpRequest("POST", base_ + "/v1/bookings/" + id + "/cancel", body, As(fan)).status,
              400)
        << body;
  }
  // A cancel reason with SQL metacharacters is data too (checked on a second booking).
  auto star2 = catalog_->Celebrity("bob");
  std::string second = BookOk(fan, star2, catalog_->Date(star2, 10));
  auto cancelled = HttpRequest("POST", base_ + "/v1/bookings/" + second + "/cancel",
                               R"({"reason":"x'); DELETE FROM bookings; --"})", As(fan));
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(Scalar("SELECT cancellation_reason FROM bookings WHERE id = '" + second + "'"),
            "x'); DELETE FROM bookings; --");
  Exec("DELETE FROM bookings WHERE id = '" + second + "'");
  // List parameters.
  for (const char* q : {"?status=paid", "?page=0", "?limit=101", "?limit=abc", "?page=1&page=2",
                        "?sort=x", "?status=%zz"}) {
    EXPECT_EQ(HttpGet(base_ + "/v1/bookings" + q, As(fan)).status, 400) << q;
  }
  // Nothing of the above changed the one booking or its slot.
  EXPECT_EQ(Scalar("SELECT count(*) FROM bookings"), "1");
  EXPECT_EQ(Scalar("SELECT status || meeting_time::text FROM bookings"), "pending10:00:00");
  EXPECT_EQ(Booked(date), "1");
}

}  // namespace
}  // namespace starry::server
