// BookingService against real PostgreSQL with a test clock: every booking rule, each refund
// tier, reschedule, and expiry of unpaid bookings.
#include "marketplace/booking_service.h"

#include <gtest/gtest.h>

#include <regex>

#include "marketplace/availability.h"
#include "tests/marketplace/booking_catalog.h"
#include "tests/support/test_database.h"

namespace starry::marketplace {
namespace {

using namespace std::chrono_literals;

class BookingServiceTest : public ::testing::Test {
 protected:
  BookingServiceTest()
      : conn_(db_.Connect()),
        catalog_(*conn_),
        pool_(db_.conninfo(), {4}),
        bookings_(pool_, [this] { return now_; }) {}

  Principal FanNamed(const std::string& name) {
    return Principal{catalog_.Fan(name + "@fans.test"), name + "@fans.test", Role::kUser};
  }
  NewBooking Request(const starry::testing::TestCelebrity& c, const std::string& date_id,
                     const std::string& time = "10:00") {
    return NewBooking{c.id, c.meeting_type_id, date_id, time, std::nullopt, std::nullopt};
  }
  Booking Book(const Principal& fan, const NewBooking& request) {
    auto b = bookings_.Create(fan, request);
    EXPECT_TRUE(b) << b.error().message;
    return b.value_or(Booking{});
  }
  void ExpectError(const Result<Booking>& r, ErrorCode code, const std::string& field) {
    ASSERT_FALSE(r) << field;
    EXPECT_EQ(r.error().code, code) << r.error().message;
    EXPECT_EQ(r.error().details, std::vector<std::string>{field}) << r.error().message;
  }
  std::string Booked(const std::string& date_id) {
    return catalog_.Scalar("SELECT booked_slots FROM available_dates WHERE id = '" + date_id + "'");
  }

  starry::testing::TestDatabase db_;
  std::unique_ptr<pqxx::connection> conn_;
  starry::testing::BookingCatalog catalog_;
  TimePoint now_ = std::chrono::system_clock::now();
  db::ConnectionPool pool_;
  BookingService bookings_;
};

TEST_F(BookingServiceTest, CreatesAPendingBookingPricedFromTheDatabase) {
  auto star = catalog_.Celebrity("ada");
  auto date = catalog_.Date(star, 10, 3);
  auto fan = FanNamed("fan1");
  NewBooking request = Request(star, date, "17:30");
  request.special_requests = "Bring a pen";
  auto b = Book(fan, request);
  EXPECT_EQ(b.status, "pending");
  EXPECT_EQ(b.price.price_cents, 10000);
  EXPECT_EQ(b.price.platform_fee_cents, 1500);
  EXPECT_EQ(b.price.tax_cents, 500);
  EXPECT_EQ(b.price.total_cents, 12000);
  EXPECT_EQ(b.currency, "USD");
  EXPECT_EQ(b.meeting_time, "17:30");
  EXPECT_EQ(b.city, "Los Angeles");
  EXPECT_EQ(b.special_requests, "Bring a pen");
  EXPECT_TRUE(std::regex_match(b.booking_number, std::regex("BK-20[0-9]{2}-[0-9]{6}")))
      << b.booking_number;
  EXPECT_EQ(Booked(date), "1");
  EXPECT_EQ(catalog_.Scalar("SELECT expires_at - created_at FROM bookings"), "00:30:00");
  // Booking numbers are unique and increasing.
  auto second = Book(FanNamed("fan2"), Request(star, date));
  EXPECT_GT(second.booking_number, b.booking_number);
}

TEST_F(BookingServiceTest, BookingNumbersRestartEachYearAndRunningOutIsAClearError) {
  auto star = catalog_.Celebrity("ada");
  // Far enough ahead to be bookable from next New Year's Day too.
  auto date = catalog_.Date(star, 400, 5);
  const int year = static_cast<int>(
      std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(now_)).year());
  catalog_.Exec("INSERT INTO booking_number_counters (year, last_value) VALUES (" +
                std::to_string(year) + ", 999998)");
  auto last = Book(FanNamed("fan1"), Request(star, date));
  EXPECT_EQ(last.booking_number, "BK-" + std::to_string(year) + "-999999");
  const Principal fan2 = FanNamed("fan2");
  auto r = bookings_.Create(fan2, Request(star, date));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("no booking numbers are left"), std::string::npos);
  EXPECT_EQ(Booked(date), "1") << "the refused booking took no slot";
  EXPECT_EQ(catalog_.Scalar("SELECT count(*) FROM bookings"), "1");

