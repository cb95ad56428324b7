#include "analytics/timestamps.h"

#include <charconv>
#include <cstdio>

namespace starry::analytics {
namespace {

using namespace std::chrono;

// Reads exactly `width` digits at `pos`.
bool Digits(std::string_view text, size_t pos, size_t width, int& out) {
  if (pos + width > text.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

}  // namespace

std::unexpected<Error> ParameterError(std::string_view name, std::string message) {
  Error e(ErrorCode::kInvalidArgument, std::move(message));
  e.details.emplace_back(name);
  return std::unexpected<Error>(std::move(e));
}

std::string FormatTimestamp(Clock::time_point at) {
  auto us = floor<microseconds>(at);
  auto day = floor<days>(us);
  year_month_day ymd(day);
  hh_mm_ss<microseconds> time(us - day);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%06lldZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(time.hours().count()),
                int(time.minutes().count()), int(time.seconds().count()),
                static_cast<long long>(time.subseconds().count()));
  return buf;
}

Result<Clock::time_point> ParseTimestamp(std::string_view name, std::string_view text) {
  auto bad = [&] {
    return ParameterError(name, std::string(name) +
                                    " must be a date (YYYY-MM-DD) or an ISO 8601 timestamp "
                                    "(YYYY-MM-DDTHH:MM:SSZ), not '" +
                                    std::string(text.substr(0, 40)) + "'");
  };
  int y = 0, mo = 0, d = 0;
  if (!Digits(text, 0, 4, y) || text.size() < 10 || text[4] != '-' || !Digits(text, 5, 2, mo) ||
      text[7] != '-' || !Digits(text, 8, 2, d)) {
    return bad();
  }
  year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!ymd.ok() || y < 1970) return bad();
  Clock::time_point at = sys_days(ymd);
  if (text.size() == 10) return at;
  int h = 0, mi = 0, s = 0;
  if (text.size() < 20 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') ||
      !Digits(text, 11, 2, h) || text[13] != ':' || !Digits(text, 14, 2, mi) || text[16] != ':' ||
      !Digits(text, 17, 2, s) || h > 23 || mi > 59 || s > 59) {
    return bad();
  }
  at += hours(h) + minutes(mi) + seconds(s);
  size_t pos = 19;
  if (text[pos] == '.') {
    ++pos;
    int64_t fraction_us = 0;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 6) fraction_us = fraction_us * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0 || digits > 9) return bad();
    for (int i = digits; i < 6; ++i) fraction_us *= 10;
    at += microseconds(fraction_us);
  }
  std::string_view zone = text.substr(pos);
  if (zone == "Z" || zone == "z") return at;
  int oh = 0, om = 0;
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || !Digits(zone, 1, 2, oh) ||
      zone[3] != ':' || !Digits(zone, 4, 2, om) || oh > 14 || om > 59) {
    return bad();
  }
  auto offset = hours(oh) + minutes(om);
  return zone[0] == '+' ? at - offset : at + offset;
}

Result<Clock::time_point> ParseSince(std::string_view name, std::string_view text,
                                     Clock::time_point now) {
  if (text.size() >= 2 && text[0] >= '0' && text[0] <= '9' && text.size() <= 8) {
    char unit = text.back();
    int64_t n = 0;
    auto digits = text.substr(0, text.size() - 1);
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    int64_t minutes_per = unit == 'm'   ? 1
                          : unit == 'h' ? 60
                          : unit == 'd' ? 1440
                          : unit == 'w' ? 10080
                                        : 0;
    if (ec == std::errc() && p == digits.data() + digits.size() && minutes_per > 0) {
      int64_t total = n * minutes_per;
      if (n < 1 || total > 3660LL * 1440) {
        return ParameterError(
            name,
            std::string(name) + " must look back between 1m and 3660d, not " + std::string(text));
      }
      return now - minutes(total);
    }
  }
  auto at = ParseTimestamp(name, text);
  if (!at) {
    return ParameterError(name, std::string(name) +
                                    " must be a look-back (30m, 24h, 7d, 2w) or a date "
                                    "(YYYY-MM-DD) or ISO 8601 timestamp, not '" +
                                    std::string(text.substr(0, 40)) + "'");
  }
  return *at;
}

}  // namespace starry::analytics
