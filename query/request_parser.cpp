#include "query/request_parser.h"

#include <rapidjson/document.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <set>

#include "analyzers/utf8.h"
#include "schema/document_schema.h"

namespace starry::query {
namespace {

const std::set<std::string> kMultiValued = {"category", "city", "country"};
const std::set<std::string> kSingular = {
    "q",           "minPrice", "maxPrice", "meetingType", "minRating", "verified", "availableFrom",
    "availableTo", "near",     "radiusKm", "sort",        "page",      "limit"};
constexpr const char* kSorts =
    "relevance, popularity, price_asc, price_desc, rating, newest, distance";

Error Invalid(const std::string& param, const std::string& message) {
  Error e(ErrorCode::kInvalidArgument, param + ": " + message);
  e.details.push_back(param);
  return e;
}

Result<int64_t> ParseInt(const std::string& param, const std::string& text, int64_t lo,
                         int64_t hi) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || text.empty()) {
    return std::unexpected(Invalid(param, "must be a whole number"));
  }
  if (v < lo || v > hi) {
    return std::unexpected(
        Invalid(param, "must be between " + std::to_string(lo) + " and " + std::to_string(hi)));
  }
  return v;
}

Result<double> ParseDouble(const std::string& param, const std::string& text, double lo,
                           double hi) {
  double v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || text.empty() || !std::isfinite(v)) {
    return std::unexpected(Invalid(param, "must be a number"));
  }
  if (v < lo || v > hi) {
    return std::unexpected(Invalid(param, "must be between " + std::to_string(lo).substr(0, 6) +
                                              " and " + std::to_string(hi).substr(0, 8)));
  }
  return v;
}

// YYYY-MM-DD -> days since the epoch.
Result<std::chrono::sys_days> ParseDate(const std::string& param, const std::string& text) {
  int y = 0;
  unsigned m = 0, d = 0;
  // from_chars would take a sign ("-001-01-01"): every other character must be a digit.
  bool digits = text.size() == 10 && text[4] == '-' && text[7] == '-';
  for (size_t i = 0; digits && i < text.size(); ++i) {
    digits = i == 4 || i == 7 || (text[i] >= '0' && text[i] <= '9');
  }
  if (digits) {
    auto ok = [&](size_t at, size_t len, auto& out) {
      auto [p, ec] = std::from_chars(text.data() + at, text.data() + at + len, out);
      return ec == std::errc() && p == text.data() + at + len;
    };
    if (ok(0, 4, y) && ok(5, 2, m) && ok(8, 2, d)) {
      std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m),
                                      std::chrono::day(d)};
      if (ymd.ok()) return std::chrono::sys_days(ymd);
    }
  }
  return std::unexpected(Invalid(param, "must be a date as YYYY-MM-DD"));
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

Status CheckText(const std::string& param, const std::string& value, size_t max_bytes) {
  if (!analyzers::IsValidUtf8(value)) return std::unexpected(Invalid(param, "is not valid UTF-8"));
  if (value.size() > max_bytes) {
    return std::unexpected(
        Invalid(param, "is longer than " + std::to_string(max_bytes) + " bytes"));
  }
  return {};
}

}  // namespace

