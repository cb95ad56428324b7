// @brief The browse page's static files (web/, compiled into the binary) with what serving
// each one needs: its media type and a strong validator (ETag) computed once at start-up.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/embedded_file.h"

namespace starry::server {

struct WebFile {
  std::string_view content;
  std::string content_type;  // "text/html; charset=utf-8", ...
  std::string etag;          // quoted, e.g. "\"3f2a9c0d1e4b5a67\""
};

class WebFiles {
 public:
  // The page's entry point; every deep link of the single-page app answers with it.
  static constexpr std::string_view kIndex = "index.html";

  explicit WebFiles(std::span<const EmbeddedFile> files);
  // web/ as compiled into this binary (cmake: starry_embed_files in server/CMakeLists.txt).
  static WebFiles Embedded();

  // The file of that name (a flat name such as "app.js"), or nullptr: names with a '/', a
  // leading '.' or that are not in the table are never found.
  const WebFile* Find(std::string_view name) const;

 private:
  std::unordered_map<std::string, WebFile> files_;
};

// The media type served for a file name, by extension; application/octet-stream if unknown.
std::string ContentTypeFor(std::string_view name);

}  // namespace starry::server