  // New Year's Day (UTC): numbering starts again at 1, gapless.
  now_ = std::chrono::sys_days(std::chrono::year(year + 1) / 1 / 1) + 1s;
  EXPECT_EQ(Book(fan2, Request(star, date)).booking_number,
            "BK-" + std::to_string(year + 1) + "-000001");
  EXPECT_EQ(Book(FanNamed("fan3"), Request(star, date)).booking_number,
            "BK-" + std::to_string(year + 1) + "-000002");
}

TEST_F(BookingServiceTest, EachRuleRefusesWithItsField) {
  auto star = catalog_.Celebrity("ada");
  auto other = catalog_.Celebrity("bob");
  auto unverified = catalog_.Celebrity("cy", false);
  auto ok_date = catalog_.Date(star, 10, 5);
  auto soon = catalog_.Date(star, 6);
  auto blocked = catalog_.Date(star, 11, 5, true);
  auto full = catalog_.Date(star, 12, 1);
  auto other_date = catalog_.Date(other, 10);
  auto unverified_date = catalog_.Date(unverified, 10);
  auto fan = FanNamed("fan");
  catalog_.Exec("UPDATE available_dates SET booked_slots = 1 WHERE id = '" + full + "'");
  const std::string missing = "00000000-0000-4000-8000-000000000000";

  ExpectError(bookings_.Create(fan, Request(star, "nope")), ErrorCode::kInvalidArgument,
              "availableDateId");
  auto r = Request(star, ok_date);
  r.celebrity_id = "'; DROP TABLE bookings; --";
  ExpectError(bookings_.Create(fan, r), ErrorCode::kInvalidArgument, "celebrityId");
  r = Request(star, ok_date);
  r.meeting_type_id = "";
  ExpectError(bookings_.Create(fan, r), ErrorCode::kInvalidArgument, "meetingTypeId");
  for (const char* t : {"", "10", "10:0", "24:00", "10:60", "10:00:30", "ten", "10:00 "}) {
    ExpectError(bookings_.Create(fan, Request(star, ok_date, t)), ErrorCode::kInvalidArgument,
                "time");
  }
  r = Request(star, ok_date);
  r.fan_notes = std::string(kMaxBookingNoteBytes + 1, 'x');
  ExpectError(bookings_.Create(fan, r), ErrorCode::kInvalidArgument, "fanNotes");
  r = Request(star, ok_date);
  r.celebrity_id = missing;
  ExpectError(bookings_.Create(fan, r), ErrorCode::kNotFound, "celebrityId");
  ExpectError(bookings_.Create(fan, Request(unverified, unverified_date)), ErrorCode::kConflict,
              "celebrityId");
  const Principal herself{star.user_id, "ada@stars.test", Role::kCelebrity};
  ExpectError(bookings_.Create(herself, Request(star, ok_date)), ErrorCode::kConflict,
              "celebrityId");
  r = Request(star, ok_date);
  r.meeting_type_id = missing;
  ExpectError(bookings_.Create(fan, r), ErrorCode::kNotFound, "meetingTypeId");
  r.meeting_type_id = other.meeting_type_id;
  ExpectError(bookings_.Create(fan, r), ErrorCode::kInvalidArgument, "meetingTypeId");
  ExpectError(bookings_.Create(fan, Request(star, missing)), ErrorCode::kNotFound,
              "availableDateId");
  ExpectError(bookings_.Create(fan, Request(star, other_date)), ErrorCode::kInvalidArgument,
              "availableDateId");
  ExpectError(bookings_.Create(fan, Request(star, soon)), ErrorCode::kInvalidArgument,
              "availableDateId");
  ExpectError(bookings_.Create(fan, Request(star, ok_date, "09:59")), ErrorCode::kInvalidArgument,
              "time");
  ExpectError(bookings_.Create(fan, Request(star, ok_date, "17:31")),  // ends after 18:00
              ErrorCode::kInvalidArgument, "time");
  ExpectError(bookings_.Create(fan, Request(star, blocked)), ErrorCode::kConflict,
              "availableDateId");
  ExpectError(bookings_.Create(fan, Request(star, full)), ErrorCode::kConflict, "availableDateId");
  catalog_.Exec("UPDATE meeting_types SET is_active = false WHERE id = '" + star.meeting_type_id +
                "'");
  ExpectError(bookings_.Create(fan, Request(star, ok_date)), ErrorCode::kConflict, "meetingTypeId");
  catalog_.Exec("UPDATE meeting_types SET is_active = true");
  EXPECT_EQ(catalog_.Scalar("SELECT count(*) FROM bookings"), "0");
  EXPECT_EQ(catalog_.Scalar("SELECT sum(booked_slots) FROM available_dates"), "1");  // `full`

  // One live booking per fan, celebrity and date.
  Book(fan, Request(star, ok_date));
  ExpectError(bookings_.Create(fan, Request(star, ok_date, "15:00")), ErrorCode::kConflict,
              "availableDateId");
  EXPECT_EQ(Booked(ok_date), "1");
}

