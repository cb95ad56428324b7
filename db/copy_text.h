// @brief Rows for PostgreSQL's COPY in its text format, built by hand and sent through
// libpqxx 6.4.5's tablewriter (the one public way it has to take preformatted rows).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "db/pq.h"

namespace starry::db {

// Appends `value` as one field: backslash, tab, newline and carriage return escaped (other
// control characters are taken as they are). A NULL is the field "\N", appended as is.
void AppendCopyField(std::string& out, std::string_view value);

// Copies `rows` (fields separated by tabs, each row ended by a newline) into `table`'s
// `columns` (all of them, in table order, when empty), and empties `rows` (keeping its
// capacity for the next batch). Throws pqxx exceptions.
void CopyRows(pqxx::work& tx, const std::string& table, const std::vector<std::string>& columns,
              std::string& rows);

}  // namespace starry::db
