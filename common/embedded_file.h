// @brief A data file compiled into the binary (see cmake/EmbedFiles.cmake).
#pragma once

#include <span>
#include <string_view>

namespace starry {

struct EmbeddedFile {
  std::string_view name;     // path relative to the embedded folder, e.g. "0001_catalog.sql"
  std::string_view content;  // the file's bytes
};

}  // namespace starry
