// @brief Makes Pistache answer malformed request headers with a 400 JSON error, not a 500.
//
// Pistache 0.0.5 parses the headers it knows (Content-Length, Host, Date, Accept, ...) while it
// reads the request, before any route runs. A value its parser rejects escapes as an exception
// that Pistache answers itself: 500 with the exception's text ("Invalid port: 99999",
// "basic_string::_M_create") for most, 415 for a bad Accept quality. Worse, a Content-Length or
// chunk size far above the request limit makes it reserve that much memory up front.
//
// GuardHeaderParsing() replaces the factories in Pistache's header registry with subclasses that
// turn every parse failure into Pistache's HttpError with our JSON error envelope as its text:
//   - any registered header whose value does not parse: 400, naming the header;
//   - Content-Length that is not 1-19 ASCII digits: 400; above `max_request_bytes`: 413;
//   - Transfer-Encoding (chunked or other): 411, send Content-Length instead. Pistache 0.0.5
//     reserves a chunk's declared size before reading it, so chunked bodies are not accepted.
// Pistache sends that text without a Content-Type; the status and body are ours.
//
// Call it before the first server starts. It is idempotent; a later call only updates the
// limit (the registry is process-wide, as Pistache's is).
#pragma once

#include <cstddef>

namespace starry::server {

void GuardHeaderParsing(size_t max_request_bytes);

}  // namespace starry::server
