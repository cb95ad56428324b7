// @brief The search and browse endpoints: GET /v1/search/celebrities, POST /v1/search/filters,
// GET /v1/celebrities[/featured|/{id or username}], GET /v1/categories.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "analytics/query_log_entry.h"
#include "common/result.h"
#include "query/index_reader.h"
#include "query/search_request.h"
#include "query/search_result.h"
#include "server/pistache.h"
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
  // Runs a validated request on this thread's reader, replies (with Server-Timing), then logs
  // it as `endpoint` to the query log when there is one (after the reply: a zero-result request
  // may need a second search to tell whether its text or its filters emptied it).
  void Answer(const query::SearchRequest& request, std::optional<analytics::Endpoint> endpoint,
              const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter& res);
  // Records the request; `reader` answers the text-only search that finds the zero-result cause.
  void Log(const query::SearchRequest& request, analytics::Endpoint endpoint,
           std::optional<std::string> session_id, const query::SearchResult& result,
           query::IndexReader& reader);
  // Serves GET /v1/search/celebrities and GET /v1/celebrities (the same engine; without q it
  // browses).
  void SearchOrBrowse(analytics::Endpoint endpoint, const Pistache::Rest::Request& req,
                      Pistache::Http::ResponseWriter res);
  // This thread's reader, refreshed. Errors: kUnavailable when there is no index yet.
  Result<query::IndexReader*> Reader();
  SearchServices services_;
};

}  // namespace starry::server
