// Lexicon lookups: depth-first walks of a trie with one optimal-string-alignment DP row per node.
#include <algorithm>

#include "analyzers/lexicon.h"
#include "analyzers/utf8.h"

namespace starry::analyzers {

// One frame per depth lists the children still to visit. Row d of `rows` holds the OSA row of
// the current path's prefix of depth d against `word` (column j: j code points of word
// consumed), clamped to budget + 1, where the budget of a first-level subtree is the typo
// allowance minus the first-letter penalty it pays. A cell is live when it is within its
// column's limit (the budget, or plan.low for the first plan.low_columns columns); dead cells
// hold the clamp. Only the band |d - j| <= budget of a row is computed (cells outside it exceed
// the budget anyway); the cells just outside the band are set to the clamp so that the next row
// reads correct values. No path goes deeper than m + budget + 1.
//
// A subtree is abandoned when its row has no live cell: a live cell of a deeper row always
// derives from a live cell of this one. For a transposition, which jumps from row d - 1 to
// row d + 1, that holds because a transposition is taken only when the cell it jumps over
// (column j - 1 of row d) would itself be within its limit.
void Lexicon::Walk(const Trie& trie, std::u32string_view word, const TypoRules& rules,
                   const WalkPlan& plan, std::vector<Piece>& pieces) const {
  const std::vector<Node>& nodes = trie.nodes;
  const std::vector<TermRange>& ranges = trie.ranges;
  const size_t m = word.size();
  const bool prefix = plan.prefix;
  const int allowed = std::min(AllowedTypos(m, rules), plan.max_typos);
  const int penalty = plan.charge_penalty ? FirstLetterPenalty(rules) : 0;
  const int over = allowed + 1;  // "too far"; every stored value is clamped to it
  const size_t width = m + 1;
  const size_t max_depth = m + static_cast<size_t>(allowed) + 2;

  // A child list: a range of node ids, or (tight rows) up to kMaxPicked chosen node ids.
  static constexpr size_t kMaxPicked = 16;
  struct Frame {
    uint32_t next;
    uint32_t end;
    bool picked;
    uint32_t ids[kMaxPicked];
  };
  std::vector<uint8_t> rows(max_depth * width);
  std::vector<int> best(max_depth, over);  // prefix mode: best prefix distance on the path
  std::vector<Frame> frames(max_depth);
  int extra = 0;  // penalty paid by the current first-level subtree

  // For words of up to 64 code points, match[d] has bit j set when the label at depth d equals
  // word[j]: the DP tests bits instead of comparing code points.
  const bool use_masks = m <= 64;
  std::vector<uint64_t> match(max_depth, 0);
  std::vector<char32_t> path(max_depth, 0);
  uint64_t ascii_masks[128] = {};
  std::vector<std::pair<char32_t, uint64_t>> other_masks;
  if (use_masks) {
    for (size_t j = 0; j < m; ++j) {
      if (word[j] < 128) {
        ascii_masks[word[j]] |= uint64_t{1} << j;
        continue;
      }
      auto it = std::find_if(other_masks.begin(), other_masks.end(),
                             [&](const auto& entry) { return entry.first == word[j]; });
      if (it == other_masks.end()) it = other_masks.insert(other_masks.end(), {word[j], 0});
      it->second |= uint64_t{1} << j;
    }
  }
  const auto mask_of = [&](char32_t c) -> uint64_t {
    if (c < 128) return ascii_masks[c];
    for (const auto& [code_point, mask] : other_masks) {
      if (code_point == c) return mask;
    }
    return 0;
  };

  for (size_t j = 0; j <= m; ++j) {
    int value = std::min<int>(static_cast<int>(j), over);
    if (j < plan.low_columns && value > plan.low) value = over;
    rows[j] = static_cast<uint8_t>(value);
  }
  if (prefix) {
    // The empty prefix: delete every code point of word (a missing first letter if any).
    const int root = static_cast<int>(std::min<size_t>(m, over)) + (m > 0 ? penalty : 0);
    best[0] = std::min(root, over);
    if (best[0] <= allowed && m == 0) {
      pieces.push_back({ranges[0].lo, ranges[0].hi, static_cast<uint8_t>(best[0])});
      return;
    }
  }
  frames[0].next = nodes[0].first_child;
  frames[0].end = nodes[1].first_child;
  frames[0].picked = false;
  size_t d = 0;  // depth of the node whose children frames[d] lists

  while (true) {
    Frame& frame = frames[d];
    if (frame.next == frame.end) {
      if (d == 0) break;
      --d;
      continue;
    }
    const uint32_t v = frame.picked ? frame.ids[frame.next++] : frame.next++;
    const Node& node = nodes[v];
    const size_t i = d + 1;
    const char32_t label = node.label();
    if (i == 1) extra = (m == 0 || label != word[0]) ? penalty : 0;
    const int budget = allowed - extra;
    const int parent_best = prefix ? best[i - 1] : over;
    // A first letter that differs is itself an edit: a budget below 1 rules the subtree out.
    if (budget < 0 || (i == 1 && budget == 0 && (m == 0 || label != word[0]))) {
      if (parent_best <= allowed) {
        pieces.push_back({ranges[v].lo, ranges[v].hi, static_cast<uint8_t>(parent_best)});
      }
      continue;
    }

    const uint8_t* prev = &rows[(i - 1) * width];
    const uint8_t* before = i >= 2 ? &rows[(i - 2) * width] : nullptr;
    uint8_t* cur = &rows[i * width];
    const auto cap = static_cast<uint8_t>(budget + 1);
    const auto b = static_cast<size_t>(budget);
    const int low = std::min(plan.low, budget);
    const size_t low_columns = plan.low_columns;
    const auto limit = [&](size_t j) { return j < low_columns ? low : budget; };
    const size_t j_lo = i > b ? i - b : 1;
    const size_t j_hi = std::min(m, i + b);
    cur[0] = static_cast<uint8_t>(std::min<size_t>(i, cap));
    if (cur[0] > limit(0)) cur[0] = cap;
    if (j_lo >= 2 && j_lo - 1 <= m) cur[j_lo - 1] = cap;
    if (j_hi + 1 <= m) cur[j_hi + 1] = cap;
    int row_min = cur[0];

    const uint64_t here_mask = use_masks ? mask_of(label) : 0;
    path[i] = label;
    match[i] = here_mask;
    // Bit j - 1 set: a transposition into column j (label == word[j - 2], parent == word[j - 1]).
    const uint64_t swap_mask = use_masks && i >= 2 ? (here_mask << 1) & match[i - 1] : 0;
    for (size_t j = j_lo; j <= j_hi; ++j) {
      int value = std::min(prev[j] + 1, cur[j - 1] + 1);
      bool same = false;
      bool swapped = false;
      if (use_masks) {
        same = (here_mask >> (j - 1)) & 1;
        swapped = (swap_mask >> (j - 1)) & 1;
      } else {
        same = label == word[j - 1];
        swapped = i >= 2 && j >= 2 && label == word[j - 2] && path[i - 1] == word[j - 1];
      }
      value = std::min(value, prev[j - 1] + (same ? 0 : 1));
      if (swapped) {
        const int via = before[j - 2] + 1;
        if (via <= limit(j - 1)) value = std::min(value, via);
      }
      if (value > limit(j)) value = cap;
      cur[j] = static_cast<uint8_t>(value);
      row_min = std::min(row_min, value);
    }

    // Fuzzy only: every alignment crosses this row at some column j (a transposition over it
    // costs no less than the diagonal through it), and the rest of it costs at least the
    // difference between what is left of the word (m - j) and of the term (between min_rest
    // and max_rest code points; kMaxRest or more means unbounded for max_rest).
    const auto length_fits = [&](uint32_t min_rest, uint32_t max_rest) {
      const size_t longest = max_rest >= Node::kMaxRest ? SIZE_MAX : max_rest;
      for (size_t j = j_lo - 1; j <= j_hi; ++j) {
        if (cur[j] > budget) continue;
        const size_t left = m - j;
        const size_t gap = left < min_rest ? min_rest - left : left > longest ? left - longest : 0;
        if (cur[j] + gap <= b) return true;
      }
      return false;
    };

    const int at_m = (m >= j_lo && m <= j_hi) || m == 0 ? cur[m] : cap;
    const int here = at_m <= budget ? at_m + extra : over;
    if (prefix) {
      const int best_here = std::min(parent_best, here);
      best[i] = best_here;
      // OSA row minima never decrease with depth: if this row cannot beat best_here, no
      // descendant can, and the whole subtree matches at best_here (or not at all).
      if (row_min + extra >= best_here) {
        if (best_here <= allowed) {
          pieces.push_back({ranges[v].lo, ranges[v].hi, static_cast<uint8_t>(best_here)});
        }
        continue;
      }
      if (node.term_ends() && best_here <= allowed) {
        pieces.push_back({ranges[v].lo, ranges[v].lo + 1, static_cast<uint8_t>(best_here)});
      }
    } else {
      if (node.term_ends() && here <= allowed) {
        pieces.push_back({ranges[v].lo, ranges[v].lo + 1, static_cast<uint8_t>(here)});
      }
      if (row_min > budget || !length_fits(node.min_rest(), node.max_rest())) continue;
    }

    const uint32_t children_begin = node.first_child;
    const uint32_t children_end = nodes[v + 1].first_child;
    if (children_begin == children_end) continue;
    // A child row can gain a live cell without matching a code point (an insertion, or a
    // substitution) only from a live cell below the limit of the column it leads to.
    bool tight = true;
    for (size_t j = (j_lo >= 2 ? j_lo - 1 : 0); j <= j_hi && tight; ++j) {
      if (cur[j] <= limit(j) && cur[j] < limit(std::min(j + 1, m))) tight = false;
    }
    Frame& child_frame = frames[i];
    if (!tight || children_end - children_begin <= 4) {
      child_frame.next = children_begin;
      child_frame.end = children_end;
      child_frame.picked = false;
      d = i;
      continue;
    }
    // Tight row: a child can keep a live cell only through a diagonal step on a matching code
    // point, or a transposition. Its label must be word[j] or word[j - 1] for a live column j:
    // look those few labels up among the (sorted) children instead of computing a row for
    // every child. (In prefix mode a tight row implies best_here is over budget, so the
    // children skipped here never match.)
    char32_t wanted[kMaxPicked];
    size_t wanted_count = 0;
    if (cur[0] <= budget && m > 0) wanted[wanted_count++] = word[0];
    for (size_t j = j_lo; j <= j_hi && j < m; ++j) {
      if (cur[j] > budget) continue;
      wanted[wanted_count++] = word[j];
      wanted[wanted_count++] = word[j - 1];
    }
    std::sort(wanted, wanted + wanted_count);
    const size_t unique = std::unique(wanted, wanted + wanted_count) - wanted;
    child_frame.next = 0;
    child_frame.end = 0;
    child_frame.picked = true;
    const Node* first = nodes.data() + children_begin;
    const Node* last = nodes.data() + children_end;
    for (size_t w = 0; w < unique && first != last; ++w) {
      first = std::lower_bound(first, last, wanted[w],
                               [](const Node& n, char32_t c) { return n.label() < c; });
      if (first != last && first->label() == wanted[w]) {
        child_frame.ids[child_frame.end++] = static_cast<uint32_t>(first - nodes.data());
      }
    }
    if (child_frame.end > 0) d = i;
  }
}

// With a budget of two typos the plain walk explores every prefix within two edits of the word's
// prefixes, which is large near the top of a big trie. Split the word after column h instead
// (pigeonhole): an alignment with at most k typos either spends at most k - 1 of them on the
// columns up to h - the forward walk, limited to k - 1 there - or spends all k there and
// matches the rest of the word exactly, which the backward trie finds by walking the reversed
// word, exact over that rest first. Each walk reports a distance no smaller than the true one
// (it sees a subset of the alignments) and one of them sees the best alignment, so the smaller
// report is exact. The backward walk cannot charge the first-letter penalty as it goes (the
// first letter comes last), so it is added here.
std::vector<Lexicon::Piece> Lexicon::FuzzyPieces(std::u32string_view word,
                                                 const TypoRules& rules) const {
  const size_t m = word.size();
  const int allowed = AllowedTypos(m, rules);
  std::vector<Piece> pieces;
  if (allowed < 2) {
    Walk(forward_, word, rules, WalkPlan{}, pieces);
    return pieces;
  }
  const size_t h = (m - 1) / 2;  // columns 0..h get the forward walk's reduced limit
  Walk(forward_, word, rules, WalkPlan{.low_columns = h + 1, .low = allowed - 1}, pieces);

  std::u32string reversed(word);
  std::reverse(reversed.begin(), reversed.end());
  std::vector<Piece> backward;
  Walk(backward_, reversed, rules,
       WalkPlan{.low_columns = m - h, .low = 0, .charge_penalty = false}, backward);
  const int penalty = FirstLetterPenalty(rules);
  for (const Piece& piece : backward) {
    const uint32_t index = backward_to_term_[piece.lo];
    size_t position = offsets_[index];
    const char32_t first = NextCodePoint(blob_, position);
    const int distance = piece.distance + (first != word[0] ? penalty : 0);
    if (distance <= allowed) {
      pieces.push_back({index, index + 1, static_cast<uint8_t>(distance)});
    }
  }
  // A term found by both walks keeps its smaller distance.
  std::sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) {
    return a.lo != b.lo ? a.lo < b.lo : a.distance < b.distance;
  });
  pieces.erase(std::unique(pieces.begin(), pieces.end(),
                           [](const Piece& a, const Piece& b) { return a.lo == b.lo; }),
               pieces.end());
  return pieces;
}

}  // namespace starry::analyzers
