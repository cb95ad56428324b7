// @brief Search-as-you-type: the celebrities whose name matches the typed words (the last one
// as a prefix, typo-tolerant), and the categories and cities whose names match, each with the
// matched part highlighted.
//
// Ranking: the sum over words of the best match each finds in the name (exact word 4 > prefix
// 3 > one typo 2 > a prefix with one typo 1.5 > two typos 1; the first typed word gains 0.5 on
// the name's first word, as names are typed from their start), then popularity. Answers come
// from the in-memory name postings of the columns (query/columns.h), not from Xapian's
// matcher: a one-letter prefix touches every name starting with it, in a tight loop.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "analyzers/analyzer.h"
#include "analyzers/lexicon.h"
#include "common/result.h"
#include "query/columns.h"
#include "query/search_request.h"

namespace starry::query {

inline constexpr size_t kMaxCategorySuggestions = 3;
inline constexpr size_t kMaxCitySuggestions = 5;

struct CelebritySuggestion {
  std::string card_json;  // the indexed result card
  std::string highlight;  // displayName, HTML-escaped, the matched parts in <mark></mark>
};

struct GroupSuggestion {
  std::string value;      // category slug or city key
  std::string label;      // its name
  std::string country;    // cities: the country's name
  int64_t count = 0;      // active celebrities in it
  std::string highlight;  // label, HTML-escaped, matched parts in <mark></mark>
};

struct SuggestResult {
  std::vector<CelebritySuggestion> celebrities;
  std::vector<GroupSuggestion> categories, cities;
  double took_ms = 0;
};

class Suggester {
 public:
  Suggester(Xapian::Database& db, const ColumnStore& columns, const analyzers::Lexicon& lexicon,
            const analyzers::Analyzer& analyzer)
      : db_(db), columns_(columns), lexicon_(lexicon), analyzer_(analyzer) {}

  // Errors: kUnavailable (index errors).
  Result<SuggestResult> Suggest(const SuggestRequest& request);

 private:
  Xapian::Database& db_;
  const ColumnStore& columns_;
  const analyzers::Lexicon& lexicon_;
  const analyzers::Analyzer& analyzer_;
};

}  // namespace starry::query
