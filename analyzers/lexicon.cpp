#include "analyzers/lexicon.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <numeric>
#include <queue>

#include "analyzers/utf8.h"

namespace starry::analyzers {
namespace {

constexpr uint64_t kMaxBlobBytes = std::numeric_limits<uint32_t>::max();

// Decodes one code point of a valid UTF-8 term; returns its length through `length`.
char32_t CodePointAt(std::string_view text, size_t pos, size_t& length) {
  size_t next = pos;
  const char32_t c = NextCodePoint(text, next);
  length = next - pos;
  return c;
}

}  // namespace

uint64_t Lexicon::NextId() {
  static std::atomic<uint64_t> next{1};
  return next++;
}

Lexicon::Lexicon() : offsets_{0} {
  forward_ = BuildTrie(blob_, offsets_);
  backward_ = forward_;
}

Lexicon Lexicon::Build(std::vector<std::pair<std::string, uint32_t>> terms) {
  for (auto& [term, frequency] : terms) {
    if (!IsValidUtf8(term)) term = SanitizeUtf8(term);
  }
  std::erase_if(terms, [](const auto& entry) { return entry.first.empty(); });
  std::sort(terms.begin(), terms.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });

  std::string blob;
  std::vector<uint32_t> offsets{0};
  std::vector<uint32_t> frequencies;
  for (size_t i = 0; i < terms.size();) {
    uint64_t frequency = 0;
    size_t j = i;
    for (; j < terms.size() && terms[j].first == terms[i].first; ++j) {
      frequency += terms[j].second;
    }
    if (blob.size() + terms[i].first.size() > kMaxBlobBytes) break;  // documented limit
    blob += terms[i].first;
    offsets.push_back(static_cast<uint32_t>(blob.size()));
    frequencies.push_back(
        static_cast<uint32_t>(std::min<uint64_t>(frequency, std::numeric_limits<uint32_t>::max())));
    i = j;
  }
  return FromSorted(std::move(blob), std::move(offsets), std::move(frequencies));
}

Lexicon Lexicon::FromSorted(std::string blob, std::vector<uint32_t> offsets,
                            std::vector<uint32_t> frequencies) {
  Lexicon lexicon;
  lexicon.blob_ = std::move(blob);
  lexicon.offsets_ = std::move(offsets);
  lexicon.frequencies_ = std::move(frequencies);
  lexicon.forward_ = BuildTrie(lexicon.blob_, lexicon.offsets_);
  lexicon.BuildBackward();
  lexicon.BuildRankTree();
  return lexicon;
}

std::string_view Lexicon::term(size_t index) const {
  return std::string_view(blob_).substr(offsets_[index], offsets_[index + 1] - offsets_[index]);
}

size_t Lexicon::MemoryBytes() const {
  const auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  return blob_.capacity() + bytes(offsets_) + bytes(frequencies_) + bytes(forward_.nodes) +
         bytes(forward_.ranges) + bytes(backward_.nodes) + bytes(backward_.ranges) +
         bytes(backward_to_term_) + bytes(rank_tree_);
}

std::optional<uint32_t> Lexicon::Frequency(std::string_view word) const {
  size_t lo = 0;
  size_t hi = size();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (term(mid) < word) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo < size() && term(lo) == word) return frequencies_[lo];
  return std::nullopt;
}

