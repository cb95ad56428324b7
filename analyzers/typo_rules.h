// @brief How many typos a query word may carry, and what a wrong first letter costs.
//
// Shared by the lexicon lookups (Lexicon::Fuzzy / Lexicon::Prefix) and by callers that rank or
// explain matches, so both sides count typos the same way.
#pragma once

#include <cstddef>

namespace starry::analyzers {

struct TypoRules {
  /// Words with fewer code points than this must match exactly.
  int min_length_one_typo = 4;
  /// Words with at least this many code points may carry two typos.
  int min_length_two_typos = 8;
  /// What an edit touching the first letter costs in TypoDistance: a first code point that
  /// differs adds (first_letter_cost - 1) to the plain edit distance. Values below 1 act as 1.
  int first_letter_cost = 2;
};

/// Typo budget for a query word of `query_length_in_code_points`: 0 below
/// min_length_one_typo, 1 from it, 2 from min_length_two_typos.
inline int AllowedTypos(size_t query_length_in_code_points, const TypoRules& rules = {}) {
  const auto length = static_cast<long long>(query_length_in_code_points);
  if (length >= rules.min_length_two_typos && length >= rules.min_length_one_typo) return 2;
  if (length >= rules.min_length_one_typo) return 1;
  return 0;
}

/// The extra cost TypoDistance adds when the first code points differ.
inline int FirstLetterPenalty(const TypoRules& rules = {}) {
  return rules.first_letter_cost > 1 ? rules.first_letter_cost - 1 : 0;
}

}  // namespace starry::analyzers
