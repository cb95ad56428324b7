// @brief Test data for booking tests: a celebrity with a meeting type, a city and dates at
// known distances from today (the city's local today), plus fans, written with plain SQL.
#pragma once

#include <string>

#include "db/pq.h"

namespace starry::testing {

struct TestCelebrity {
  std::string id;
  std::string user_id;  // the celebrity's own account
  std::string meeting_type_id;
  std::string availability_id;
};

class BookingCatalog {
 public:
  explicit BookingCatalog(pqxx::connection& conn) : conn_(conn) {}

  // A verified, active celebrity (username `name`) with a 30-minute $100.00 meeting type and an
  // availability in Los Angeles.
  TestCelebrity Celebrity(const std::string& name, bool verified = true) {
    pqxx::work tx(conn_);
    std::string category =
        tx.exec_params1(
              "INSERT INTO categories (slug, name) VALUES ($1, $1) "
              "ON CONFLICT (slug) DO UPDATE SET name = excluded.name RETURNING id",
              "cat-" + name)[0]
            .as<std::string>();
    TestCelebrity c;
    c.user_id = tx.exec_params1(
                      "INSERT INTO users (email, password_hash, role) "
                      "VALUES ($1, 'x', 'celebrity') RETURNING id",
                      name + "@stars.test")[0]
                    .as<std::string>();
    c.id = tx.exec_params1(
                 "INSERT INTO celebrities (user_id, username, display_name, category_id, "
                 "is_verified, profession) VALUES ($1, $2, $3, $4, $5, 'Actor') RETURNING id",
                 c.user_id, name, "Star " + name, category, verified)[0]
               .as<std::string>();
    c.meeting_type_id = tx.exec_params1(
                              "INSERT INTO meeting_types (celebrity_id, name, "
                              "duration_minutes, price_cents) VALUES ($1, 'Coffee', 30, "
                              "10000) RETURNING id",
                              c.id)[0]
                            .as<std::string>();
    c.availability_id =
        tx.exec_params1(
              "INSERT INTO celebrity_availability (celebrity_id, city, country, "
              "country_code, timezone, latitude, longitude) VALUES ($1, 'Los Angeles', "
              "'United States', 'US', 'America/Los_Angeles', 34.05, -118.24) "
              "RETURNING id",
              c.id)[0]
            .as<std::string>();
    tx.commit();
    return c;
  }

  // A date `days_ahead` after Los Angeles' today, 10:00-18:00, with `max_slots` slots.
  std::string Date(const TestCelebrity& c, int days_ahead, int max_slots = 10,
                   bool blocked = false) {
    pqxx::work tx(conn_);
    auto id = tx.exec_params1(
                    "INSERT INTO available_dates (availability_id, date, start_time, end_time, "
                    "max_slots, is_blocked) VALUES ($1, (now() AT TIME ZONE "
                    "'America/Los_Angeles')::date + $2::int, '10:00', '18:00', $3, $4) "
                    "RETURNING id",
                    c.availability_id, days_ahead, max_slots, blocked)[0]
                  .as<std::string>();
    tx.commit();
    return id;
  }

  std::string Fan(const std::string& email) {
    pqxx::work tx(conn_);
    auto id = tx.exec_params1(
                    "INSERT INTO users (email, password_hash) VALUES ($1, 'x') "
                    "RETURNING id",
                    email)[0]
                  .as<std::string>();
    tx.commit();
    return id;
  }

  std::string Scalar(const std::string& sql) {
    pqxx::nontransaction tx(conn_);
    return tx.exec1(sql)[0].as<std::string>("");
  }
  void Exec(const std::string& sql) {
    pqxx::nontransaction tx(conn_);
    tx.exec0(sql);
  }

 private:
  pqxx::connection& conn_;
};

}  // namespace starry::testing
