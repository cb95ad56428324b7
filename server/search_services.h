// @brief What the search endpoints need, built in main (Pistache-free, for cli/).
#pragma once

#include <filesystem>

#include "analytics/query_logger.h"
#include "analyzers/analyzer.h"
#include "query/index_reader.h"

namespace starry::server {

struct SearchServices {
  std::filesystem::path index_root;
  const analyzers::Analyzer* analyzer = nullptr;
  query::LexiconCache* lexicons = nullptr;
  query::ColumnCache* columns = nullptr;
  // Where searches are logged (analytics/); null: not logged. Must outlive the server.
  analytics::QueryLogger* query_log = nullptr;
};

}  // namespace starry::server
