// @brief A small marketplace in a fresh database (users, a celebrity with one bookable date,
// bookings inserted directly) and the payment services wired as in `starry serve`:
// LocalGateway -> signed events -> WebhookProcessor.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "marketplace/local_gateway.h"
#include "marketplace/payment_service.h"
#include "marketplace/webhook_processor.h"
#include "tests/support/test_database.h"

namespace starry::marketplace {

inline constexpr const char* kFanA = "00000000-0000-4000-8000-00000000000a";
inline constexpr const char* kFanB = "00000000-0000-4000-8000-00000000000b";
inline constexpr const char* kAdminId = "00000000-0000-4000-8000-0000000000ad";
inline constexpr const char* kCelebUser = "00000000-0000-4000-8000-0000000000ce";
inline constexpr const char* kCelebrity = "00000000-0000-4000-8000-000000000c01";
inline constexpr const char* kMeetingType = "00000000-0000-4000-8000-000000000a01";
inline constexpr const char* kDate = "00000000-0000-4000-8000-000000000d01";
inline constexpr const char* kWebhookSecret = "whsec_fixture";

class PaymentFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    Exec(
        "INSERT INTO users (id, email, password_hash, role) VALUES "
        "('" +
        std::string(kFanA) +
        "', 'a@example.com', 'x', 'user'),"
        "('" +
        kFanB +
        "', 'b@example.com', 'x', 'user'),"
        "('" +
        kAdminId +
        "', 'admin@example.com', 'x', 'admin'),"
        "('" +
        kCelebUser + "', 'star@example.com', 'x', 'celebrity')");
    Exec(
        "INSERT INTO categories (id, slug, name) VALUES "
        "('00000000-0000-4000-8000-0000000000c1', 'actors', 'Actors')");
    Exec(
        "INSERT INTO celebrities (id, user_id, username, display_name, category_id, is_verified) "
        "VALUES ('" +
        std::string(kCelebrity) + "', '" + kCelebUser +
        "', 'star', 'Star', '00000000-0000-4000-8000-0000000000c1', true)");
    Exec(
        "INSERT INTO meeting_types (id, celebrity_id, name, duration_minutes, price_cents) "
        "VALUES ('" +
        std::string(kMeetingType) + "', '" + kCelebrity + "', 'Coffee', 30, 10000)");
    Exec(
        "INSERT INTO celebrity_availability (id, celebrity_id, city, country, country_code, "
        "timezone, latitude, longitude) VALUES ('00000000-0000-4000-8000-000000000b01', '" +
        std::string(kCelebrity) +
        "', 'Los Angeles', 'United States', 'US', 'America/Los_Angeles', 34.05, -118.24)");
    Exec(
        "INSERT INTO available_dates (id, availability_id, date, start_time, end_time, "
        "max_slots, booked_slots) VALUES ('" +
        std::string(kDate) +
        "', '00000000-0000-4000-8000-000000000b01', current_date + 30, '10:00', '18:00', 5, 0)");
    gateway_ =
        std::make_unique<LocalGateway>(db_.conninfo(), kWebhookSecret, [this] { return now_; });
    processor_ = std::make_unique<WebhookProcessor>(db_.conninfo(), kWebhookSecret, *gateway_,
                                                    [this] { return now_; });
    gateway_->SetWebhookSink([this](const std::string& payload, const std::string& signature) {
      auto outcome = processor_->Handle(payload, signature);
      if (!outcome) return Status(std::unexpected(outcome.error()));
      return Status();
    });
    service_ = std::make_unique<PaymentService>(db_.conninfo(), *gateway_, [this] { return now_; });
  }

  // A pending booking of `user` on the fixture's date, holding one slot, as the bookings
  // service leaves it: 10000 + 15% fee + 5% tax = 12000.
  std::string Book(const std::string& user, int number) {
    Exec("UPDATE available_dates SET booked_slots = booked_slots + 1 WHERE id = '" +
         std::string(kDate) + "'");
    char digits[8];
    std::snprintf(digits, sizeof digits, "%06d", number);
    auto conn = db_.Connect();
    pqxx::work tx(*conn);
    auto id =
        tx.exec1(
              "INSERT INTO bookings (booking_number, user_id, celebrity_id, meeting_type_id, "
              "available_date_id, meeting_date, meeting_time, price_cents, platform_fee_cents, "
              "tax_cents, total_cents, expires_at) VALUES ('BK-2026-" +
              std::string(digits) + "', '" + user + "', '" + kCelebrity + "', '" + kMeetingType +
              "', '" + kDate + "', current_date + 30 + " + std::to_string(number) +
              ", '10:00', 10000, 1500, 500, 12000, now() + interval '30 minutes') RETURNING id")[0]
            .as<std::string>();
    tx.commit();
    return id;
  }

  void Exec(const std::string& sql) {
    auto conn = db_.Connect();
    pqxx::work tx(*conn);
    tx.exec(sql);
    tx.commit();
  }
  std::string Query(const std::string& sql) {
    auto conn = db_.Connect();
    pqxx::work tx(*conn);
    auto rows = tx.exec(sql);
    return rows.empty() || rows[0][0].is_null() ? "" : rows[0][0].as<std::string>();
  }
  std::string BookingStatus(const std::string& id) {
    return Query("SELECT status FROM bookings WHERE id = '" + id + "'");
  }
  int BookedSlots() {
    return std::stoi(
        Query("SELECT booked_slots FROM available_dates WHERE id = '" + std::string(kDate) + "'"));
  }

  static Principal User(const char* id) { return Principal{id, "", Role::kUser}; }
  static Principal Admin() { return Principal{kAdminId, "", Role::kAdmin}; }

  testing::TestDatabase db_;
  TimePoint now_ = std::chrono::system_clock::now();
  std::unique_ptr<LocalGateway> gateway_;
  std::unique_ptr<WebhookProcessor> processor_;
  std::unique_ptr<PaymentService> service_;
};

}  // namespace starry::marketplace
