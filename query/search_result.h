// @brief What a search answers: hits (result-card JSON), exact total, facets, and how the
// text was interpreted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace starry::query {

struct Hit {
  std::string card_json;    // the indexed result card (see indexer/document_builder.h)
  std::string highlight;    // displayName, HTML-escaped, matched parts in <mark></mark>
  double distance_km = -1;  // to `near`, when given
};

struct FacetBucket {
  std::string value;  // what to filter by (slug, city key, code, "100-250", "4.5", "true")
  std::string label;  // what to show
  int64_t count = 0;
};

struct Facet {
  std::string name;  // category, city, country, price, rating, verified
  std::vector<FacetBucket> buckets;
};

struct SearchResult {
  std::vector<Hit> hits;
  int64_t total = 0;
  std::vector<Facet> facets;
  std::optional<std::string> correction;    // "did you mean", when it has results
  std::optional<std::string> dropped_word;  // relaxed: this word was left out
  double took_ms = 0;
};

}  // namespace starry::query