TEST_F(BookingServiceTest, TheLeadTimeIsConfigurable) {
  BookingService relaxed(pool_, [this] { return now_; }, {.min_lead_days = 2});
  auto star = catalog_.Celebrity("ada");
  auto date = catalog_.Date(star, 2);
  EXPECT_TRUE(relaxed.Create(FanNamed("f"), Request(star, date)));
  ExpectError(relaxed.Create(FanNamed("g"), Request(star, catalog_.Date(star, 1))),
              ErrorCode::kInvalidArgument, "availableDateId");
}

TEST_F(BookingServiceTest, EachRefundTierWithTheTestClock) {
  auto star = catalog_.Celebrity("ada");
  auto date = catalog_.Date(star, 20, 10);
  struct Case {
    std::chrono::seconds before;
    bool by_celebrity;
    int64_t refund;
  };
  const Case cases[] = {
      {std::chrono::days(7), false, 12000}, {std::chrono::days(7) - 1s, false, 6000},
      {std::chrono::days(3), false, 6000},  {std::chrono::days(3) - 1s, false, 0},
      {std::chrono::hours(2), true, 12000},
  };
  int i = 0;
  for (const auto& c : cases) {
    now_ = std::chrono::system_clock::now();
    auto fan = FanNamed("tier" + std::to_string(i++));
    auto b = Book(fan, Request(star, date));
    catalog_.Exec("UPDATE bookings SET status = 'confirmed' WHERE id = '" + b.id + "'");
    now_ = b.meeting_start - c.before;
    Principal who =
        c.by_celebrity ? Principal{star.user_id, "ada@stars.test", Role::kCelebrity} : fan;
    auto out = bookings_.Cancel(who, b.id, "changed plans");
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_EQ(out->refund_cents, c.refund) << c.before.count();
    EXPECT_TRUE(out->was_confirmed);
    EXPECT_EQ(out->booking.status, "cancelled");
    EXPECT_EQ(out->booking.refund_cents, c.refund);
    EXPECT_EQ(out->booking.cancelled_by, c.by_celebrity ? "celebrity" : "fan");
    EXPECT_EQ(out->booking.cancellation_reason, "changed plans");
  }
  EXPECT_EQ(Booked(date), "0");  // every cancellation gave its slot back
  // An unpaid (pending) booking refunds nothing; a cancelled one cannot be cancelled again.
  now_ = std::chrono::system_clock::now();
  auto fan = FanNamed("pending");
  auto b = Book(fan, Request(star, date));
  auto out = bookings_.Cancel(fan, b.id, std::nullopt);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->refund_cents, 0);
  EXPECT_FALSE(out->was_confirmed);
  auto again = bookings_.Cancel(fan, b.id, std::nullopt);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  // Meeting start is the local date and time in the city's timezone.
  EXPECT_EQ(b.meeting_starts_at.substr(11), "18:00:00Z");  // 10:00 in LA (PST, UTC-8)
}

