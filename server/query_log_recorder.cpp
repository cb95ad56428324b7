#include "server/query_log_recorder.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "schema/document_schema.h"

namespace starry::server {

Result<std::optional<std::string>> SessionIdOf(const Pistache::Rest::Request& request) {
  auto raw = request.headers().tryGetRaw("X-Session-Id");
  if (!raw) return std::optional<std::string>();
  auto id = analytics::ParseSessionId(raw->value());
  if (!id) return std::unexpected(id.error());
  return std::optional<std::string>(std::move(*id));
}

bool HasFilters(const query::SearchRequest& r) {
  return !r.categories.empty() || !r.cities.empty() || !r.countries.empty() || r.min_price_cents ||
         r.max_price_cents || r.meeting_tier || r.min_rating || r.verified || r.available_from ||
         r.available_to || r.near;
}

std::string FiltersJson(const query::SearchRequest& r) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  auto list = [&w](const char* key, const std::vector<std::string>& values) {
    if (values.empty()) return;
    w.Key(key);
    w.StartArray();
    for (const auto& v : values) w.String(v);
    w.EndArray();
  };
  auto date = [&w](const char* key, const std::optional<std::string>& yyyymmdd) {
    if (!yyyymmdd) return;
    const std::string& d = *yyyymmdd;
    w.Key(key);
    w.String(d.size() == 8 ? d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2) : d);
  };
  // Keys in alphabetical order.
  w.StartObject();
  date("availableFrom", r.available_from);
  date("availableTo", r.available_to);
  list("category", r.categories);
  list("city", r.cities);
  list("country", r.countries);
  if (r.max_price_cents) {
    w.Key("maxPriceCents");
    w.Int64(*r.max_price_cents);
  }
  if (r.meeting_tier && *r.meeting_tier >= 0 && *r.meeting_tier < 3) {
    w.Key("meetingType");
    w.String(std::string(schema::kTierNames[*r.meeting_tier]));
  }
  if (r.min_price_cents) {
    w.Key("minPriceCents");
    w.Int64(*r.min_price_cents);
  }
  if (r.min_rating) {
    w.Key("minRating");
    w.Double(*r.min_rating);
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
  if (r.verified) {
    w.Key("verified");
    w.Bool(*r.verified);
  }
  w.EndObject();
  return buf.GetString();
}

analytics::QueryLogEntry LogEntryFor(analytics::Endpoint endpoint, std::string_view text,
                                     std::string filters_json, const analyzers::Analyzer& analyzer,
                                     std::optional<std::string> session_id) {
  analytics::QueryLogEntry entry;
  entry.endpoint = endpoint;
  entry.raw_query = std::string(text);
  entry.normalized_query = analytics::NormalizeQuery(analyzer, text);
  entry.filters_json = std::move(filters_json);
  entry.session_id = std::move(session_id);
  entry.at = std::chrono::system_clock::now();
  return entry;
}

analytics::QueryLogEntry LogEntryFor(analytics::Endpoint endpoint,
                                     const query::SearchRequest& request,
                                     const analyzers::Analyzer& analyzer,
                                     std::optional<std::string> session_id) {
  return LogEntryFor(endpoint, request.text, FiltersJson(request), analyzer, std::move(session_id));
}

}  // namespace starry::server
