// @brief Opening PostgreSQL connections with a bounded timeout and redacted errors.
#pragma once

#include <memory>
#include <string>

#include "common/result.h"
#include "db/pq.h"

namespace starry::db {

// Opens a connection. conninfo gets a connect_timeout when it has none.
// Errors: kUnavailable (unreachable, refused, timed out, wrong password, no such database),
// with the password redacted from the message.
Result<std::unique_ptr<pqxx::connection>> Connect(const std::string& conninfo);

// Turns a libpqxx exception caught by an adapter into an Error. Serialization failures and
// lock conflicts (40001, 40P01, 55P03) become kConflict, unique violations kConflict, broken
// connections kUnavailable, everything else kInternal (message kept for logs, not clients).
Error ErrorFromException(const std::exception& e);

}  // namespace starry::db
