// @brief The search and browse endpoints: GET /v1/search/celebrities, POST /v1/search/filters,
// GET /v1/celebrities[/featured|/{id or username}], GET /v1/categories.
#pragma once

#include <pistache/router.h>

#include <filesystem>

#include "common/result.h"
#include "query/index_reader.h"
#include "query/search_request.h"
#include "server/search_services.h"

namespace starry::server {

class SearchHandlers {
 public:
  explicit SearchHandlers(SearchServices services) : services_(std::move(services)) {}

  void GetSearchCelebrities(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  void PostSearchFilters(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  void GetCelebrities(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  void GetFeaturedCelebrities(const Pistache::Rest::Request& req,
                              Pistache::Http::ResponseWriter res);
  void GetCelebrity(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  void GetCategories(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);
  void GetSuggestions(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter res);

 private:
  // Runs a validated request on this thread's reader and replies (with Server-Timing).
  void Answer(const query::SearchRequest& request, Pistache::Http::ResponseWriter& res);
  // This thread's reader, refreshed. Errors: kUnavailable when there is no index yet.
  Result<query::IndexReader*> Reader();
  SearchServices services_;
};

}  // namespace starry::server
