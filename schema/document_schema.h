// @brief The Xapian document schema shared by indexer/ (writes it) and query/ (reads it):
// term prefixes, value slots and how composite terms are spelled. Neither side includes the
// other; both include this.
#pragma once

#include <xapian.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace starry::schema {

// Bumped whenever documents change shape; stored in the index's metadata, and an index of
// another version is rebuilt rather than read.
inline constexpr int kSchemaVersion = 4;

// The id term of a celebrity's document: "Q" + uuid.
inline constexpr std::string_view kIdPrefix = "Q";
// The username of a celebrity, exactly: "XUSER" + username (profile lookups).
inline constexpr std::string_view kUsernamePrefix = "XUSER";

// Free-text fields, each under its own prefix, from the highest weight to the lowest.
enum class TextField { kName, kUsername, kProfession, kCategory, kCity, kBio };
struct TextFieldSpec {
  TextField field;
  std::string_view prefix;
  double weight;    // query-time scale for matches in this field
  bool in_lexicon;  // its terms are candidates for typo-tolerant matching
};
inline constexpr TextFieldSpec kTextFields[] = {
    {TextField::kName, "N", 10.0, true},      {TextField::kUsername, "U", 6.0, false},
    {TextField::kProfession, "P", 3.0, true}, {TextField::kCategory, "K", 2.5, true},
    {TextField::kCity, "C", 2.0, true},       {TextField::kBio, "B", 1.0, false},
};

// Boolean filter terms.
inline constexpr std::string_view kCategoryPrefix = "XCAT";     // + category slug
inline constexpr std::string_view kCityPrefix = "XCITY";        // + CityKey
inline constexpr std::string_view kCountryPrefix = "XCC";       // + lower-case ISO code
inline constexpr std::string_view kVerifiedTerm = "XVERIFIED";  // present when verified
inline constexpr std::string_view kMeetingTypePrefix = "XMT";   // + MeetingTier name
inline constexpr std::string_view kDatePrefix = "XDATE";        // + YYYYMMDD, any city
inline constexpr std::string_view kCityDatePrefix = "XCD";      // + CityKey + "@" + YYYYMMDD
inline constexpr std::string_view kNameWordsPrefix = "XNW";     // + how many words the name has
inline constexpr std::string_view kNameFirstPrefix = "XNF";     // + a term of the name's first word

// A meeting type's tier, from its duration: quick (<= 15 min), standard (<= 30), premium.
enum class MeetingTier { kQuick = 0, kStandard = 1, kPremium = 2 };
inline constexpr std::string_view kTierNames[] = {"quick", "standard", "premium"};
inline MeetingTier TierForDuration(int minutes) {
  return minutes <= 15 ? MeetingTier::kQuick
                       : (minutes <= 30 ? MeetingTier::kStandard : MeetingTier::kPremium);
}

// Value slots. Numbers are Xapian::sortable_serialise'd.
enum Slot : Xapian::valueno {
  kMinPriceSlot = 0,     // lowest active meeting type price, cents
  kTierPriceSlot = 1,    // + MeetingTier: that tier's lowest price, cents (absent: no such tier)
  kRatingSlot = 4,       // average rating 0-5
  kBookingsSlot = 5,     // total bookings
  kCreatedAtSlot = 6,    // unix seconds
  kCoordinatesSlot = 7,  // the cities' (lat, lon) as consecutive sortable_serialise'd pairs
  kCategorySlot = 8,     // "slug\tName" (facet counts and labels)
  kCountriesSlot = 9,    // '\n'-joined "code\tCountry name" of the cities (facets)
  kCitiesSlot = 10,      // '\n'-joined "city key\tCity name" (facets)
  kPopularitySlot = 11,  // popularity score (bookings and rating), the browse order
  kReviewsSlot = 12,     // total reviews
  kVerifiedSlot = 13,    // "1" when verified, else "0" (facet counts)
};

// "Los Angeles", "US" -> "los-angeles,us": a city's identity in terms and facets. `folded_name`
// is the analyzer's folded form of the name.
inline std::string CityKey(std::string_view folded_name, std::string_view country_code) {
  std::string key;
  for (char c : folded_name) key += (c == ' ' ? '-' : c);
  key += ',';
  for (char c : country_code) key += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return key;
}

// A date as date terms spell it: YYYYMMDD.
inline std::string CompactDate(std::chrono::sys_days day) {
  std::chrono::year_month_day ymd(day);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}
// The inverse of CompactDate for a well-formed YYYYMMDD.
inline std::chrono::sys_days FromCompactDate(std::string_view s) {
  auto number = [&](size_t at, size_t len) {
    int v = 0;
    for (size_t i = at; i < at + len; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  return std::chrono::sys_days(std::chrono::year_month_day(
      std::chrono::year(number(0, 4)), std::chrono::month(static_cast<unsigned>(number(4, 2))),
      std::chrono::day(static_cast<unsigned>(number(6, 2)))));
}

// Metadata keys stored in the index.
inline constexpr std::string_view kMetaSchemaVersion = "starry.schema_version";
inline constexpr std::string_view kMetaBuiltAt = "starry.built_at";
// The change log incremental updates keep, so that readers holding per-document data in memory
// (query/columns.h) refresh just the documents a commit touched: kMetaChangeSeq is the number of
// the last change set, kMetaChangesPrefix + number its docids ("12,40,7"). The newest
// kChangeLogKept sets are kept; a reader further behind rebuilds.
inline constexpr std::string_view kMetaChangeSeq = "starry.change_seq";
inline constexpr std::string_view kMetaChangesPrefix = "starry.changes.";
inline constexpr uint64_t kChangeLogKept = 4096;

}  // namespace starry::schema