TEST_F(BookingServiceTest, RescheduleMovesTheSlotAtomically) {
  auto star = catalog_.Celebrity("ada");
  auto from = catalog_.Date(star, 10, 2);
  auto to = catalog_.Date(star, 11, 1);
  auto full = catalog_.Date(star, 12, 1);
  catalog_.Exec("UPDATE available_dates SET booked_slots = 1 WHERE id = '" + full + "'");
  auto fan = FanNamed("fan");
  auto b = Book(fan, Request(star, from));
  auto moved = bookings_.Reschedule(fan, b.id, to, "11:00");
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(moved->available_date_id, to);
  EXPECT_EQ(moved->meeting_time, "11:00");
  EXPECT_EQ(moved->booking_number, b.booking_number);
  EXPECT_EQ(Booked(from), "0");
  EXPECT_EQ(Booked(to), "1");
  // To a full date: refused, nothing moved.
  ExpectError(bookings_.Reschedule(fan, b.id, full, "11:00"), ErrorCode::kConflict,
              "availableDateId");
  EXPECT_EQ(Booked(to), "1");
  EXPECT_EQ(Booked(full), "1");
  // Same date, another time: no slot changes hands.
  auto later = bookings_.Reschedule(fan, b.id, to, "16:00");
  ASSERT_TRUE(later);
  EXPECT_EQ(Booked(to), "1");
  // The rules of booking apply.
  ExpectError(bookings_.Reschedule(fan, b.id, catalog_.Date(star, 3), "11:00"),
              ErrorCode::kInvalidArgument, "availableDateId");
  ExpectError(bookings_.Reschedule(fan, b.id, to, "07:00"), ErrorCode::kInvalidArgument, "time");
  // Somebody else's booking does not exist for them; the celebrity cannot move it either.
  ExpectError(bookings_.Reschedule(FanNamed("other"), b.id, from, "11:00"), ErrorCode::kNotFound,
              "id");
  ExpectError(
      bookings_.Reschedule(Principal{star.user_id, "s", Role::kCelebrity}, b.id, from, "11:00"),
      ErrorCode::kNotFound, "id");
}

TEST_F(BookingServiceTest, UnpaidBookingsExpireAndFreeTheirSlots) {
  auto star = catalog_.Celebrity("ada");
  auto date = catalog_.Date(star, 10, 2);
  auto a = Book(FanNamed("a"), Request(star, date));
  now_ += 10min;
  auto b = Book(FanNamed("b"), Request(star, date));
  EXPECT_EQ(Booked(date), "2");
  catalog_.Exec("UPDATE bookings SET status = 'confirmed' WHERE id = '" + b.id + "'");
  now_ += 21min;  // a is 31 minutes old, b (paid) 21
  auto n = bookings_.ExpireUnpaid();
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(catalog_.Scalar("SELECT status FROM bookings WHERE id = '" + a.id + "'"), "expired");
  EXPECT_EQ(catalog_.Scalar("SELECT status FROM bookings WHERE id = '" + b.id + "'"), "confirmed");
  EXPECT_EQ(Booked(date), "1");
  EXPECT_EQ(*bookings_.ExpireUnpaid(), 0);  // idempotent
  EXPECT_EQ(Booked(date), "1");
  // The fan can book that date again once theirs expired.
  auto fan_a = Principal{a.user_id, "a@fans.test", Role::kUser};
  EXPECT_TRUE(bookings_.Create(fan_a, Request(star, date)));
}

