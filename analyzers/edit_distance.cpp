#include "analyzers/edit_distance.h"

#include <algorithm>
#include <array>
#include <vector>

#include "analyzers/utf8.h"

namespace starry::analyzers {
namespace {

bool FirstLettersDiffer(std::u32string_view a, std::u32string_view b) {
  if (a.empty() || b.empty()) return a.empty() != b.empty();
  return a.front() != b.front();
}

size_t Penalty(std::u32string_view a, std::u32string_view b, const TypoRules& rules) {
  return FirstLettersDiffer(a, b) ? static_cast<size_t>(FirstLetterPenalty(rules)) : 0;
}

// OSA rows of `query` (columns) against successive prefixes of `term` (rows), every value
// clamped to `cap`. Returns D[n][m] (whole term) or, with `best_prefix`, min over i >= 1 of
// D[i][m] (non-empty prefixes only). Stops once a whole row reaches the cap: OSA row minima
// never decrease, so no later cell can come back under it.
size_t CappedOsa(std::u32string_view query, std::u32string_view term, size_t cap,
                 bool best_prefix) {
  const size_t m = query.size();
  const size_t n = term.size();
  if (!best_prefix && (m > n ? m - n : n - m) >= cap) return cap;
  // Three rows; short words (all real ones) stay on the stack.
  constexpr size_t kStackColumns = 64;
  std::array<size_t, 3 * kStackColumns> stack_rows;
  std::vector<size_t> heap_rows;
  size_t* rows = stack_rows.data();
  if (m + 1 > kStackColumns) {
    heap_rows.resize(3 * (m + 1));
    rows = heap_rows.data();
  }
  size_t* before = rows;            // row i - 2
  size_t* prev = before + (m + 1);  // row i - 1
  size_t* cur = prev + (m + 1);     // row i
  for (size_t j = 0; j <= m; ++j) prev[j] = std::min(j, cap);
  size_t best = cap;
  for (size_t i = 1; i <= n; ++i) {
    const char32_t tc = term[i - 1];
    cur[0] = std::min(i, cap);
    size_t row_min = cur[0];
    for (size_t j = 1; j <= m; ++j) {
      size_t v = std::min(prev[j] + 1, cur[j - 1] + 1);
      v = std::min(v, prev[j - 1] + (tc == query[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && tc == query[j - 2] && term[i - 2] == query[j - 1]) {
        v = std::min(v, before[j - 2] + 1);
      }
      cur[j] = std::min(v, cap);
      row_min = std::min(row_min, cur[j]);
    }
    best = std::min(best, cur[m]);
    if (row_min >= cap) return best_prefix ? best : cap;
    size_t* recycled = before;
    before = prev;
    prev = cur;
    cur = recycled;
  }
  return best_prefix ? best : prev[m];
}

size_t MaxPenalty(const TypoRules& rules) { return static_cast<size_t>(FirstLetterPenalty(rules)); }

}  // namespace

size_t OsaDistance(std::u32string_view a, std::u32string_view b) {
  const size_t n = a.size();
  const size_t m = b.size();
  std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

size_t OsaDistance(std::string_view a, std::string_view b) {
  return OsaDistance(DecodeUtf8(a), DecodeUtf8(b));
}

size_t TypoDistance(std::u32string_view query, std::u32string_view term, const TypoRules& rules) {
  return OsaDistance(query, term) + Penalty(query, term, rules);
}

size_t TypoDistance(std::string_view query, std::string_view term, const TypoRules& rules) {
  return TypoDistance(DecodeUtf8(query), DecodeUtf8(term), rules);
}

size_t BoundedTypoDistance(std::u32string_view query, std::u32string_view term, size_t max_distance,
                           const TypoRules& rules) {
  // No distance exceeds this; clamping keeps max_distance + 1 from overflowing.
  max_distance = std::min(max_distance, query.size() + term.size() + MaxPenalty(rules));
  const size_t penalty = Penalty(query, term, rules);
  if (penalty > max_distance) return max_distance + 1;
  const size_t budget = max_distance - penalty;
  const size_t osa = CappedOsa(query, term, budget + 1, /*best_prefix=*/false);
  return osa > budget ? max_distance + 1 : osa + penalty;
}

size_t BoundedTypoDistance(std::string_view query, std::string_view term, size_t max_distance,
                           const TypoRules& rules) {
  return BoundedTypoDistance(DecodeUtf8(query), DecodeUtf8(term), max_distance, rules);
}

size_t PrefixTypoDistance(std::u32string_view query, std::u32string_view term, size_t max_distance,
                          const TypoRules& rules) {
  max_distance = std::min(max_distance, query.size() + term.size() + MaxPenalty(rules));
  // The empty prefix: delete every query code point (plus the penalty unless query is empty).
  size_t best = query.size() + Penalty(query, {}, rules);
  if (!term.empty()) {
    // Every non-empty prefix shares term's first code point, hence the same penalty.
    const size_t penalty = Penalty(query, term, rules);
    if (penalty <= max_distance) {
      const size_t budget = max_distance - penalty;
      const size_t osa = CappedOsa(query, term, budget + 1, /*best_prefix=*/true);
      if (osa <= budget) best = std::min(best, osa + penalty);
    }
  }
  return best > max_distance ? max_distance + 1 : best;
}

size_t PrefixTypoDistance(std::string_view query, std::string_view term, size_t max_distance,
                          const TypoRules& rules) {
  return PrefixTypoDistance(DecodeUtf8(query), DecodeUtf8(term), max_distance, rules);
}

}  // namespace starry::analyzers
