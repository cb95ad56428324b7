// @brief Serves the browse page: GET / and the page's deep links (/celebrity/{username}, ...)
// answer web/index.html; GET /assets/{file} answers the other files of web/.
//
// Caching: every answer carries a strong ETag and `Cache-Control: no-cache`, so a browser keeps
// its copy but revalidates it (304 Not Modified when unchanged) and a new build is seen at once
// with no versioned file names. A Content-Security-Policy of 'self' holds the page to the
// service's own origin: nothing is loaded from elsewhere at run time.
#pragma once

#include "server/pistache.h"
#include "server/web_files.h"

namespace starry::server {

class WebHandlers {
 public:
  explicit WebHandlers(WebFiles files) : files_(std::move(files)) {}

  // The single-page app's shell, whatever the deep link.
  void GetPage(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  // /assets/:file; 404 for a name not in web/.
  void GetAsset(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);

 private:
  void Send(const WebFile& file, const Pistache::Rest::Request& req,
            Pistache::Http::ResponseWriter& res);
  WebFiles files_;
};

}  // namespace starry::server
