// @brief A vocabulary of (term, frequency) pairs with typo-tolerant word and prefix lookup:
// the candidate terms behind typo-tolerant search and search-as-you-type.
//
// Terms are stored sorted (UTF-8 byte order, i.e. code point order) with a trie over code
// points in breadth-first order, and a second trie over the terms spelt backwards. A lookup
// walks a trie with one optimal-string-alignment DP row per node (the previous two rows give
// transpositions), computing only the band of cells that can stay within the typo budget and
// pruning a subtree as soon as no cell of its row can. The first-letter penalty of TypoRules
// is charged once per first-level subtree, which rules most of them out at once; when a row
// has used its whole budget only children continuing an exact match are looked up; Fuzzy also
// prunes subtrees whose term lengths cannot fit. With a budget of two typos, Fuzzy splits the
// word in two halves (pigeonhole): a forward walk allowing one typo in the first half, and a
// backward walk that matches the second half exactly first (lexicon_walk.cpp). Prefix results
// that are whole subtrees are ranked by frequency with a range-maximum tree, so a short prefix
// with a max_results limit costs O(max_results log n), not the size of the subtree; bounded
// Prefix lookups also try 0, then 1, then 2 typos and stop as soon as enough terms are found.
//
// Cost: bench/lexicon_bench measures per-lookup latency. Memory is dominated by the two tries
// (16 bytes per node each): 6.4 MiB for the 56k terms of the real names, 137 MiB for 923k
// name-like terms (MemoryBytes()). Build and Load take about 2 s per million terms.
//
// Thread safety: a Lexicon is immutable after Build/Load; const member functions may be called
// concurrently. Limits: terms are UTF-8 (invalid bytes are replaced by U+FFFD at Build), the
// empty term is dropped, and the concatenated terms must stay under 4 GiB.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzers/typo_rules.h"
#include "common/result.h"

namespace starry::analyzers {

struct LexiconMatch {
  std::string term;
  uint32_t frequency = 0;
  uint8_t distance = 0;  // TypoDistance (Fuzzy) or best prefix TypoDistance (Prefix)

  friend bool operator==(const LexiconMatch&, const LexiconMatch&) = default;
};

class Lexicon {
 public:
  /// An empty lexicon: every lookup returns nothing.
  Lexicon();

  /// Builds from unsorted (term, frequency) pairs; duplicates have their frequencies summed
  /// (saturating at UINT32_MAX). Invalid UTF-8 bytes become U+FFFD; empty terms are dropped.
  static Lexicon Build(std::vector<std::pair<std::string, uint32_t>> terms);

  size_t size() const { return frequencies_.size(); }

  /// Unique per lexicon built in this process (a copy shares it, as it answers alike): for
  /// callers that remember lookups.
  uint64_t id() const { return id_; }

  /// The i-th term in code point order, and its frequency. Precondition: index < size().
  std::string_view term(size_t index) const;
  uint32_t frequency(size_t index) const { return frequencies_[index]; }

  /// Heap bytes held (terms, both tries, ranking tree): for capacity planning and metrics.
  size_t MemoryBytes() const;

  /// Exact lookup: the term's frequency, or nullopt when it is not in the vocabulary.
  std::optional<uint32_t> Frequency(std::string_view term) const;

  /// Every term t with TypoDistance(word, t, rules) <= AllowedTypos(code points of word, rules),
  /// the exact match (distance 0) included. Ordered by distance, then frequency (highest
  /// first), then term.
  std::vector<LexiconMatch> Fuzzy(std::string_view word, const TypoRules& rules = {}) const;

  /// Every term t having a prefix p (the empty prefix and t itself included) with
  /// TypoDistance(word, p, rules) <= AllowedTypos(code points of word, rules); `distance` is the
  /// smallest such distance (PrefixTypoDistance). Ordered like Fuzzy. With max_results, the
  /// result is the first max_results of that order: lowest distance, then highest frequency,
  /// then term.
  std::vector<LexiconMatch> Prefix(std::string_view word, const TypoRules& rules = {},
                                   size_t max_results = SIZE_MAX) const;

  /// Writes a versioned binary file (written to `path`.tmp, then renamed over `path`).
  /// Errors: kUnavailable when the file cannot be written.
  Status Save(const std::string& path) const;