Result<SearchRequest> ParseSearchParams(const Params& params) {
  SearchRequest r;
  for (const auto& [name, value] : params) {
    if (!analyzers::IsValidUtf8(name)) {  // not echoed: it would not survive the JSON either
      return std::unexpected(Invalid("query", "a parameter name is not valid UTF-8"));
    }
    if (!kMultiValued.contains(name) && !kSingular.contains(name)) {
      return std::unexpected(Invalid(name, "is not a search parameter"));
    }
    if (kSingular.contains(name) && params.count(name) > 1) {
      return std::unexpected(Invalid(name, "may be given only once"));
    }
    if (auto s = CheckText(name, value, name == "q" ? kMaxQueryBytes : 100); !s) {
      return std::unexpected(s.error());
    }
  }
  auto get = [&](const std::string& name) -> std::optional<std::string> {
    auto it = params.find(name);
    if (it == params.end()) return std::nullopt;
    return it->second;
  };
  if (auto q = get("q")) r.text = *q;
  for (auto [it, end] = params.equal_range("category"); it != end; ++it) {
    r.categories.push_back(Lower(it->second));
  }
  for (auto [it, end] = params.equal_range("city"); it != end; ++it) {
    r.cities.push_back(it->second);
  }
  for (auto [it, end] = params.equal_range("country"); it != end; ++it) {
    std::string code = Lower(it->second);
    if (code.size() != 2 || !std::isalpha(static_cast<unsigned char>(code[0])) ||
        !std::isalpha(static_cast<unsigned char>(code[1]))) {
      return std::unexpected(Invalid("country", "must be a two-letter ISO country code"));
    }
    r.countries.push_back(code);
  }
  if (auto v = get("minPrice")) {
    auto dollars = ParseInt("minPrice", *v, 0, 10'000'000);
    if (!dollars) return std::unexpected(dollars.error());
    r.min_price_cents = *dollars * 100;
  }
  if (auto v = get("maxPrice")) {
    auto dollars = ParseInt("maxPrice", *v, 0, 10'000'000);
    if (!dollars) return std::unexpected(dollars.error());
    r.max_price_cents = *dollars * 100;
  }
  if (r.min_price_cents && r.max_price_cents && *r.min_price_cents > *r.max_price_cents) {
    return std::unexpected(Invalid("minPrice", "must not be greater than maxPrice"));
  }
  if (auto v = get("meetingType")) {
    std::string tier = Lower(*v);
    for (int t = 0; t < 3; ++t) {
      if (tier == schema::kTierNames[t]) r.meeting_tier = t;
    }
    if (!r.meeting_tier) {
      return std::unexpected(Invalid("meetingType", "must be one of quick, standard, premium"));
    }
  }
  if (auto v = get("minRating")) {
    auto rating = ParseDouble("minRating", *v, 0, 5);
    if (!rating) return std::unexpected(rating.error());
    r.min_rating = *rating;
  }
  if (auto v = get("verified")) {
    if (*v != "true" && *v != "false") {
      return std::unexpected(Invalid("verified", "must be true or false"));
    }
    r.verified = *v == "true";
  }
  std::optional<std::chrono::sys_days> from, to;
  if (auto v = get("availableFrom")) {
    auto d = ParseDate("availableFrom", *v);
    if (!d) return std::unexpected(d.error());
    from = *d;
  }
  if (auto v = get("availableTo")) {
    auto d = ParseDate("availableTo", *v);
    if (!d) return std::unexpected(d.error());
    to = *d;
  }
  if (from && !to) to = from;
  if (to && !from) from = to;
  if (from) {
    if (*to < *from) {
      return std::unexpected(Invalid("availableTo", "must not be before availableFrom"));
    }
    if ((*to - *from).count() > kMaxDateRangeDays) {
      return std::unexpected(Invalid(
          "availableTo",
          "may be at most " + std::to_string(kMaxDateRangeDays) + " days after availableFrom"));
    }
    r.available_from = schema::CompactDate(*from);
    r.available_to = schema::CompactDate(*to);
  }
  if (auto v = get("near")) {
    auto comma = v->find(',');
    if (comma == std::string::npos) {
      return std::unexpected(Invalid("near", "must be latitude,longitude"));
    }
    auto lat = ParseDouble("near", v->substr(0, comma), -90, 90);
    auto lon = ParseDouble("near", v->substr(comma + 1), -180, 180);
    if (!lat || !lon) {
      return std::unexpected(Invalid("near", "must be latitude,longitude in degrees"));
    }
    r.near = GeoFilter{*lat, *lon, 50};
  }
  if (auto v = get("radiusKm")) {
    if (!r.near) return std::unexpected(Invalid("radiusKm", "needs near=latitude,longitude"));
    auto km = ParseDouble("radiusKm", *v, 0.1, 20000);
    if (!km) return std::unexpected(km.error());
    r.near->radius_km = *km;
  }
  r.sort = r.text.empty() ? SortOrder::kPopularity : SortOrder::kRelevance;
  if (auto v = get("sort")) {
    static const std::pair<const char*, SortOrder> kNames[] = {
        {"relevance", SortOrder::kRelevance}, {"popularity", SortOrder::kPopularity},
        {"price_asc", SortOrder::kPriceAsc},  {"price_desc", SortOrder::kPriceDesc},
        {"rating", SortOrder::kRating},       {"newest", SortOrder::kNewest},
        {"distance", SortOrder::kDistance}};
    bool known = false;
    for (const auto& [name, order] : kNames) {
      if (*v == name) {
        r.sort = order;
        known = true;
      }
    }
    if (!known) return std::unexpected(Invalid("sort", std::string("must be one of ") + kSorts));
    if (r.sort == SortOrder::kDistance && !r.near) {
      return std::unexpected(Invalid("sort", "distance needs near=latitude,longitude"));
    }
  }
  if (auto v = get("limit")) {
    auto limit = ParseInt("limit", *v, 1, kMaxLimit);
    if (!limit) return std::unexpected(limit.error());
    r.limit = static_cast<int>(*limit);
  }
  if (auto v = get("page")) {
    auto page = ParseInt("page", *v, 1, kMaxResultDepth);
    if (!page) return std::unexpected(page.error());
    r.page = static_cast<int>(*page);
  }
  if (static_cast<int64_t>(r.page) * r.limit > kMaxResultDepth) {
    return std::unexpected(Invalid(
        "page", "results deeper than " + std::to_string(kMaxResultDepth) + " are not served"));
  }
  return r;
}

