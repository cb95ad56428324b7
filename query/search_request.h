// @brief What a search asks for: text, filters, sort and page, validated (see request_parser.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace starry::query {

enum class SortOrder {
  kRelevance,
  kPopularity,
  kPriceAsc,
  kPriceDesc,
  kRating,
  kNewest,
  kDistance
};

struct GeoFilter {
  double latitude = 0, longitude = 0;
  double radius_km = 50;
};

struct SearchRequest {
  std::string text;                     // q; empty for browsing
  std::vector<std::string> categories;  // slugs
  std::vector<std::string> cities;      // city keys ("los-angeles,us") or plain names
  std::vector<std::string> countries;   // ISO codes, lower case
  std::optional<int64_t> min_price_cents, max_price_cents;
  std::optional<int> meeting_tier;  // schema::MeetingTier
  std::optional<double> min_rating;
  std::optional<bool> verified;
  std::optional<std::string> available_from, available_to;  // YYYYMMDD
  std::optional<GeoFilter> near;
  SortOrder sort = SortOrder::kPopularity;
  int page = 1;
  int limit = 20;
};

inline constexpr int kMaxSuggestions = 10;
inline constexpr int kDefaultSuggestions = 8;

struct SuggestRequest {
  std::string text;                 // required, up to kMaxQueryBytes
  int limit = kDefaultSuggestions;  // celebrities, 1..kMaxSuggestions
  SearchRequest filters;            // the browse filters (text, sort and paging unused)
};

inline constexpr int kMaxLimit = 100;
inline constexpr int kMaxResultDepth = 10000;  // page * limit
inline constexpr size_t kMaxQueryBytes = 200;
inline constexpr int kMaxDateRangeDays = 366;

}  // namespace starry::query