  /// Reads a file written by Save. Errors: kNotFound (no such file), kUnavailable (cannot be
  /// read), kInvalidArgument (not a lexicon file, truncated, or corrupt: bad checksum, unsorted
  /// or malformed terms), kFailedPrecondition (written by an unsupported format version).
  static Result<Lexicon> Load(const std::string& path);

 private:
  // A run of terms [lo, hi) (indexes in the order of the trie walked) matching at one distance.
  struct Piece {
    uint32_t lo;
    uint32_t hi;
    uint8_t distance;
  };

  // A trie over code points, nodes in breadth-first order (node 0 is the root, the empty
  // prefix; a sentinel node closes the array). Node v's children are nodes
  // [nodes[v].first_child, nodes[v + 1].first_child); the terms below v (v's prefix included)
  // are ranges[v], the first of them equal to v's prefix if kTermEnds is set. `bits` packs the
  // label with the shortest and longest term length below the node, counted from the node
  // (saturating at kMaxRest), which lets Fuzzy prune on length differences. The walk reads the
  // 8-byte nodes; ranges only when something matches.
  struct Node {
    static constexpr uint32_t kLabelMask = 0x1FFFFF;
    static constexpr uint32_t kMaxRest = 31;
    static constexpr int kMinRestShift = 21;
    static constexpr int kMaxRestShift = 26;
    static constexpr uint32_t kTermEnds = 0x80000000u;
    uint32_t bits;
    uint32_t first_child;

    char32_t label() const { return bits & kLabelMask; }
    bool term_ends() const { return (bits & kTermEnds) != 0; }
    uint32_t min_rest() const { return (bits >> kMinRestShift) & kMaxRest; }
    uint32_t max_rest() const { return (bits >> kMaxRestShift) & kMaxRest; }
  };
  struct TermRange {
    uint32_t lo;
    uint32_t hi;
  };
  struct Trie {
    std::vector<Node> nodes;
    std::vector<TermRange> ranges;
  };

  // What one walk looks for. Fuzzy with two typos runs two restricted walks (see Fuzzy in
  // lexicon_walk.cpp): the first `low_columns` columns of the DP (code points of the word
  // consumed) may then carry at most `low` typos. The first-letter penalty is charged by the
  // walk on the forward trie, by the caller on the reversed one.
  struct WalkPlan {
    bool prefix = false;
    size_t low_columns = 0;
    int low = 0;
    bool charge_penalty = true;
    int max_typos = 2;  // lowers AllowedTypos (iterative deepening in Prefix)
  };

  // Takes sorted, unique, non-empty, valid UTF-8 terms; builds both tries and the ranking tree.
  static Lexicon FromSorted(std::string blob, std::vector<uint32_t> offsets,
                            std::vector<uint32_t> frequencies);
  static Trie BuildTrie(std::string_view blob, const std::vector<uint32_t>& offsets);
  void BuildBackward();
  void BuildRankTree();

  void Walk(const Trie& trie, std::u32string_view word, const TypoRules& rules,
            const WalkPlan& plan, std::vector<Piece>& pieces) const;
  std::vector<Piece> FuzzyPieces(std::u32string_view word, const TypoRules& rules) const;
  uint32_t BestInRange(uint32_t lo, uint32_t hi) const;
  std::vector<LexiconMatch> Collect(const std::vector<Piece>& pieces, size_t max_results) const;
  LexiconMatch MatchAt(uint32_t index, uint8_t distance) const;

  static uint64_t NextId();
  uint64_t id_ = NextId();

  // Terms, sorted: term i is blob_[offsets_[i], offsets_[i + 1]).
  std::string blob_;
  std::vector<uint32_t> offsets_;
  std::vector<uint32_t> frequencies_;

  Trie forward_;                            // over the terms
  Trie backward_;                           // over the terms spelt backwards
  std::vector<uint32_t> backward_to_term_;  // backward_'s term order -> term index

  // Bottom-up segment tree over term indexes holding, per node, the index of the most
  // frequent term of its range (ties: the smaller index). Leaves at [size(), 2 * size()).
  std::vector<uint32_t> rank_tree_;
};

}  // namespace starry::analyzers
