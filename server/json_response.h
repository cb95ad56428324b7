// @brief The API envelope: {"success":true,"data":...} / {"success":false,"error":{...}}.
#pragma once

#include <string>

#include "common/result.h"

namespace starry::server {

// `data_json` must be a serialised JSON value.
std::string SuccessBody(const std::string& data_json);
// Internal errors never carry their message to the client (it is logged instead).
std::string ErrorBody(const Error& error);

}  // namespace starry::server
