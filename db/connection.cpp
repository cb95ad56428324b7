#include "db/connection.h"

#include "db/connection_settings.h"

namespace starry::db {
namespace {

std::string FirstLine(std::string_view s) {
  auto end = s.find('\n');
  std::string line(s.substr(0, end));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

}  // namespace

Result<std::unique_ptr<pqxx::connection>> Connect(const std::string& conninfo) {
  std::string with_timeout = WithConnectTimeout(conninfo, kDefaultConnectTimeoutSeconds);
  try {
    return std::make_unique<pqxx::connection>(with_timeout);
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kUnavailable, "cannot connect to PostgreSQL at " +
                                                  RedactConnInfo(conninfo) + ": " +
                                                  FirstLine(RedactMessage(e.what(), conninfo)));
  }
}

Error ErrorFromException(const std::exception& e) {
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    const std::string& state = sql->sqlstate();
    if (state == "40001" || state == "40P01" || state == "55P03" || state == "23505") {
      return Error(ErrorCode::kConflict, FirstLine(e.what()));
    }
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    return Error(ErrorCode::kUnavailable, "lost the connection to PostgreSQL");
  }
  return Error(ErrorCode::kInternal, FirstLine(e.what()));
}

}  // namespace starry::db
