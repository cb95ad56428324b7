// @brief One celebrity as the index needs it: the row, its category, active meeting types and
// active cities with their bookable dates.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace starry::indexer {

struct MeetingTypeRecord {
  std::string id, name, currency;
  int duration_minutes = 0;
  int64_t price_cents = 0;
};

struct BookableDate {
  std::string date;  // YYYYMMDD, the city's local date
  int free_slots = 0;
};

struct CityRecord {
  std::string id, city, country, country_code, timezone;
  double latitude = 0, longitude = 0;
  std::vector<BookableDate> dates;  // today or later (local), unblocked, with a free slot
};

struct CelebrityRecord {
  std::string id, username, display_name, profession, bio, category_slug, category_name;
  std::string profile_photo;  // empty when none
  double rating = 0;
  int64_t reviews = 0, bookings = 0, created_at = 0;  // created_at: unix seconds
  bool verified = false;
  std::vector<MeetingTypeRecord> meeting_types;
  std::vector<CityRecord> cities;
};

}  // namespace starry::indexer
