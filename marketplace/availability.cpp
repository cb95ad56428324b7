#include "marketplace/availability.h"

#include "marketplace/ids.h"

namespace starry::marketplace {
namespace {

std::unexpected<Error> Fail(ErrorCode code, std::string_view field, std::string message) {
  Error e(code, std::string(field) + ": " + std::move(message));
  e.details.emplace_back(field);
  return std::unexpected(std::move(e));
}

bool ValidMonth(const std::string& m) {
  if (m.size() != 7 || m[4] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (m[i] < '0' || m[i] > '9') return false;
  }
  int year = std::stoi(m.substr(0, 4));
  int month = std::stoi(m.substr(5, 2));
  return year >= 1970 && year <= 9999 && month >= 1 && month <= 12;
}

}  // namespace

Result<std::vector<CityAvailability>> MonthAvailability(db::ConnectionPool& pool,
                                                        const std::string& celebrity_id,
                                                        const std::string& month) {
  if (!IsUuid(celebrity_id)) return Fail(ErrorCode::kInvalidArgument, "id", "must be a UUID");
  if (!ValidMonth(month)) return Fail(ErrorCode::kInvalidArgument, "month", "must be YYYY-MM");
  return pool.Run([&](pqxx::connection& conn) -> Result<std::vector<CityAvailability>> {
    pqxx::work tx(conn);
    if (tx.exec_params("SELECT 1 FROM celebrities WHERE id = $1 AND is_active", celebrity_id)
            .empty()) {
      return Fail(ErrorCode::kNotFound, "id", "no such celebrity");
    }
    auto rows = tx.exec_params(
        "SELECT ca.id, ca.city, ca.country, ca.country_code, ca.timezone, ad.id, ad.date::text, "
        "to_char(ad.start_time, 'HH24:MI'), to_char(ad.end_time, 'HH24:MI'), ad.max_slots, "
        "CASE WHEN ad.is_blocked THEN 0 ELSE greatest(ad.max_slots - ad.booked_slots, 0) END, "
        "ad.is_blocked "
        "FROM celebrity_availability ca LEFT JOIN available_dates ad ON ad.availability_id = "
        "ca.id AND ad.date >= ($2 || '-01')::date "
        "AND ad.date < ($2 || '-01')::date + interval '1 month' "
        "WHERE ca.celebrity_id = $1 AND ca.is_active ORDER BY ca.city, ca.id, ad.date, "
        "ad.start_time",
        celebrity_id, month);
    std::vector<CityAvailability> out;
    for (const auto& r : rows) {
      std::string availability_id = r[0].as<std::string>();
      if (out.empty() || out.back().availability_id != availability_id) {
        out.push_back({availability_id,
                       r[1].as<std::string>(),
                       r[2].as<std::string>(),
                       r[3].as<std::string>(),
                       r[4].as<std::string>(),
                       {}});
      }
      if (r[5].is_null()) continue;
      out.back().dates.push_back({r[5].as<std::string>(), r[6].as<std::string>(),
                                  r[7].as<std::string>(), r[8].as<std::string>(), r[9].as<int>(),
                                  r[10].as<int>(), r[11].as<bool>()});
    }
    return out;
  });
}

}  // namespace starry::marketplace
