#include "server/web_handlers.h"

#include "server/http_reply.h"
#include "server/metrics.h"
#include "server/web_headers.h"

namespace starry::server {

using Pistache::Http::Code;
using Pistache::Http::ResponseWriter;
using Pistache::Rest::Request;

namespace {

// If-None-Match holds one or more validators ("a", "b") or *.
bool Matches(const Request& req, const std::string& etag) {
  auto header = req.headers().tryGetRaw("If-None-Match");
  if (!header) return false;
  const std::string& value = header->value();
  return value.find(etag) != std::string::npos || value == "*";
}

}  // namespace

void WebHandlers::Send(const WebFile& file, const Request& req, ResponseWriter& res) {
  namespace H = Pistache::Http::Header;
  res.headers()
      .add<H::CacheControl>(Pistache::Http::CacheDirective::NoCache)
      .add<ETag>(file.etag)
      .add<ContentTypeOptions>()
      .add<ContentSecurityPolicy>();
  if (Matches(req, file.etag)) {
    LastStatusOnThisThread() = 304;
    res.send(Code::Not_Modified);
    return;
  }
  res.headers().add<H::ContentType>(Pistache::Http::Mime::MediaType::fromString(file.content_type));
  LastStatusOnThisThread() = 200;
  res.send(Code::Ok, file.content.data(), file.content.size());
}

void WebHandlers::GetPage(const Request& req, ResponseWriter res) {
  const WebFile* index = files_.Find(WebFiles::kIndex);
  if (!index) return ReplyError(res, Error(ErrorCode::kNotFound, "the page is not built in"));
  Send(*index, req, res);
}

void WebHandlers::GetAsset(const Request& req, ResponseWriter res) {
  std::string name = req.param(":file").as<std::string>();
  const WebFile* file = name == WebFiles::kIndex ? nullptr : files_.Find(name);
  if (!file) return ReplyError(res, Error(ErrorCode::kNotFound, "no such file under /assets"));
  Send(*file, req, res);
}

}  // namespace starry::server
