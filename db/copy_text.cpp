#include "db/copy_text.h"

#include <memory>
#include <pqxx/tablewriter>

namespace starry::db {

void AppendCopyField(std::string& out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

void CopyRows(pqxx::work& tx, const std::string& table, const std::vector<std::string>& columns,
              std::string& rows) {
  if (rows.empty()) return;
  rows.pop_back();  // write_raw_line ends the last line itself
  // tablewriter is deprecated in libpqxx 6.4.5, but stream_to keeps write_raw_line private, and
  // formatting field by field through its operator<< costs more than building the rows.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  auto writer = columns.empty() ? std::make_unique<pqxx::tablewriter>(tx, table)
                                : std::make_unique<pqxx::tablewriter>(tx, table, columns.begin(),
                                                                      columns.end());
  writer->write_raw_line(rows);
  writer->complete();
#pragma GCC diagnostic pop
  rows.clear();
}

}  // namespace starry::db