TEST_F(BookingServiceTest, ConfirmedBookingsCompleteWhenTheirMeetingHasEnded) {
  auto star = catalog_.Celebrity("ada");
  auto date = catalog_.Date(star, 10, 5);
  const Principal paid_fan = FanNamed("paid");
  auto paid = Book(paid_fan, Request(star, date, "10:00"));
  auto later = Book(FanNamed("later"), Request(star, date, "11:00"));
  auto unpaid = Book(FanNamed("unpaid"), Request(star, date, "10:00"));
  auto cancelled = Book(FanNamed("cancelled"), Request(star, date, "10:00"));
  catalog_.Exec("UPDATE bookings SET status = 'confirmed' WHERE id IN ('" + paid.id + "', '" +
                later.id + "')");
  catalog_.Exec("UPDATE bookings SET status = 'cancelled' WHERE id = '" + cancelled.id + "'");
  auto status = [&](const Booking& b) {
    return catalog_.Scalar("SELECT status FROM bookings WHERE id = '" + b.id + "'");
  };
  // The meeting type lasts 30 minutes; meeting_start is the local 10:00 in the city's timezone.
  now_ = paid.meeting_start + 29min + 59s;
  EXPECT_EQ(bookings_.CompletePast().value_or(-1), 0);
  EXPECT_EQ(status(paid), "confirmed");
  now_ = paid.meeting_start + 30min;
  EXPECT_EQ(bookings_.CompletePast().value_or(-1), 1);
  EXPECT_EQ(status(paid), "completed");
  EXPECT_EQ(status(later), "confirmed");  // starts an hour later
  EXPECT_EQ(status(cancelled), "cancelled");
  EXPECT_EQ(bookings_.CompletePast().value_or(-1), 0);  // idempotent
  now_ = later.meeting_start + 1h;
  EXPECT_EQ(bookings_.CompletePast().value_or(-1), 1);
  EXPECT_EQ(status(later), "completed");
  EXPECT_NE(status(unpaid), "completed");  // never paid: expires, never completes
  // A completed booking cannot be cancelled any more.
  auto cancel = bookings_.Cancel(paid_fan, paid.id, std::nullopt);
  ASSERT_FALSE(cancel);
  EXPECT_EQ(cancel.error().code, ErrorCode::kConflict);
}

TEST_F(BookingServiceTest, ListIsMineOnlyPagedAndFiltered) {
  auto star = catalog_.Celebrity("ada");
  auto fan = FanNamed("fan");
  for (int d = 10; d < 15; ++d) Book(fan, Request(star, catalog_.Date(star, d)));
  Book(FanNamed("other"), Request(star, catalog_.Date(star, 20)));
  auto page = bookings_.ListMine(fan, std::nullopt, 1, 2);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 5);
  EXPECT_EQ(page->bookings.size(), 2u);
  auto last = bookings_.ListMine(fan, std::nullopt, 3, 2);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->bookings.size(), 1u);
  ASSERT_TRUE(bookings_.Cancel(fan, page->bookings[0].id, std::nullopt));
  auto cancelled = bookings_.ListMine(fan, "cancelled", 1, 20);
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->total, 1);
  for (auto [status, page_no, limit, field] :
       {std::tuple{"paid", 1, 20, "status"}, std::tuple{"", 0, 20, "page"},
        std::tuple{"", 1, 0, "limit"}, std::tuple{"", 1, 101, "limit"}}) {
    auto r = bookings_.ListMine(fan, *status ? std::optional<std::string>(status) : std::nullopt,
                                page_no, limit);
    ASSERT_FALSE(r) << field;
    EXPECT_EQ(r.error().details, std::vector<std::string>{field});
  }
}

TEST_F(BookingServiceTest, MonthAvailabilityPerCity) {
  auto star = catalog_.Celebrity("ada");
  auto date = catalog_.Date(star, 10, 3);
  catalog_.Date(star, 11, 2, true);
  Book(FanNamed("f"), Request(star, date));
  std::string month = catalog_.Scalar(
      "SELECT to_char(date, 'YYYY-MM') FROM available_dates WHERE id = '" + date + "'");
  auto cities = MonthAvailability(pool_, star.id, month);
  ASSERT_TRUE(cities) << cities.error().message;
  ASSERT_EQ(cities->size(), 1u);
  EXPECT_EQ((*cities)[0].city, "Los Angeles");
  bool found = false;
  for (const auto& d : (*cities)[0].dates) {
    if (d.available_date_id == date) {
      found = true;
      EXPECT_EQ(d.free_slots, 2);
      EXPECT_EQ(d.start_time, "10:00");
    } else {
      EXPECT_EQ(d.free_slots, 0);  // blocked
      EXPECT_TRUE(d.is_blocked);
    }
  }
  EXPECT_TRUE(found);
  for (const char* bad : {"2026-13", "2026-1", "26-01", "2026/01", "", "2026-01-01"}) {
    auto r = MonthAvailability(pool_, star.id, bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().details, std::vector<std::string>{"month"});
  }
  auto unknown = MonthAvailability(pool_, "00000000-0000-4000-8000-000000000000", month);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace starry::marketplace
