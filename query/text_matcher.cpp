#include "query/text_matcher.h"

#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>

#include "schema/document_schema.h"

namespace starry::query {

double TextMatcher::TierOf(const Candidate& c) {
  if (c.distance == 0) return c.prefix ? kTierPrefix : kTierExact;
  return c.distance == 1 ? kTierOneTypo : kTierTwoTypos;
}

std::vector<WordMatch> TextMatcher::Match(std::string_view text) const {
  std::vector<WordMatch> out;
  auto words = analyzer_.AnalyzeQuery(text);
  for (size_t i = 0; i < words.size(); ++i) {
    auto seen = std::find_if(out.begin(), out.end(), [&](const WordMatch& earlier) {
      return earlier.word.term == words[i].term;
    });
    if (seen != out.end()) {
      seen->positions.push_back(i);
      continue;
    }
    WordMatch m;
    m.word = words[i];
    m.positions.push_back(i);
    // The last word is still being typed unless the text ends with a space.
    m.last = i + 1 == words.size() && !text.empty() && text.back() != ' ';
    m.candidates = Candidates(m.word, m.last);
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<Candidate> TextMatcher::Candidates(const analyzers::QueryWord& word, bool last) const {
  // Remembered per thread: the lookups of a word are the same until the lexicon changes, and
  // the words people search repeat.
  thread_local std::unordered_map<std::string, std::vector<Candidate>> memo;
  thread_local uint64_t memo_of = 0;  // the lexicon's id
  std::string key = std::to_string(rules_.min_length_one_typo) + ',' +
                    std::to_string(rules_.min_length_two_typos) + ',' +
                    std::to_string(rules_.first_letter_cost) + (last ? ",L," : ",W,") + word.term;
  for (const auto& alt : word.alternatives) key += '\0' + alt;
  if (memo_of != lexicon_.id()) {
    memo.clear();
    memo_of = lexicon_.id();
  }
  if (auto it = memo.find(key); it != memo.end()) return it->second;

  std::map<std::string, Candidate> best;  // term -> best candidate
  auto keep = [&](Candidate c) {
    auto it = best.find(c.term);
    if (it == best.end() || TierOf(c) > TierOf(it->second)) best[c.term] = std::move(c);
  };
  auto fuzzy = lexicon_.Fuzzy(word.term, rules_);
  if (fuzzy.size() > kMaxFuzzyCandidates) fuzzy.resize(kMaxFuzzyCandidates);  // best first
  for (const auto& f : fuzzy) keep({f.term, f.distance, false, f.frequency});
  keep({word.term, 0, false});  // in bio (not in the lexicon) it may still match exactly
  for (const auto& alt : word.alternatives) keep({alt, 0, false});
  if (last) {
    for (const auto& p : lexicon_.Prefix(word.term, rules_, kMaxPrefixCandidates)) {
      if (p.term != word.term) keep({p.term, p.distance, true, p.frequency});
    }
  }
  std::vector<Candidate> candidates;
  for (auto& [term, c] : best) candidates.push_back(std::move(c));
  if (memo.size() >= kMaxRemembered) memo.clear();
  memo.emplace(std::move(key), candidates);
  return candidates;
}

Xapian::Query TextMatcher::BuildQuery(const std::vector<WordMatch>& words,
                                      std::optional<size_t> skip) {
  std::vector<Xapian::Query> per_word;
  size_t query_words = 0;  // repeats included: "duran duran" is a two-word name
  for (size_t i = 0; i < words.size(); ++i) {
    if (skip && *skip == i) continue;
    query_words += words[i].positions.size();
    std::vector<Xapian::Query> leaves;
    for (const auto& spec : schema::kTextFields) {
      std::string prefix(spec.prefix);
      for (const auto& c : words[i].candidates) {
        // Fields outside the lexicon (username, bio): only the words as typed match there.
        if (!spec.in_lexicon && (c.distance > 0 || c.prefix)) continue;
        leaves.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(prefix + c.term),
                            TierOf(c) + spec.weight);
      }
      if (!spec.in_lexicon && words[i].last && words[i].word.term.size() >= 3) {
        leaves.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                            Xapian::Query(Xapian::Query::OP_WILDCARD, prefix + words[i].word.term,
                                          10, Xapian::Query::WILDCARD_LIMIT_FIRST),
                            kTierPrefix + spec.weight);
      }
    }
    per_word.emplace_back(Xapian::Query::OP_MAX, leaves.begin(), leaves.end());
  }
  if (per_word.empty()) return Xapian::Query::MatchNothing;
  Xapian::Query all(Xapian::Query::OP_AND, per_word.begin(), per_word.end());
  Xapian::Query whole_name(
      Xapian::Query::OP_SCALE_WEIGHT,
      Xapian::Query(std::string(schema::kNameWordsPrefix) + std::to_string(query_words)),
      kWholeNameBonus);
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, all, whole_name);
}

std::optional<std::string> TextMatcher::Correction(const std::vector<WordMatch>& words) {
  std::vector<std::string> in_order;  // by query position: "swfit tayler swfit" keeps its order
  bool changed = false;
  for (const auto& w : words) {
    const Candidate* best = nullptr;
    for (const auto& c : w.candidates) {
      if (c.prefix || c.frequency == 0) continue;
      if (best == nullptr || c.distance < best->distance ||
          (c.distance == best->distance && c.frequency > best->frequency)) {
        best = &c;
      }
    }
    std::string word = best ? best->term : w.word.term;
    changed = changed || word != w.word.term;
    for (size_t at : w.positions) {
      if (in_order.size() <= at) in_order.resize(at + 1);
      in_order[at] = word;
    }
  }
  if (!changed) return std::nullopt;
  std::string corrected;
  for (const auto& word : in_order) {
    if (word.empty()) continue;
    if (!corrected.empty()) corrected += ' ';
    corrected += word;
  }
  return corrected;
}

}  // namespace starry::query
