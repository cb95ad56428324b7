// @brief Test helper: the real celebrity names of the shared data set
// (STARRY_SHARED_DATA/names/combined_names.tsv, first column, header skipped).
#pragma once

#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace starry::analyzers::testing {

inline std::string SharedDataPath(const std::string& relative) {
  return std::string(STARRY_SHARED_DATA) + "/" + relative;
}

/// Every name of combined_names.tsv in file order (duplicates kept), or nullopt when the
/// file is absent.
inline std::optional<std::vector<std::string>> LoadNames() {
  std::ifstream in(SharedDataPath("names/combined_names.tsv"));
  if (!in) return std::nullopt;
  std::vector<std::string> names;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    names.push_back(line.substr(0, line.find('\t')));
  }
  return names;
}

}  // namespace starry::analyzers::testing
