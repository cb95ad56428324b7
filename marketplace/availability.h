// @brief A celebrity's bookable dates for one month, per city (the public availability view).
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "db/connection_pool.h"

namespace starry::marketplace {

struct AvailableDay {
  std::string available_date_id;
  std::string date;        // YYYY-MM-DD, local to the city
  std::string start_time;  // HH:MM
  std::string end_time;    // HH:MM
  int max_slots = 0;
  int free_slots = 0;  // max - booked, 0 when blocked
  bool is_blocked = false;
};

struct CityAvailability {
  std::string availability_id;
  std::string city;
  std::string country;
  std::string country_code;
  std::string timezone;
  std::vector<AvailableDay> dates;
};

// The dates of `month` ("YYYY-MM") for the active celebrity `celebrity_id`, for each of its
// active cities (cities without a date that month are listed with none).
// Errors: kInvalidArgument (celebrity id not a UUID: "id"; month malformed: "month");
// kNotFound (no such active celebrity); kUnavailable.
Result<std::vector<CityAvailability>> MonthAvailability(db::ConnectionPool& pool,
                                                        const std::string& celebrity_id,
                                                        const std::string& month);

}  // namespace starry::marketplace
