#include "indexer/document_builder.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "schema/document_schema.h"

namespace starry::indexer {
namespace {

using schema::TextField;

// Xapian refuses terms over 245 bytes; nothing a person searches for is that long.
constexpr size_t kMaxTermBytes = 200;

std::string_view Prefix(TextField field) {
  for (const auto& spec : schema::kTextFields) {
    if (spec.field == field) return spec.prefix;
  }
  return "";
}

void AddText(Xapian::Document& doc, const analyzers::Analyzer& analyzer, TextField field,
             std::string_view text, bool positional) {
  std::string prefix(Prefix(field));
  for (const auto& t : analyzer.AnalyzeForIndex(text)) {
    if (t.term.size() > kMaxTermBytes) continue;
    if (positional) {
      doc.add_posting(prefix + t.term, t.position + 1);
    } else {
      doc.add_term(prefix + t.term);
    }
  }
}

std::string Join(const std::set<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += '\n';
    out += s;
  }
  return out;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

}  // namespace

std::string DocumentBuilder::IdTerm(std::string_view id) {
  return std::string(schema::kIdPrefix) + std::string(id);
}

double PopularityScore(const CelebrityRecord& r) {
  double rating_weight =
      r.reviews > 0 ? r.rating * std::min(1.0, std::log1p(r.reviews) / 5.0) : 0.0;
  return std::log1p(static_cast<double>(r.bookings)) + 0.3 * rating_weight;
}

Xapian::Document DocumentBuilder::Build(const CelebrityRecord& r) const {
  Xapian::Document doc;
  doc.add_boolean_term(IdTerm(r.id));
  doc.add_boolean_term(std::string(schema::kUsernamePrefix) + r.username);

  AddText(doc, analyzer_, TextField::kName, r.display_name, /*positional=*/true);
  // How many words the name has, so that a query naming exactly this person ("Björk") can
  // rank above longer names containing the same words ("Stefan Björk").
  doc.add_boolean_term(std::string(schema::kNameWordsPrefix) +
                       std::to_string(analyzer_.AnalyzeQuery(r.display_name).size()));
  // The first word's forms: names are typed from their start, so suggestions rank a prefix of
  // the first word above the same prefix of a later one.
  for (const auto& t : analyzer_.AnalyzeForIndex(r.display_name)) {
    if (t.position == 0) doc.add_boolean_term(std::string(schema::kNameFirstPrefix) + t.term);
  }
  AddText(doc, analyzer_, TextField::kUsername, r.username, false);
  AddText(doc, analyzer_, TextField::kProfession, r.profession, false);
  AddText(doc, analyzer_, TextField::kCategory, r.category_name, false);
  for (const auto& city : r.cities) {
    AddText(doc, analyzer_, TextField::kCity, city.city, false);
  }
  AddText(doc, analyzer_, TextField::kBio, r.bio, false);

  doc.add_boolean_term(std::string(schema::kCategoryPrefix) + r.category_slug);
  if (r.verified) doc.add_boolean_term(std::string(schema::kVerifiedTerm));

  std::set<std::string> city_keys, countries;  // "key\tlabel" lines for facets
  Xapian::LatLongCoords coords;
  for (const auto& city : r.cities) {
    std::string key = schema::CityKey(analyzer_.Fold(city.city), city.country_code);
    std::string country = Lower(city.country_code);
    city_keys.insert(key + "\t" + city.city);
    countries.insert(country + "\t" + city.country);
    doc.add_boolean_term(std::string(schema::kCityPrefix) + key);
    doc.add_boolean_term(std::string(schema::kCountryPrefix) + country);
    coords.append(Xapian::LatLongCoord(city.latitude, city.longitude));
    for (const auto& date : city.dates) {
      doc.add_boolean_term(std::string(schema::kCityDatePrefix) + key + "@" + date.date);
      doc.add_boolean_term(std::string(schema::kDatePrefix) + date.date);
    }
  }

  double min_price = std::numeric_limits<double>::infinity();
  double tier_price[3] = {min_price, min_price, min_price};
  for (const auto& m : r.meeting_types) {
    auto tier = static_cast<int>(schema::TierForDuration(m.duration_minutes));
    doc.add_boolean_term(std::string(schema::kMeetingTypePrefix) +
                         std::string(schema::kTierNames[tier]));
    double price = static_cast<double>(m.price_cents);
    min_price = std::min(min_price, price);
    tier_price[tier] = std::min(tier_price[tier], price);
  }
  if (!r.meeting_types.empty()) {
    doc.add_value(schema::kMinPriceSlot, Xapian::sortable_serialise(min_price));
  }
  for (int t = 0; t < 3; ++t) {
    if (std::isfinite(tier_price[t])) {
      doc.add_value(schema::kTierPriceSlot + t, Xapian::sortable_serialise(tier_price[t]));
    }
  }
  doc.add_value(schema::kRatingSlot, Xapian::sortable_serialise(r.rating));
  doc.add_value(schema::kBookingsSlot, Xapian::sortable_serialise(static_cast<double>(r.bookings)));
  doc.add_value(schema::kReviewsSlot, Xapian::sortable_serialise(static_cast<double>(r.reviews)));
  doc.add_value(schema::kCreatedAtSlot,
                Xapian::sortable_serialise(static_cast<double>(r.created_at)));
  doc.add_value(schema::kPopularitySlot, Xapian::sortable_serialise(PopularityScore(r)));
  doc.add_value(schema::kCategorySlot, r.category_slug + "\t" + r.category_name);
  doc.add_value(schema::kVerifiedSlot, r.verified ? "1" : "0");
  doc.add_value(schema::kCountriesSlot, Join(countries));
  doc.add_value(schema::kCitiesSlot, Join(city_keys));
  if (!coords.empty()) doc.add_value(schema::kCoordinatesSlot, coords.serialise());

  doc.set_data(CardJson(r, analyzer_));
  return doc;
}

std::string CardJson(const CelebrityRecord& r, const analyzers::Analyzer& analyzer) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("id");
  w.String(r.id);
  w.Key("username");
  w.String(r.username);
  w.Key("displayName");
  w.String(r.display_name);
  w.Key("profession");
  w.String(r.profession);
  w.Key("category");
  w.String(r.category_name);
  w.Key("categorySlug");
  w.String(r.category_slug);
  w.Key("profilePhoto");
  if (r.profile_photo.empty()) {
    w.Null();
  } else {
    w.String(r.profile_photo);
  }
  w.Key("averageRating");
  w.Double(std::round(r.rating * 100) / 100);
  w.Key("totalReviews");
  w.Int64(r.reviews);
  w.Key("totalBookings");
  w.Int64(r.bookings);
  w.Key("isVerified");
  w.Bool(r.verified);
  w.Key("createdAt");
  w.Int64(r.created_at);
  w.Key("meetingTypes");
  w.StartArray();
  for (const auto& m : r.meeting_types) {
    w.StartObject();
    w.Key("id");
    w.String(m.id);
    w.Key("name");
    w.String(m.name);
    w.Key("durationMinutes");
    w.Int(m.duration_minutes);
    w.Key("priceCents");
    w.Int64(m.price_cents);
    w.Key("currency");
    w.String(m.currency);
    w.EndObject();
  }
  w.EndArray();
  w.Key("availability");
  w.StartArray();
  for (const auto& c : r.cities) {
    w.StartObject();
    w.Key("city");
    w.String(c.city);
    w.Key("country");
    w.String(c.country);
    w.Key("countryCode");
    w.String(c.country_code);
    w.Key("cityKey");
    w.String(schema::CityKey(analyzer.Fold(c.city), c.country_code));
    w.Key("latitude");
    w.Double(c.latitude);
    w.Key("longitude");
    w.Double(c.longitude);
    w.Key("availableDatesCount");
    w.Int(static_cast<int>(c.dates.size()));
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buf.GetString();
}

}  // namespace starry::indexer
