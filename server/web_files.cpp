#include "server/web_files.h"

#include <cstdint>
#include <cstdio>

namespace starry::server {

std::span<const EmbeddedFile> WebFileTable();  // generated from web/ by cmake

namespace {

// FNV-1a, 64 bits: a validator, not a security measure (the content is public).
std::string QuotedHash(std::string_view content) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : content) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[24];
  snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

std::string ContentTypeFor(std::string_view name) {
  struct Type {
    std::string_view extension;
    std::string_view media_type;
  };
  static constexpr Type kTypes[] = {
      {".html", "text/html; charset=utf-8"},     {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"}, {".json", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
  };
  for (const auto& t : kTypes) {
    if (name.ends_with(t.extension)) return std::string(t.media_type);
  }
  return "application/octet-stream";
}

WebFiles::WebFiles(std::span<const EmbeddedFile> files) {
  for (const auto& f : files) {
    files_.emplace(std::string(f.name),
                   WebFile{f.content, ContentTypeFor(f.name), QuotedHash(f.content)});
  }
}

WebFiles WebFiles::Embedded() { return WebFiles(WebFileTable()); }

const WebFile* WebFiles::Find(std::string_view name) const {
  if (name.empty() || name.front() == '.' || name.find('/') != std::string_view::npos) {
    return nullptr;
  }
  auto it = files_.find(std::string(name));
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace starry::server
