// @brief Writing JSON envelopes to a Pistache response (server/ only).
#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>

#include "common/result.h"
#include "server/pistache.h"

namespace starry::server {

void ReplyJson(Pistache::Http::ResponseWriter& response, Pistache::Http::Code code,
               const std::string& body);
void ReplyData(Pistache::Http::ResponseWriter& response, const std::string& data_json);
void ReplyError(Pistache::Http::ResponseWriter& response, const Error& error);
// 413 with the error envelope, naming the limit.
void ReplyBodyTooLarge(Pistache::Http::ResponseWriter& response, size_t limit_bytes);
// The request body as one JSON object (an empty body reads as {} when `empty_is_object`), or
// nullopt after answering 413 (over kMaxJsonBodyBytes) or 400 itself.
std::optional<rapidjson::Document> ReadJsonBody(const Pistache::Http::Request& request,
                                                Pistache::Http::ResponseWriter& response,
                                                bool empty_is_object = false);

}  // namespace starry::server
