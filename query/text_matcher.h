// @brief Query text -> per-word candidate terms (exact, prefix, one or two typos) -> a Xapian
// query whose weights rank by match quality first.
//
// Scoring uses Xapian::CoordWeight, under which a matching leaf contributes exactly its
// OP_SCALE_WEIGHT factor. Each word is an OP_MAX over its (field, candidate) leaves, scaled by
// tier + field weight, where the tiers (exact 4000 > prefix 3000 > one typo 2000 > two typos
// 1000) dwarf the field weights (<= 10 each): a document's score is the sum of each word's best
// match, so all else equal exact beats prefix beats one typo beats two, then the better field
// wins; popularity breaks the remaining ties (Searcher sorts by relevance, then popularity).
//
// The Xapian query is the definition of the scores: Searcher gets the same numbers from
// TextScorer, which reads the posting lists directly and is tested against it.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

#include "analyzers/analyzer.h"
#include "analyzers/lexicon.h"

namespace starry::query {

struct Candidate {
  std::string term;        // unprefixed
  int distance = 0;        // typos
  bool prefix = false;     // matched as a prefix of the term (last word only)
  uint32_t frequency = 0;  // documents with the term in a lexicon field; 0: not in the lexicon
};

struct WordMatch {
  analyzers::QueryWord word;
  bool last = false;  // the word being typed: also matches as a prefix
  // Where the word occurs among the query's words: more than once ("duran duran") is still
  // matched once.
  std::vector<size_t> positions;
  std::vector<Candidate> candidates;
};

inline constexpr double kTierExact = 4000, kTierPrefix = 3000, kTierOneTypo = 2000,
                        kTierTwoTypos = 1000;
// For a name with as many words as the query: below one tier step (typo order stays), above
// every field weight (a whole-name match beats a partial one of the same quality).
inline constexpr double kWholeNameBonus = 500;

class TextMatcher {
 public:
  TextMatcher(const analyzers::Analyzer& analyzer, const analyzers::Lexicon& lexicon,
              analyzers::TypoRules rules = {})
      : analyzer_(analyzer), lexicon_(lexicon), rules_(rules) {}

  // The words of `text` with their candidates, a repeated word once (all words must match, so
  // a repeat adds nothing but cost). A word with no candidate can match nothing.
  std::vector<WordMatch> Match(std::string_view text) const;

  // Every word must match (OP_AND); `skip` leaves one word out (zero-result relaxation).
  static Xapian::Query BuildQuery(const std::vector<WordMatch>& words,
                                  std::optional<size_t> skip = std::nullopt);

  // The best correction of each word (lowest distance, then most frequent), or nullopt when
  // every word already matches exactly.
  static std::optional<std::string> Correction(const std::vector<WordMatch>& words);

  static double TierOf(const Candidate& c);

 private:
  // A word's candidates: its typo matches, itself and its alternatives, and when `last`, the
  // terms it prefixes; a term once, at its best tier.
  std::vector<Candidate> Candidates(const analyzers::QueryWord& word, bool last) const;
  static constexpr size_t kMaxRemembered = 16384;

  const analyzers::Analyzer& analyzer_;
  const analyzers::Lexicon& lexicon_;
  analyzers::TypoRules rules_;
};

inline constexpr size_t kMaxPrefixCandidates = 60;
inline constexpr size_t kMaxFuzzyCandidates = 60;

}  // namespace starry::query
