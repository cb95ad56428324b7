// The change outbox: every insert, update and delete on a table that feeds the search index
// writes the affected celebrity ids in the same transaction and NOTIFYs 'search_outbox'.
#include <gtest/gtest.h>

#include <set>

#include "tests/support/test_database.h"

namespace starry::db {
namespace {

using Ids = std::set<std::string>;

class Listener : public pqxx::notification_receiver {
 public:
  Listener(pqxx::connection& conn, const std::string& channel)
      : pqxx::notification_receiver(conn, channel) {}
  void operator()(const std::string&, int) override { ++received; }
  int received = 0;
};

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    conn_ = db_.Connect();
    listen_conn_ = db_.Connect();
    listener_ = std::make_unique<Listener>(*listen_conn_, "search_outbox");
    fence_ = std::make_unique<Listener>(*listen_conn_, "outbox_test_fence");
    Exec(
        "INSERT INTO categories (id, slug, name) VALUES "
        "('00000000-0000-4000-8000-0000000000c1', 'actors', 'Actors'),"
        "('00000000-0000-4000-8000-0000000000c2', 'musicians', 'Musicians')");
    Exec("INSERT INTO celebrities (id, username, display_name, category_id) VALUES " +
         Celebrity(kA, "alice") + "," + Celebrity(kB, "bob"));
    Exec("INSERT INTO celebrities (id, username, display_name, category_id) VALUES ('" + kX +
         "', 'xavier', 'Xavier', '00000000-0000-4000-8000-0000000000c2')");
    Exec(
        "INSERT INTO celebrity_availability (id, celebrity_id, city, country, country_code, "
        "timezone, latitude, longitude) VALUES ('" +
        kAvailA + "', '" + kA + "', 'Berlin', 'Germany', 'DE', 'Europe/Berlin', 52.5, 13.4)");
    Drain();
  }

  static std::string Celebrity(const std::string& id, const std::string& name) {
    return "('" + id + "', '" + name + "', '" + name + "', '00000000-0000-4000-8000-0000000000c1')";
  }

  void Exec(const std::string& sql) {
    pqxx::work tx(*conn_);
    tx.exec0(sql);
    tx.commit();
  }

  // The distinct celebrity ids written since the last call (then cleared), and whether a
  // notification arrived. PostgreSQL delivers notifications in commit order, so once the fence
  // committed after the DELETE has arrived, every earlier outbox notification has too: no
  // timing window in which a late one could be missed or counted against the next step.
  std::pair<Ids, bool> Drain() {
    Ids ids;
    pqxx::work tx(*conn_);
    for (const auto& row : tx.exec("DELETE FROM search_outbox RETURNING celebrity_id")) {
      ids.insert(row[0].as<std::string>());
    }
    tx.commit();
    Exec("NOTIFY outbox_test_fence");
    const int fences = fence_->received;
    while (fence_->received == fences) {
      if (listen_conn_->await_notification(10, 0) == 0) {
        ADD_FAILURE() << "the fence notification did not arrive within 10 s";
        break;
      }
    }
    const bool notified = listener_->received > notified_before_;
    notified_before_ = listener_->received;
    return {ids, notified};
  }

  void ExpectChange(const std::string& sql, const Ids& expected) {
    Exec(sql);
    auto [ids, notified] = Drain();
    EXPECT_EQ(ids, expected) << sql;
    EXPECT_EQ(notified, !expected.empty()) << sql;
  }

  const std::string kA = "00000000-0000-4000-8000-00000000000a";
  const std::string kB = "00000000-0000-4000-8000-00000000000b";
  const std::string kX = "00000000-0000-4000-8000-0000000000ff";
  const std::string kAvailA = "00000000-0000-4000-8000-0000000000aa";
  starry::testing::TestDatabase db_;
  std::unique_ptr<pqxx::connection> conn_, listen_conn_;
  std::unique_ptr<Listener> listener_, fence_;
  int notified_before_ = 0;
};

