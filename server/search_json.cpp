#include "server/search_json.h"

#include <rapidjson/document.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <string_view>

#include "schema/document_schema.h"

namespace starry::server {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

std::string Quoted(const std::string& s) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.String(s);
  return buf.GetString();
}

std::string Dashed(const std::string& yyyymmdd) {
  return yyyymmdd.substr(0, 4) + "-" + yyyymmdd.substr(4, 2) + "-" + yyyymmdd.substr(6, 2);
}

void Strings(Writer& w, const char* key, const std::vector<std::string>& values) {
  w.Key(key);
  w.StartArray();
  for (const auto& v : values) w.String(v);
  w.EndArray();
}

// [{<value_key>: value, <label_key>: label, "count": n}, ...]
void WriteBuckets(Writer& w, const std::vector<query::FacetBucket>& buckets, const char* value_key,
                  const char* label_key) {
  w.StartArray();
  for (const auto& b : buckets) {
    w.StartObject();
    w.Key(value_key);
    w.String(b.value);
    w.Key(label_key);
    w.String(b.label);
    w.Key("count");
    w.Int64(b.count);
    w.EndObject();
  }
  w.EndArray();
}

// The fields of a card a suggestion shows, written as the card has them. A SAX pass that stops
// once it has them all: they come before the card's meeting types and cities, most of its bytes.
class SuggestionFields : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, SuggestionFields> {
 public:
  static constexpr const char* kKeys[] = {"id",       "username",     "displayName", "profession",
                                          "category", "profilePhoto", "isVerified"};
  explicit SuggestionFields(Writer& w) : w_(w) {}

  bool StartObject() {
    ++depth_;
    return true;
  }
  bool EndObject(rapidjson::SizeType) {
    --depth_;
    return true;
  }
  bool StartArray() {
    ++depth_;
    return true;
  }
  bool EndArray(rapidjson::SizeType) {
    --depth_;
    return true;
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    wanted_ = false;
    if (depth_ != 1) return true;
    for (const char* key : kKeys) {
      if (std::string_view(key) == std::string_view(s, n)) wanted_ = true;
    }
    if (wanted_) key_.assign(s, n);
    return true;
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    return Value([&] { w_.String(s, n); });
  }
  bool Null() {
    return Value([&] { w_.Null(); });
  }
  bool Bool(bool b) {
    return Value([&] { w_.Bool(b); });
  }
  bool Int(int i) {
    return Value([&] { w_.Int(i); });
  }
  bool Uint(unsigned u) {
    return Value([&] { w_.Uint(u); });
  }
  bool Int64(int64_t i) {
    return Value([&] { w_.Int64(i); });
  }
  bool Uint64(uint64_t u) {
    return Value([&] { w_.Uint64(u); });
  }
  bool Double(double d) {
    return Value([&] { w_.Double(d); });
  }

 private:
  // A wanted key's scalar value, written with its key (an object or array there is skipped).
  template <typename Write>
  bool Value(Write write) {
    if (depth_ != 1 || !wanted_) return true;
    w_.Key(key_.data(), static_cast<rapidjson::SizeType>(key_.size()));
    write();
    wanted_ = false;
    // Stopping early reads as a parse error to rapidjson; everything wanted is written.
    return ++found_ < std::size(kKeys);
  }

  Writer& w_;
  int depth_ = 0;
  bool wanted_ = false;
  std::string key_;
  size_t found_ = 0;
};

}  // namespace

std::string CategoriesJson(const query::SearchResult& result) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("categories");
  std::vector<query::FacetBucket> none;
  const std::vector<query::FacetBucket>* buckets = &none;
  for (const auto& f : result.facets) {
    if (f.name == "category") buckets = &f.buckets;
  }
  WriteBuckets(w, *buckets, "slug", "name");
  w.EndObject();
  return buf.GetString();
}

