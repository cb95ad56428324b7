// @brief Typed response headers for the static files (headers added with addRaw() are dropped
// by Pistache 0.0.5; typed ones are sent).
#pragma once

#include <string>

#include "server/pistache.h"

namespace starry::server {

class ETag : public Pistache::Http::Header::Header {
 public:
  NAME("ETag")
  ETag() = default;
  explicit ETag(std::string value) : value_(std::move(value)) {}
  void parse(const std::string& value) override { value_ = value; }
  void write(std::ostream& os) const override { os << value_; }

 private:
  std::string value_;
};

class ContentSecurityPolicy : public Pistache::Http::Header::Header {
 public:
  NAME("Content-Security-Policy")
  void parse(const std::string&) override {}
  void write(std::ostream& os) const override {
    os << "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
          "frame-ancestors 'none'; form-action 'self'";
  }
};

class ContentTypeOptions : public Pistache::Http::Header::Header {
 public:
  NAME("X-Content-Type-Options")
  void parse(const std::string&) override {}
  void write(std::ostream& os) const override { os << "nosniff"; }
};

}  // namespace starry::server
