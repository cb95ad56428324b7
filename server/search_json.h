// @brief SearchResult -> the API's JSON (`data` of the envelope).
#pragma once

#include <string>

#include "query/search_request.h"
#include "query/search_result.h"

namespace starry::server {

std::string SearchResultJson(const query::SearchRequest& request,
                             const query::SearchResult& result);
// {"categories":[{slug, name, count}]} from a result's category facet.
std::string CategoriesJson(const query::SearchResult& result);
// A card with its highlight, for single-celebrity answers.
std::string CardWithHighlight(const query::Hit& hit);

}  // namespace starry::server