// Breadth-first: node v at depth d groups the terms of its range by their code point at depth
// d; a per-term cursor remembers where that code point starts, so every byte is decoded once.
Lexicon::Trie Lexicon::BuildTrie(std::string_view blob, const std::vector<uint32_t>& offsets) {
  const auto n = static_cast<uint32_t>(offsets.size() - 1);
  Trie trie;
  auto& nodes = trie.nodes;
  auto& ranges = trie.ranges;
  nodes.assign(1, Node{0, 0});
  ranges.assign(1, TermRange{0, n});
  std::vector<uint32_t> cursor(offsets.begin(), offsets.end() - 1);
  for (size_t v = 0; v < nodes.size(); ++v) {
    nodes[v].first_child = static_cast<uint32_t>(nodes.size());
    uint32_t t = ranges[v].lo;
    const uint32_t hi = ranges[v].hi;
    if (t < hi && cursor[t] == offsets[t + 1]) {  // the term equal to v's prefix
      nodes[v].bits |= Node::kTermEnds;
      ++t;
    }
    while (t < hi) {
      size_t length = 0;
      const char32_t c = CodePointAt(blob, cursor[t], length);
      const uint32_t start = t;
      for (; t < hi; ++t) {
        size_t other_length = 0;
        if (cursor[t] == offsets[t + 1] || CodePointAt(blob, cursor[t], other_length) != c) {
          break;
        }
        cursor[t] += static_cast<uint32_t>(other_length);
      }
      nodes.push_back(Node{static_cast<uint32_t>(c), 0});
      ranges.push_back(TermRange{start, t});
    }
  }
  nodes.push_back(Node{0, static_cast<uint32_t>(nodes.size())});  // sentinel
  ranges.push_back(TermRange{n, n});
  nodes.shrink_to_fit();
  ranges.shrink_to_fit();

  // Shortest and longest remaining length below each node, children before parents.
  for (size_t v = nodes.size() - 1; v-- > 0;) {
    uint32_t min_rest = nodes[v].term_ends() ? 0 : Node::kMaxRest;
    uint32_t max_rest = 0;
    for (uint32_t c = nodes[v].first_child; c < nodes[v + 1].first_child; ++c) {
      min_rest = std::min(min_rest, std::min(nodes[c].min_rest() + 1, Node::kMaxRest));
      max_rest = std::max(max_rest, std::min(nodes[c].max_rest() + 1, Node::kMaxRest));
    }
    nodes[v].bits |= (min_rest << Node::kMinRestShift) | (max_rest << Node::kMaxRestShift);
  }
  return trie;
}

// The same trie over every term spelt backwards (code point order reversed), and the map from
// its term order back to term indexes.
void Lexicon::BuildBackward() {
  const size_t n = size();
  std::vector<std::string> reversed(n);
  for (size_t i = 0; i < n; ++i) {
    std::u32string code_points = DecodeUtf8(term(i));
    std::reverse(code_points.begin(), code_points.end());
    reversed[i] = EncodeUtf8(code_points);
  }
  backward_to_term_.resize(n);
  std::iota(backward_to_term_.begin(), backward_to_term_.end(), 0);
  std::sort(backward_to_term_.begin(), backward_to_term_.end(),
            [&reversed](uint32_t a, uint32_t b) { return reversed[a] < reversed[b]; });
  std::string blob;
  blob.reserve(blob_.size());
  std::vector<uint32_t> offsets{0};
  offsets.reserve(n + 1);
  for (uint32_t index : backward_to_term_) {
    blob += reversed[index];
    offsets.push_back(static_cast<uint32_t>(blob.size()));
  }
  backward_ = BuildTrie(blob, offsets);
}

void Lexicon::BuildRankTree() {
  const size_t n = size();
  rank_tree_.assign(2 * n, 0);
  for (size_t i = 0; i < n; ++i) rank_tree_[n + i] = static_cast<uint32_t>(i);
  for (size_t p = n; p-- > 1;) {
    const uint32_t a = rank_tree_[2 * p];
    const uint32_t b = rank_tree_[2 * p + 1];
    rank_tree_[p] =
        (frequencies_[b] > frequencies_[a] || (frequencies_[b] == frequencies_[a] && b < a)) ? b
                                                                                             : a;
  }
}

uint32_t Lexicon::BestInRange(uint32_t lo, uint32_t hi) const {
  const auto better = [this](uint32_t a, uint32_t b) {
    return (frequencies_[b] > frequencies_[a] || (frequencies_[b] == frequencies_[a] && b < a)) ? b
                                                                                                : a;
  };
  const size_t n = size();
  uint32_t best = lo;
  for (size_t l = lo + n, r = hi + n; l < r; l >>= 1, r >>= 1) {
    if (l & 1) best = better(best, rank_tree_[l++]);
    if (r & 1) best = better(best, rank_tree_[--r]);
  }
  return best;
}

