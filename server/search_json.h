// @brief SearchResult -> the API's JSON (`data` of the envelope).
#pragma once

#include <string>

#include "query/search_request.h"
#include "query/search_result.h"
#include "query/suggester.h"

namespace starry::server {

std::string SearchResultJson(const query::SearchRequest& request,
                             const query::SearchResult& result);
// {"categories":[{slug, name, count}]} from a result's category facet.
std::string CategoriesJson(const query::SearchResult& result);

// GET /v1/search/suggestions: {query, celebrities: [{id, username, displayName, profession,
// category, profilePhoto, isVerified, highlight}], categories: [{slug, name, count, highlight}],
// cities: [{city, name, country, count, highlight}], tookMs}.
std::string SuggestionsJson(const query::SuggestRequest& request,
                            const query::SuggestResult& result);
// A card with its highlight, for single-celebrity answers.
std::string CardWithHighlight(const query::Hit& hit);

}  // namespace starry::server