std::string SuggestionsJson(const query::SuggestRequest& request,
                            const query::SuggestResult& result) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("query");
  w.String(request.text);
  w.Key("celebrities");
  w.StartArray();
  for (const auto& s : result.celebrities) {
    w.StartObject();
    SuggestionFields fields(w);
    rapidjson::Reader reader;
    rapidjson::MemoryStream card(s.card_json.data(), s.card_json.size());
    reader.Parse(card, fields);  // cards are the indexer's JSON objects
    w.Key("highlight");
    w.String(s.highlight);
    w.EndObject();
  }
  w.EndArray();
  auto groups = [&](const char* name, const std::vector<query::GroupSuggestion>& items, bool city) {
    w.Key(name);
    w.StartArray();
    for (const auto& g : items) {
      w.StartObject();
      w.Key(city ? "city" : "slug");
      w.String(g.value);
      w.Key("name");
      w.String(g.label);
      if (city) {
        w.Key("country");
        w.String(g.country);
      }
      w.Key("count");
      w.Int64(g.count);
      w.Key("highlight");
      w.String(g.highlight);
      w.EndObject();
    }
    w.EndArray();
  };
  groups("categories", result.categories, false);
  groups("cities", result.cities, true);
  w.Key("tookMs");
  w.Double(std::round(result.took_ms * 1000) / 1000);
  w.EndObject();
  return buf.GetString();
}

std::string CardWithHighlight(const query::Hit& hit) {
  std::string card = hit.card_json;
  if (card.empty() || card.back() != '}') return card;
  card.pop_back();
  card += ",\"highlight\":" + Quoted(hit.highlight);
  if (hit.distance_km >= 0) {
    char buf[48];
    snprintf(buf, sizeof buf, ",\"distanceKm\":%.1f", hit.distance_km);
    card += buf;
  }
  return card + "}";
}

std::string SearchResultJson(const query::SearchRequest& r, const query::SearchResult& result) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("celebrities");
  w.StartArray();
  for (const auto& hit : result.hits) {
    std::string card = CardWithHighlight(hit);
    w.RawValue(card.c_str(), card.size(), rapidjson::kObjectType);
  }
  w.EndArray();
  w.Key("pagination");
  w.StartObject();
  w.Key("page");
  w.Int(r.page);
  w.Key("limit");
  w.Int(r.limit);
  w.Key("total");
  w.Int64(result.total);
  w.Key("totalPages");
  w.Int64((result.total + r.limit - 1) / r.limit);
  w.EndObject();
  w.Key("facets");
  w.StartObject();
  for (const auto& f : result.facets) {
    w.Key(f.name.c_str());
    WriteBuckets(w, f.buckets, "value", "label");
  }
  w.EndObject();
  w.Key("appliedFilters");
  w.StartObject();
  if (!r.text.empty()) {
    w.Key("q");
    w.String(r.text);
  }
  if (!r.categories.empty()) Strings(w, "category", r.categories);
  if (!r.cities.empty()) Strings(w, "city", r.cities);
  if (!r.countries.empty()) Strings(w, "country", r.countries);
  if (r.min_price_cents) {
    w.Key("minPrice");
    w.Int64(*r.min_price_cents / 100);
  }
  if (r.max_price_cents) {
    w.Key("maxPrice");
    w.Int64(*r.max_price_cents / 100);
  }
  if (r.meeting_tier) {
    w.Key("meetingType");
    w.String(std::string(schema::kTierNames[*r.meeting_tier]));
  }
  if (r.min_rating) {
    w.Key("minRating");
    w.Double(*r.min_rating);
  }
  if (r.verified) {
    w.Key("verified");
    w.Bool(*r.verified);
  }
  if (r.available_from) {
    w.Key("availableFrom");
    w.String(Dashed(*r.available_from));
    w.Key("availableTo");
    w.String(Dashed(*r.available_to));
  }
  if (r.near) {
    w.Key("near");
    w.StartObject();
    w.Key("latitude");
    w.Double(r.near->latitude);
    w.Key("longitude");
    w.Double(r.near->longitude);
    w.Key("radiusKm");
    w.Double(r.near->radius_km);
    w.EndObject();
  }
  static const char* kSortNames[] = {"relevance", "popularity", "price_asc", "price_desc",
                                     "rating",    "newest",     "distance"};
  w.Key("sort");
  w.String(kSortNames[static_cast<int>(r.sort)]);
  w.EndObject();
  if (result.correction) {
    w.Key("correction");
    w.String(*result.correction);
  }
  if (result.dropped_word) {
    w.Key("relaxed");
    w.StartObject();
    w.Key("droppedWord");
    w.String(*result.dropped_word);
    w.EndObject();
  }
  w.Key("tookMs");
  w.Double(std::round(result.took_ms * 1000) / 1000);
  w.EndObject();
  return buf.GetString();
}

}  // namespace starry::server
