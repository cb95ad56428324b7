#include "server/search_handlers.h"

#include <iostream>
#include <unordered_map>

#include "analyzers/utf8.h"
#include "query/request_parser.h"
#include "query/searcher.h"
#include "query/suggester.h"
#include "schema/document_schema.h"
#include "server/http_reply.h"
#include "server/path_param.h"
#include "server/query_log_recorder.h"
#include "server/query_string.h"
#include "server/raw_query.h"
#include "server/search_json.h"
#include "server/server_timing.h"

namespace starry::server {

using Pistache::Http::ResponseWriter;
using Pistache::Rest::Request;

namespace {

Result<query::Params> QueryParams(const ResponseWriter& res) {
  return ParseQueryString(RawQueryString(res));
}

}  // namespace

Result<query::IndexReader*> SearchHandlers::Reader() {
  // A Xapian::Database handle serves one thread: each Pistache worker keeps its own.
  thread_local std::unordered_map<const SearchHandlers*, std::unique_ptr<query::IndexReader>>
      readers;
  auto& reader = readers[this];
  if (!reader)
    reader = std::make_unique<query::IndexReader>(services_.index_root, *services_.lexicons,
                                                  *services_.columns);
  if (auto s = reader->Refresh(); !s) {
    return MakeError(ErrorCode::kUnavailable,
                     s.error().code == ErrorCode::kNotFound
                         ? "the search index is not built yet (starry reindex)"
                         : "the search index is unavailable");
  }
  return reader.get();
}

void SearchHandlers::Answer(const query::SearchRequest& request,
                            std::optional<analytics::Endpoint> endpoint, const Request& req,
                            ResponseWriter& res) {
  // Validated whether or not this server logs: the same request is good or bad everywhere.
  auto session_id = SessionIdOf(req);
  if (!session_id) return ReplyError(res, session_id.error());
  bool log = endpoint && services_.query_log != nullptr;
  auto reader = Reader();
  if (!reader) return ReplyError(res, reader.error());
  query::Searcher searcher((*reader)->db(), (*reader)->columns(), (*reader)->lexicon(),
                           *services_.analyzer);
  auto result = searcher.Search(request);
  if (!result) return ReplyError(res, result.error());
  res.headers().add<ServerTiming>(result->took_ms);
  ReplyData(res, SearchResultJson(request, *result));
  if (log) {
    Log(request, *endpoint, std::move(*session_id), *result, **reader);
  }
}

void SearchHandlers::Log(const query::SearchRequest& request, analytics::Endpoint endpoint,
                         std::optional<std::string> session_id, const query::SearchResult& result,
                         query::IndexReader& reader) {
  auto entry = LogEntryFor(endpoint, request, *services_.analyzer, std::move(session_id));
  entry.result_count = result.total;
  entry.latency_ms = result.took_ms;
  if (result.total == 0) {
    using analytics::ZeroCause;
    if (request.text.empty()) {
      entry.zero_cause = ZeroCause::kFilters;
    } else if (!HasFilters(request)) {
      entry.zero_cause = ZeroCause::kText;
    } else {  // both: would the text alone have found something?
      query::SearchRequest text_only;
      text_only.text = request.text;
      text_only.limit = 1;
      query::Searcher searcher(reader.db(), reader.columns(), reader.lexicon(),
                               *services_.analyzer);
      auto alone = searcher.Search(text_only);
      entry.zero_cause = alone && alone->total > 0 ? ZeroCause::kFilters : ZeroCause::kText;
    }
  }
  services_.query_log->Record(std::move(entry));
}

void SearchHandlers::SearchOrBrowse(analytics::Endpoint endpoint, const Request& req,
                                    ResponseWriter res) {
  auto params = QueryParams(res);
  if (!params) return ReplyError(res, params.error());
  auto request = query::ParseSearchParams(*params);
  if (!request) return ReplyError(res, request.error());
  Answer(*request, endpoint, req, res);
}

void SearchHandlers::GetSearchCelebrities(const Request& req, ResponseWriter res) {
  SearchOrBrowse(analytics::Endpoint::kSearch, req, std::move(res));
}

void SearchHandlers::PostSearchFilters(const Request& req, ResponseWriter res) {
  auto request = query::ParseSearchJson(req.body());
  if (!request) return ReplyError(res, request.error());
  Answer(*request, analytics::Endpoint::kSearch, req, res);
}

void SearchHandlers::GetCelebrities(const Request& req, ResponseWriter res) {
  SearchOrBrowse(analytics::Endpoint::kBrowse, req, std::move(res));
}

void SearchHandlers::GetFeaturedCelebrities(const Request& req, ResponseWriter res) {
  auto params = QueryParams(res);
  if (!params) return ReplyError(res, params.error());
  query::Params featured = {{"verified", "true"}, {"sort", "popularity"}};
  for (const auto& [name, value] : *params) {
    if (name != "limit" && name != "category") {
      return ReplyError(res, Error(ErrorCode::kInvalidArgument,
                                   name + ": featured takes only limit and category"));
    }
    featured.emplace(name, value);  // a repeated limit is refused by the parser below
  }
  if (!featured.contains("limit")) featured.emplace("limit", "12");
  auto request = query::ParseSearchParams(featured);
  if (!request) return ReplyError(res, request.error());
  Answer(*request, std::nullopt, req, res);  // a fixed showcase, not a user's search: not logged
}

void SearchHandlers::GetCelebrity(const Request& req, ResponseWriter res) {
  std::string key = PathParam(req, ":id");
  auto reader = Reader();
  if (!reader) return ReplyError(res, reader.error());
  Xapian::Database& db = (*reader)->db();
  bool uuid = key.size() == 36 && key[8] == '-' && key[13] == '-';
  std::string term =
      uuid ? std::string(schema::kIdPrefix) + key : std::string(schema::kUsernamePrefix) + key;
  if (key.empty() || key.size() > 100 || !analyzers::IsValidUtf8(key)) {
    return ReplyError(res, Error(ErrorCode::kNotFound, "no such celebrity"));
  }
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      if (attempt > 0) db.reopen();
      auto it = db.postlist_begin(term);
      if (it == db.postlist_end(term)) {
        return ReplyError(res, Error(ErrorCode::kNotFound, "no celebrity '" + key + "'"));
      }
      return ReplyData(res, db.get_document(*it).get_data());
    } catch (const Xapian::DatabaseModifiedError&) {  // a commit landed: reopen and retry
    } catch (const Xapian::Error& e) {
      std::cerr << "starry serve: " << e.get_description() << std::endl;
      break;
    }
  }
  ReplyError(res, Error(ErrorCode::kUnavailable, "the search index is unavailable; try again"));
}

