// @brief `starry serve` with the local payment gateway over a seeded, indexed catalogue: accounts
// for two fans, the celebrity and an admin, and helpers to book, pay and deliver webhooks.
#pragma once

#include "marketplace/intent_json.h"
#include "marketplace/webhook_signature.h"
#include "tests/server/admin_server_fixture.h"

namespace starry::server {

using starry::testing::HttpGet;
using starry::testing::HttpRequest;
using starry::testing::HttpResponse;

inline constexpr const char* kWebhookSecret = "whsec_payments_api_test";

class PaymentsApiFixture : public starry::testing::AdminServerFixture {
 protected:
  void SetUp() override {
    IndexFixture::SetUp();
    Reindex();
    base_ = StartServer(server_, {"STARRY_ADMIN_TOKEN=" + std::string(starry::testing::kAdminToken),
                                  "STARRY_STRIPE_WEBHOOK_SECRET=" + std::string(kWebhookSecret),
                                  "STARRY_PAYMENT_GATEWAY=local"});
    auto row = pqxx::nontransaction(*conn_).exec1(
        "SELECT c.id, m.id, d.id, m.price_cents FROM celebrities c "
        "JOIN meeting_types m ON m.celebrity_id = c.id AND m.is_active "
        "JOIN celebrity_availability a ON a.celebrity_id = c.id AND a.is_active "
        "JOIN available_dates d ON d.availability_id = a.id AND NOT d.is_blocked "
        "AND d.booked_slots + 3 < d.max_slots "
        "WHERE c.is_active AND c.is_verified AND c.user_id IS NULL ORDER BY d.date, d.id LIMIT 1");
    celebrity_ = row[0].as<std::string>();
    meeting_type_ = row[1].as<std::string>();
    date_ = row[2].as<std::string>();
    price_ = row[3].as<int64_t>();
    a_ = Account("fan.a@example.com");
    b_ = Account("fan.b@example.com");
    celeb_ = Account("star@example.com", "celebrity");
    Exec("UPDATE celebrities SET user_id = '" + celeb_.id + "' WHERE id = '" + celebrity_ + "'");
    admin_ = Account("boss@example.com", "admin");
  }

  struct User {
    std::string id;
    std::string token;
  };

  // Registers through the API; a role other than user is set in the database, then the account
  // logs in again so its token carries the role.
  User Account(const std::string& email, const std::string& role = "user") {
    auto r = Post("/v1/auth/register", R"({"email":")" + email +
                                           R"(","password":"Secret-pass-1","firstName":"A",)"
                                           R"("lastName":"B"})");
    EXPECT_EQ(r.status, 201) << r.body;
    auto d = Json(r);
    User user{d["data"]["user"]["id"].GetString(), d["data"]["token"].GetString()};
    if (role != "user") {
      Exec("UPDATE users SET role = '" + role + "' WHERE id = '" + user.id + "'");
      auto login =
          Post("/v1/auth/login", R"({"email":")" + email + R"(","password":"Secret-pass-1"})");
      EXPECT_EQ(login.status, 200) << login.body;
      user.token = Json(login)["data"]["token"].GetString();
    }
    return user;
  }

  // A pending booking of `user`, `days` days ahead, as the bookings endpoint leaves it.
  std::string Book(const User& user, int days) {
    Exec("UPDATE available_dates SET booked_slots = booked_slots + 1 WHERE id = '" + date_ + "'");
    const int64_t fee = price_ * 15 / 100, tax = price_ * 5 / 100;
    static int number = 900000;
    pqxx::work tx(*conn_);
    auto id = tx.exec1(
                    "INSERT INTO bookings (booking_number, user_id, celebrity_id, meeting_type_id, "
                    "available_date_id, meeting_date, meeting_time, price_cents, "
                    "platform_fee_cents, tax_cents, total_cents, expires_at) VALUES ('BK-2026-" +
                    std::to_string(++number) + "', '" + user.id + "', '" + celebrity_ + "', '" +
                    meeting_type_ + "', '" + date_ + "', current_date + " + std::to_string(days) +
                    ", '12:00', " + std::to_string(price_) + ", " + std::to_string(fee) + ", " +
                    std::to_string(tax) + ", " + std::to_string(price_ + fee + tax) +
                    ", now() + interval '30 minutes') RETURNING id")[0]
                  .as<std::string>();
    tx.commit();
    return id;
  }

  HttpResponse Post(const std::string& path, const std::string& body,
                    std::map<std::string, std::string> headers = {}) {
    headers["Content-Type"] = "application/json";
    return HttpRequest("POST", base_ + path, body, headers);
  }
  HttpResponse PostAs(const User* user, const std::string& path, const std::string& body) {
    return Post(path, body, user ? Bearer(*user) : std::map<std::string, std::string>{});
  }
  HttpResponse GetAs(const User* user, const std::string& path) {
    return HttpGet(base_ + path, user ? Bearer(*user) : std::map<std::string, std::string>{});
  }
  static std::map<std::string, std::string> Bearer(const User& user) {
    return {{"Authorization", "Bearer " + user.token}};
  }

  // create-intent for `booking` as `user`; returns the PaymentIntent id.
  std::string Intent(const User& user, const std::string& booking) {
    auto r = PostAs(&user, "/v1/payments/create-intent", R"({"bookingId":")" + booking + R"("})");
    EXPECT_EQ(r.status, 200) << r.body;
    auto d = Json(r);
    return d.HasMember("data") ? d["data"]["paymentIntentId"].GetString() : "";
  }
  HttpResponse Pay(const User& user, const std::string& intent, const std::string& method) {
    return PostAs(&user, "/v1/payments/confirm",
                  R"({"paymentIntentId":")" + intent + R"(","paymentMethod":")" + method + R"("})");
  }
  HttpResponse Webhook(const std::string& payload, const std::string& signature) {
    return HttpRequest("POST", base_ + "/v1/webhooks/stripe", payload,
                       {{"Content-Type", "application/json"}, {"Stripe-Signature", signature}});
  }
  static int64_t Now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  std::string BookingStatus(const std::string& id) {
    return Scalar("SELECT status FROM bookings WHERE id = '" + id + "'");
  }
  int BookedSlots() {
    return std::stoi(Scalar("SELECT booked_slots FROM available_dates WHERE id = '" + date_ + "'"));
  }
  // Everything a payment request could write, to prove a refused one wrote nothing.
  std::string WrittenState() {
    return Scalar(
        "SELECT (SELECT count(*) FROM payments) || '/' || (SELECT count(*) FROM payment_events) || "
        "'/' || (SELECT count(*) FROM local_payment_intents) || '/' || "
        "(SELECT count(*) FROM local_refunds) || '/' || "
        "(SELECT string_agg(status || refund_cents, ',' ORDER BY id) FROM bookings) || '/' || "
        "(SELECT sum(booked_slots) FROM available_dates)");
  }

  std::string celebrity_, meeting_type_, date_;
  int64_t price_ = 0;
  User a_, b_, celeb_, admin_;
};

}  // namespace starry::server
