// @brief Makes Pistache answer malformed request headers with a 400 JSON error, not a 500.
//
// Pistache 0.0.5 parses the headers it knows (Content-Length, Host, Date, Accept, ...) while it
// reads the request, before any route runs. A value its parser rejects escapes as an exception
// that Pistache answers itself: 500 with the exception's text ("Invalid port: 99999",
// "basic_string::_M_create") for most, 415 for a bad Accept quality. Worse, a Content-Length or
// chunk size far above the request limit makes it reserve that much memory up front.
//
// GuardHeaderParsing() replaces the factories in Pistache's header registry with subclasses:
//   - Content-Length that is not 1-19 ASCII digits: 400; above `max_request_bytes`: 413;
//   - Transfer-Encoding (chunked or other): 411, send Content-Length instead. Pistache 0.0.5
//     reserves a chunk's declared size before reading it, so chunked bodies are not accepted.
//   These two are refused at once, as Pistache's HttpError with our JSON error envelope as its
//   text (Pistache sends it without a Content-Type; the status and body are ours).
//   - any other registered header whose value does not parse is marked, not refused: Pistache
//     would keep the connection and read the rest of the body as a new request, answering
//     twice (behind nginx's shared keep-alive connections, an answer for another client).
//     The request is read whole; UnparsableHeader() then names the header for a 400.
//
// Call it before the first server starts. It is idempotent; a later call only updates the
// limit. The registry is process-wide, as Pistache's is: with several servers in a process,
// the last one started sets the Content-Length limit for all.
#pragma once

#include <cstddef>
#include <optional>

#include "common/result.h"

namespace Pistache::Http {
class Request;
}

namespace starry::server {

void GuardHeaderParsing(size_t max_request_bytes);

// A 400 naming the first header of `request` whose value did not parse, or nullopt.
std::optional<Error> UnparsableHeader(const Pistache::Http::Request& request);

}  // namespace starry::server