TEST_F(OutboxTest, Celebrities) {
  const std::string kNew = "00000000-0000-4000-8000-000000000001";
  ExpectChange("INSERT INTO celebrities (id, username, display_name, category_id) VALUES " +
                   Celebrity(kNew, "newcomer"),
               {kNew});
  ExpectChange("UPDATE celebrities SET bio = 'new bio' WHERE id = '" + kA + "'", {kA});
  ExpectChange("UPDATE celebrities SET is_verified = true WHERE username IN ('alice', 'bob')",
               {kA, kB});
  ExpectChange("DELETE FROM celebrities WHERE id = '" + kNew + "'", {kNew});
  ExpectChange("UPDATE celebrities SET bio = 'x' WHERE false", {});
}

TEST_F(OutboxTest, MeetingTypes) {
  const std::string kM = "00000000-0000-4000-8000-0000000000e1";
  ExpectChange(
      "INSERT INTO meeting_types (id, celebrity_id, name, duration_minutes, price_cents) "
      "VALUES ('" +
          kM + "', '" + kA + "', 'Quick Hello', 15, 5000)",
      {kA});
  ExpectChange("UPDATE meeting_types SET price_cents = 6000 WHERE id = '" + kM + "'", {kA});
  ExpectChange("UPDATE meeting_types SET celebrity_id = '" + kB + "' WHERE id = '" + kM + "'",
               {kA, kB});
  ExpectChange("DELETE FROM meeting_types WHERE id = '" + kM + "'", {kB});
}

TEST_F(OutboxTest, CelebrityAvailability) {
  const std::string kC = "00000000-0000-4000-8000-0000000000a2";
  ExpectChange(
      "INSERT INTO celebrity_availability (id, celebrity_id, city, country, country_code, "
      "timezone, latitude, longitude) VALUES ('" +
          kC + "', '" + kB + "', 'Paris', 'France', 'FR', 'Europe/Paris', 48.9, 2.35)",
      {kB});
  ExpectChange("UPDATE celebrity_availability SET city = 'Lyon' WHERE id = '" + kC + "'", {kB});
  ExpectChange("DELETE FROM celebrity_availability WHERE id = '" + kC + "'", {kB});
}

TEST_F(OutboxTest, AvailableDates) {
  const std::string kD = "00000000-0000-4000-8000-0000000000d1";
  ExpectChange(
      "INSERT INTO available_dates (id, availability_id, date, start_time, end_time, "
      "max_slots) VALUES ('" +
          kD + "', '" + kAvailA + "', '2026-12-05', '10:00', '12:00', 3)",
      {kA});
  ExpectChange("UPDATE available_dates SET booked_slots = 3 WHERE id = '" + kD + "'", {kA});
  ExpectChange("UPDATE available_dates SET is_blocked = true WHERE id = '" + kD + "'", {kA});
  ExpectChange("DELETE FROM available_dates WHERE id = '" + kD + "'", {kA});
}

TEST_F(OutboxTest, Categories) {
  const std::string kC3 = "00000000-0000-4000-8000-0000000000c3";
  ExpectChange("INSERT INTO categories (id, slug, name) VALUES ('" + kC3 + "', 'chefs', 'Chefs')",
               {});
  ExpectChange("UPDATE categories SET name = 'Film & TV' WHERE slug = 'actors'", {kA, kB});
  ExpectChange("UPDATE categories SET sort_order = 7 WHERE slug = 'actors'", {});
  ExpectChange("UPDATE categories SET is_active = false WHERE slug = 'musicians'", {kX});
  ExpectChange("DELETE FROM categories WHERE id = '" + kC3 + "'", {});
}

TEST_F(OutboxTest, CascadingDeleteOfACelebrityNamesIt) {
  Exec(
      "INSERT INTO available_dates (availability_id, date, start_time, end_time, max_slots) "
      "VALUES ('" +
      kAvailA + "', '2026-12-06', '10:00', '12:00', 2)");
  Drain();
  ExpectChange("DELETE FROM celebrities WHERE id = '" + kA + "'", {kA});
}

TEST_F(OutboxTest, ARolledBackChangeWritesNothing) {
  {
    pqxx::work tx(*conn_);
    tx.exec0("UPDATE celebrities SET bio = 'never' WHERE id = '" + kA + "'");
    tx.abort();
  }
  auto [ids, notified] = Drain();
  EXPECT_TRUE(ids.empty());
  EXPECT_FALSE(notified);
}

}  // namespace
}  // namespace starry::db
