#include "indexer/catalog_reader.h"

#include <rapidjson/document.h>

#include "db/connection.h"

namespace starry::indexer {
namespace {

// One row per celebrity; meeting types and cities (with their bookable dates) aggregated as
// JSON arrays by correlated subqueries that use the foreign-key indexes. A city's "today" is
// its local date.
constexpr const char* kSelect = R"sql(
SELECT c.id, c.username, c.display_name, c.profession, c.bio, cat.slug, cat.name,
       coalesce(c.profile_photo, ''), c.average_rating::float8, c.total_reviews,
       c.total_bookings, c.is_verified, extract(epoch FROM c.created_at)::bigint,
       (SELECT coalesce(json_agg(json_build_array(m.id, m.name, m.duration_minutes,
                                                  m.price_cents, m.currency)
                                 ORDER BY m.duration_minutes, m.price_cents, m.id), '[]')
          FROM meeting_types m WHERE m.celebrity_id = c.id AND m.is_active),
       (SELECT coalesce(json_agg(json_build_array(a.id, a.city, a.country, a.country_code,
                                                  a.timezone, a.latitude, a.longitude,
          (SELECT coalesce(json_agg(json_build_array(to_char(d.date, 'YYYYMMDD'),
                                                     d.max_slots - d.booked_slots)
                                    ORDER BY d.date, d.start_time), '[]')
             FROM available_dates d
            WHERE d.availability_id = a.id AND NOT d.is_blocked
              AND d.booked_slots < d.max_slots
              AND d.date >= (now() AT TIME ZONE a.timezone)::date))
                                 ORDER BY a.created_at, a.id), '[]')
          FROM celebrity_availability a WHERE a.celebrity_id = c.id AND a.is_active)
  FROM celebrities c JOIN categories cat ON cat.id = c.category_id
 WHERE c.is_active AND cat.is_active
)sql";

constexpr int kFetchRows = 2000;

std::string Str(const rapidjson::Value& v) {
  return v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : std::string();
}

Result<CelebrityRecord> ParseRow(const pqxx::row& row) {
  CelebrityRecord r;
  r.id = row[0].as<std::string>();
  r.username = row[1].as<std::string>();
  r.display_name = row[2].as<std::string>();
  r.profession = row[3].as<std::string>();
  r.bio = row[4].as<std::string>();
  r.category_slug = row[5].as<std::string>();
  r.category_name = row[6].as<std::string>();
  r.profile_photo = row[7].as<std::string>();
  r.rating = row[8].as<double>();
  r.reviews = row[9].as<int64_t>();
  r.bookings = row[10].as<int64_t>();
  r.verified = row[11].as<bool>();
  r.created_at = row[12].as<int64_t>();

  rapidjson::Document meeting_types;
  meeting_types.Parse(row[13].c_str(), row[13].size());
  rapidjson::Document cities;
  cities.Parse(row[14].c_str(), row[14].size());
  if (meeting_types.HasParseError() || !meeting_types.IsArray() || cities.HasParseError() ||
      !cities.IsArray()) {
    return MakeError(ErrorCode::kInternal, "malformed catalogue row for " + r.id);
  }
  for (const auto& m : meeting_types.GetArray()) {
    if (!m.IsArray() || m.Size() != 5) continue;
    r.meeting_types.push_back({Str(m[0]), Str(m[1]), Str(m[4]), m[2].GetInt(), m[3].GetInt64()});
  }
  for (const auto& a : cities.GetArray()) {
    if (!a.IsArray() || a.Size() != 8) continue;
    CityRecord city{Str(a[0]), Str(a[1]),        Str(a[2]),        Str(a[3]),
                    Str(a[4]), a[5].GetDouble(), a[6].GetDouble(), {}};
    for (const auto& d : a[7].GetArray()) {
      city.dates.push_back({Str(d[0]), d[1].GetInt()});
    }
    r.cities.push_back(std::move(city));
  }
  return r;
}

}  // namespace

Status ReadAllCelebrities(pqxx::transaction_base& tx, const RecordSink& sink) {
  try {
    tx.exec0(std::string("DECLARE starry_catalog NO SCROLL CURSOR FOR ") + kSelect +
             " ORDER BY c.id");
    for (;;) {
      pqxx::result batch = tx.exec("FETCH " + std::to_string(kFetchRows) + " FROM starry_catalog");
      for (const auto& row : batch) {
        auto record = ParseRow(row);
        if (!record) return std::unexpected(record.error());
        if (auto s = sink(std::move(*record)); !s) return s;
      }
      if (batch.size() < static_cast<size_t>(kFetchRows)) break;
    }
    tx.exec0("CLOSE starry_catalog");
  } catch (const std::exception& e) {
    return std::unexpected(db::ErrorFromException(e));
  }
  return {};
}

Result<std::vector<CelebrityRecord>> ReadCelebrities(pqxx::transaction_base& tx,
                                                     const std::vector<std::string>& ids) {
  std::vector<CelebrityRecord> records;
  if (ids.empty()) return records;
  std::string array = "{";
  for (size_t i = 0; i < ids.size(); ++i) array += (i ? "," : "") + ids[i];
  array += "}";
  try {
    for (const auto& row :
         tx.exec_params(std::string(kSelect) + " AND c.id = ANY($1::uuid[])", array)) {
      auto record = ParseRow(row);
      if (!record) return std::unexpected(record.error());
      records.push_back(std::move(*record));
    }
  } catch (const std::exception& e) {
    return std::unexpected(db::ErrorFromException(e));
  }
  return records;
}

}  // namespace starry::indexer
