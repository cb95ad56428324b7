#include "server/http_reply.h"

#include "server/http_status.h"
#include "server/json_body.h"
#include "server/json_response.h"
#include "server/metrics.h"

namespace starry::server {

using Pistache::Http::Code;

void ReplyJson(Pistache::Http::ResponseWriter& response, Code code, const std::string& body) {
  response.headers().add<Pistache::Http::Header::ContentType>(MIME(Application, Json));
  LastStatusOnThisThread() = static_cast<int>(code);
  response.send(code, body);
}

void ReplyData(Pistache::Http::ResponseWriter& response, const std::string& data_json) {
  ReplyJson(response, Code::Ok, SuccessBody(data_json));
}

void ReplyError(Pistache::Http::ResponseWriter& response, const Error& error) {
  ReplyJson(response, static_cast<Code>(HttpStatusFor(error.code)), ErrorBody(error));
}

void ReplyBodyTooLarge(Pistache::Http::ResponseWriter& response, size_t limit_bytes) {
  Error e(ErrorCode::kInvalidArgument,
          "body: larger than the " + std::to_string(limit_bytes) + " bytes this endpoint accepts");
  e.details.push_back("body");
  ReplyJson(response, static_cast<Code>(HttpStatusForOversizedBody()), ErrorBody(e));
}

std::optional<rapidjson::Document> ReadJsonBody(const Pistache::Http::Request& request,
                                                Pistache::Http::ResponseWriter& response,
                                                bool empty_is_object) {
  if (request.body().size() > kMaxJsonBodyBytes) {
    ReplyBodyTooLarge(response, kMaxJsonBodyBytes);
    return std::nullopt;
  }
  auto doc = ParseJsonObject(empty_is_object && request.body().empty() ? "{}" : request.body());
  if (!doc) {
    ReplyError(response, doc.error());
    return std::nullopt;
  }
  return std::move(*doc);
}

}  // namespace starry::server