void SearchHandlers::GetSuggestions(const Request& req, ResponseWriter res) {
  auto params = QueryParams(res);
  if (!params) return ReplyError(res, params.error());
  auto request = query::ParseSuggestParams(*params);
  if (!request) return ReplyError(res, request.error());
  // Validated whether or not this server logs, as for searches.
  auto id = SessionIdOf(req);
  if (!id) return ReplyError(res, id.error());
  std::optional<std::string> session_id = std::move(*id);
  auto reader = Reader();
  if (!reader) return ReplyError(res, reader.error());
  query::Suggester suggester((*reader)->db(), (*reader)->columns(), (*reader)->lexicon(),
                             *services_.analyzer);
  auto result = suggester.Suggest(*request);
  if (!result) return ReplyError(res, result.error());
  res.headers().add<ServerTiming>(result->took_ms);
  ReplyData(res, SuggestionsJson(*request, *result));
  if (services_.query_log != nullptr) {
    auto entry =
        LogEntryFor(analytics::Endpoint::kSuggestions, request->text, FiltersJson(request->filters),
                    *services_.analyzer, std::move(session_id));
    const auto n = static_cast<int64_t>(result->celebrities.size() + result->categories.size() +
                                        result->cities.size());
    entry.result_count = n;
    entry.latency_ms = result->took_ms;
    if (n == 0) {  // would the text alone have found someone?
      entry.zero_cause = analytics::ZeroCause::kText;
      if (HasFilters(request->filters)) {
        query::SuggestRequest text_only;
        text_only.text = request->text;
        text_only.limit = 1;
        auto alone = suggester.Suggest(text_only);
        if (alone && !alone->celebrities.empty()) entry.zero_cause = analytics::ZeroCause::kFilters;
      }
    }
    services_.query_log->Record(std::move(entry));
  }
}

void SearchHandlers::GetCategories(const Request&, ResponseWriter res) {
  auto params = QueryParams(res);
  if (!params) return ReplyError(res, params.error());
  if (!params->empty()) {
    return ReplyError(res, Error(ErrorCode::kInvalidArgument,
                                 params->begin()->first + ": categories take no parameters"));
  }
  auto reader = Reader();
  if (!reader) return ReplyError(res, reader.error());
  query::SearchRequest all;
  all.limit = 1;
  query::Searcher searcher((*reader)->db(), (*reader)->columns(), (*reader)->lexicon(),
                           *services_.analyzer);
  auto result = searcher.Search(all);
  if (!result) return ReplyError(res, result.error());
  ReplyData(res, CategoriesJson(*result));
}

}  // namespace starry::server
