// @brief Typo distances between a query word and a term, over Unicode code points.
//
// The distance is the optimal string alignment (OSA, "restricted Damerau-Levenshtein")
// distance: insertions, deletions, substitutions and transpositions of two adjacent code
// points each cost one edit, and no substring is edited twice. UTF-8 arguments are decoded
// first (invalid bytes become U+FFFD); nothing here throws or allocates per call beyond the
// decoded copies and one DP row set.
//
// TypoDistance adds the first-letter penalty of TypoRules: when the first code points of the
// two strings differ (or exactly one string is empty), FirstLetterPenalty(rules) is added, so
// with the default rules a wrong first letter costs 2.
#pragma once

#include <cstddef>
#include <string_view>

#include "analyzers/typo_rules.h"

namespace starry::analyzers {

/// Plain OSA distance (full dynamic-programming matrix; the reference the bounded forms are
/// checked against).
size_t OsaDistance(std::u32string_view a, std::u32string_view b);
size_t OsaDistance(std::string_view a, std::string_view b);

/// OSA distance plus FirstLetterPenalty(rules) when the first code points differ.
size_t TypoDistance(std::u32string_view query, std::u32string_view term,
                    const TypoRules& rules = {});
size_t TypoDistance(std::string_view query, std::string_view term, const TypoRules& rules = {});

/// TypoDistance when it is <= max_distance, otherwise exactly max_distance + 1. Stops as soon
/// as every cell of a DP row exceeds the budget, so rejecting a far term costs a row or two.
size_t BoundedTypoDistance(std::u32string_view query, std::u32string_view term, size_t max_distance,
                           const TypoRules& rules = {});
size_t BoundedTypoDistance(std::string_view query, std::string_view term, size_t max_distance,
                           const TypoRules& rules = {});

/// The smallest TypoDistance(query, p) over every prefix p of term (the empty prefix and term
/// itself included) when it is <= max_distance, otherwise max_distance + 1. This is what
/// "term completes query, allowing typos" means for Lexicon::Prefix.
size_t PrefixTypoDistance(std::u32string_view query, std::u32string_view term, size_t max_distance,
                          const TypoRules& rules = {});
size_t PrefixTypoDistance(std::string_view query, std::string_view term, size_t max_distance,
                          const TypoRules& rules = {});

}  // namespace starry::analyzers
