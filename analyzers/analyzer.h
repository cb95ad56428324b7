// @brief Text -> search terms, the same way for documents (AnalyzeForIndex) and for queries
// (AnalyzeQuery), so that whatever a user types for a name finds the terms indexed for it.
//
// Words come from ICU word breaks (TextNormalizer) of the folded text (lowercase ASCII) and of
// the case-folded original script; then:
//  - apostrophes, hyphens, single periods, slashes, underscores and middle dots written without
//    spaces join words into one compound: O'Leary -> o, leary + "oleary";
//    Gordon-Levitt -> gordon, levitt + "gordonlevitt"; J.K. -> j, k + "jk";
//  - single letters followed by ". " chain as initials: "J. K. Rowling" -> j, k + "jk", rowling;
//  - digits are words: "50 Cent" -> 50, cent; tokens with no letter or digit are dropped.
// A query word is the compound ("o'leary" is one word "oleary", "o leary" two words).
//
// Invariant (tested over every name in the shared names file): every QueryWord of
// AnalyzeQuery(x) - its term and each alternative - is among the terms of AnalyzeForIndex(x),
// and so are the words of AnalyzeQuery(Fold(x)).
//
// Thread safety: const member functions may be called concurrently (see TextNormalizer).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzers/text_normalizer.h"
#include "common/result.h"

namespace starry::analyzers {

/// One term a document field is indexed with. Positions count words of the folded text from
/// 0; a compound ("oleary") and the original-script form ("björk", "周") share the position of
/// the word they stand for, so phrase queries work in every form.
struct IndexTerm {
  std::string term;
  uint32_t position = 0;

  friend bool operator==(const IndexTerm&, const IndexTerm&) = default;
};

/// One word of a query, in the order typed.
struct QueryWord {
  std::string term;                       // folded form (lowercase ASCII where possible)
  std::vector<std::string> alternatives;  // other indexed forms of the same word: the
                                          // case-folded original script, the generic
                                          // romanisation of Cyrillic
  size_t begin = 0;  // byte offsets of the word in the query text (for highlighting); a word
  size_t end = 0;    // folded from a multi-word piece of script covers the whole piece
};

class Analyzer {
 public:
  /// Errors: kInternal when the ICU data the normalizer needs is missing.
  static Result<Analyzer> Create();
  explicit Analyzer(TextNormalizer normalizer);

  /// Every term a document field containing `text` is indexed with, ordered by position.
  /// "周杰倫" -> zhou@0 周@0 jie@1 杰@1 lun@2 倫@2; "Björk" -> bjork@0 björk@0. Invalid UTF-8
  /// bytes are ignored. Never fails; empty for text without letters or digits.
  std::vector<IndexTerm> AnalyzeForIndex(std::string_view text) const;

  /// The words of a query (see QueryWord). Never fails; empty when nothing is searchable.
  std::vector<QueryWord> AnalyzeQuery(std::string_view text) const;

  /// TextNormalizer::Fold.
  std::string Fold(std::string_view text) const;

  const TextNormalizer& normalizer() const { return normalizer_; }

 private:
  TextNormalizer normalizer_;
};

}  // namespace starry::analyzers