LexiconMatch Lexicon::MatchAt(uint32_t index, uint8_t distance) const {
  return LexiconMatch{std::string(term(index)), frequencies_[index], distance};
}

std::vector<LexiconMatch> Lexicon::Collect(const std::vector<Piece>& pieces,
                                           size_t max_results) const {
  size_t total = 0;
  for (const Piece& piece : pieces) total += piece.hi - piece.lo;
  std::vector<LexiconMatch> out;

  if (total <= max_results) {
    std::vector<std::pair<uint8_t, uint32_t>> found;  // (distance, index)
    found.reserve(total);
    for (const Piece& piece : pieces) {
      for (uint32_t t = piece.lo; t < piece.hi; ++t) found.emplace_back(piece.distance, t);
    }
    std::sort(found.begin(), found.end(), [this](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first < b.first;
      if (frequencies_[a.second] != frequencies_[b.second]) {
        return frequencies_[a.second] > frequencies_[b.second];
      }
      return a.second < b.second;
    });
    out.reserve(found.size());
    for (const auto& [distance, index] : found) out.push_back(MatchAt(index, distance));
    return out;
  }

  // Too many: take distances in increasing order and, within one distance, repeatedly the most
  // frequent term left among that distance's ranges (a heap of ranges keyed by their best).
  struct Candidate {
    uint32_t best;
    uint32_t lo;
    uint32_t hi;
  };
  const auto worse = [this](const Candidate& a, const Candidate& b) {
    if (frequencies_[a.best] != frequencies_[b.best]) {
      return frequencies_[a.best] < frequencies_[b.best];
    }
    return a.best > b.best;
  };
  uint8_t max_distance = 0;
  for (const Piece& piece : pieces) max_distance = std::max(max_distance, piece.distance);
  out.reserve(max_results);
  for (int distance = 0; distance <= max_distance && out.size() < max_results; ++distance) {
    std::priority_queue<Candidate, std::vector<Candidate>, decltype(worse)> heap(worse);
    for (const Piece& piece : pieces) {
      if (piece.distance == distance && piece.lo < piece.hi) {
        heap.push({BestInRange(piece.lo, piece.hi), piece.lo, piece.hi});
      }
    }
    while (!heap.empty() && out.size() < max_results) {
      const Candidate top = heap.top();
      heap.pop();
      out.push_back(MatchAt(top.best, static_cast<uint8_t>(distance)));
      if (top.lo < top.best) heap.push({BestInRange(top.lo, top.best), top.lo, top.best});
      if (top.best + 1 < top.hi) {
        heap.push({BestInRange(top.best + 1, top.hi), top.best + 1, top.hi});
      }
    }
  }
  return out;
}

std::vector<LexiconMatch> Lexicon::Fuzzy(std::string_view word, const TypoRules& rules) const {
  return Collect(FuzzyPieces(DecodeUtf8(word), rules), SIZE_MAX);
}

std::vector<LexiconMatch> Lexicon::Prefix(std::string_view word, const TypoRules& rules,
                                          size_t max_results) const {
  if (max_results == 0) return {};
  const std::u32string code_points = DecodeUtf8(word);
  const int allowed = AllowedTypos(code_points.size(), rules);
  // Iterative deepening: every match at distance <= d ranks before any match further away,
  // so once the walk limited to d typos finds max_results terms, the rest cannot make the cut.
  // As-you-type prefixes mostly stop at d = 0, whose walk is a single path down the trie.
  std::vector<Piece> pieces;
  for (int typos = max_results == SIZE_MAX ? allowed : 0; typos <= allowed; ++typos) {
    pieces.clear();
    Walk(forward_, code_points, rules, WalkPlan{.prefix = true, .max_typos = typos}, pieces);
    size_t found = 0;
    for (const Piece& piece : pieces) found += piece.hi - piece.lo;
    if (found >= max_results) break;
  }
  return Collect(pieces, max_results);
}

}  // namespace starry::analyzers
