// @brief Runs a SearchRequest against an open index generation and its lexicon.
//
// Not thread-safe: a Xapian::Database handle is for one thread (see IndexReader).
#pragma once

#include <xapian.h>

#include "analyzers/analyzer.h"
#include "analyzers/lexicon.h"
#include "common/result.h"
#include "query/columns.h"
#include "query/search_request.h"
#include "query/search_result.h"

namespace starry::query {

class Searcher {
 public:
  // `columns`: the in-memory columns of the same generation, caught up with `db`.
  Searcher(Xapian::Database& db, const ColumnStore& columns, const analyzers::Lexicon& lexicon,
           const analyzers::Analyzer& analyzer)
      : db_(db), columns_(columns), lexicon_(lexicon), analyzer_(analyzer) {}

  // Errors: kInvalidArgument (a request that validation let through but the index cannot
  // answer), kUnavailable (index errors; DatabaseModifiedError is retried once after reopen()).
  Result<SearchResult> Search(const SearchRequest& request);

  // Whether one-word searches take query/single_word.h's way (on unless a test compares it with
  // the general one). Process-wide.
  static void UseSingleWordPathForTesting(bool on);

 private:
  Result<SearchResult> SearchOnce(const SearchRequest& request);
  Xapian::Database& db_;
  const ColumnStore& columns_;
  const analyzers::Lexicon& lexicon_;
  const analyzers::Analyzer& analyzer_;
};

}  // namespace starry::query