Result<SuggestRequest> ParseSuggestParams(const Params& params) {
  for (const char* name : {"sort", "page"}) {
    if (params.contains(name)) {
      return std::unexpected(Invalid(name, "is not accepted by suggestions"));
    }
  }
  Params rest = params;
  rest.erase("limit");
  auto parsed = ParseSearchParams(rest);  // q and the filters
  if (!parsed) return std::unexpected(parsed.error());
  SuggestRequest r;
  r.text = std::exchange(parsed->text, "");
  r.filters = std::move(*parsed);
  if (r.text.find_first_not_of(" \t") == std::string::npos) {
    return std::unexpected(Invalid("q", "is required"));
  }
  if (params.count("limit") > 1) {
    return std::unexpected(Invalid("limit", "may be given only once"));
  }
  if (auto it = params.find("limit"); it != params.end()) {
    auto limit = ParseInt("limit", it->second, 1, kMaxSuggestions);
    if (!limit) return std::unexpected(limit.error());
    r.limit = static_cast<int>(*limit);
  }
  return r;
}

Result<SearchRequest> ParseSearchJson(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    return std::unexpected(Invalid("body", "must be a JSON object"));
  }
  Params params;
  for (const auto& m : doc.GetObject()) {
    std::string name(m.name.GetString(), m.name.GetStringLength());
    auto add = [&](const rapidjson::Value& v) -> Status {
      if (v.IsString()) {
        params.emplace(name, std::string(v.GetString(), v.GetStringLength()));
      } else if (v.IsBool()) {
        params.emplace(name, v.GetBool() ? "true" : "false");
      } else if (v.IsInt64()) {
        params.emplace(name, std::to_string(v.GetInt64()));
      } else if (v.IsNumber()) {
        char buf[64];
        snprintf(buf, sizeof buf, "%.10g", v.GetDouble());
        params.emplace(name, buf);
      } else {
        return std::unexpected(Invalid(name, "has the wrong type"));
      }
      return {};
    };
    if (m.value.IsNull()) continue;
    if (m.value.IsArray()) {
      if (!kMultiValued.contains(name)) {
        return std::unexpected(Invalid(name, "takes a single value, not an array"));
      }
      for (const auto& v : m.value.GetArray()) {
        if (auto s = add(v); !s) return std::unexpected(s.error());
      }
    } else if (m.value.IsObject()) {
      return std::unexpected(Invalid(name, "has the wrong type"));
    } else if (auto s = add(m.value); !s) {
      return std::unexpected(s.error());
    }
  }
  return ParseSearchParams(params);
}

}  // namespace starry::query
