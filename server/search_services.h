// @brief What the search endpoints need, built in main (Pistache-free, for cli/).
#pragma once

#include <filesystem>

#include "analyzers/analyzer.h"
#include "query/index_reader.h"

namespace starry::server {

struct SearchServices {
  std::filesystem::path index_root;
  const analyzers::Analyzer* analyzer = nullptr;
  query::LexiconCache* lexicons = nullptr;
  query::ColumnCache* columns = nullptr;
};

}  // namespace starry::server
