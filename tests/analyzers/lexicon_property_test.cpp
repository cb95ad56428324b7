// The acceptance property of typo-tolerant lookup: over the real names vocabulary, Fuzzy() and
// Prefix() return exactly what a brute-force scan of every term with TypoDistance /
// PrefixTypoDistance returns - no miss, no extra, same distances - for thousands of random
// queries shaped like real typing mistakes.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "analyzers/analyzer.h"
#include "analyzers/edit_distance.h"
#include "analyzers/lexicon.h"
#include "analyzers/utf8.h"
#include "tests/analyzers/names_file.h"

namespace starry::analyzers {
namespace {

using Row = std::tuple<std::string, uint32_t, int>;  // term, frequency, distance

struct Outcome {
  size_t queries = 0;
  size_t fuzzy_matches = 0;
  size_t prefix_matches = 0;
  size_t term_comparisons = 0;
  std::vector<std::string> failures;
};

class QueryGenerator {
 public:
  QueryGenerator(const std::vector<std::u32string>& vocabulary, uint64_t seed)
      : vocabulary_(vocabulary), rng_(seed) {
    std::set<char32_t> seen;
    for (const auto& term : vocabulary) seen.insert(term.begin(), term.end());
    vocabulary_letters_.assign(seen.begin(), seen.end());
  }

  std::u32string Next() {
    std::u32string query;
    const size_t kind = Pick(100);
    if (kind < 45) {  // a whole word with typos
      query = vocabulary_[Pick(vocabulary_.size())];
      Mistype(query);
    } else if (kind < 85) {  // a word being typed, with typos
      const std::u32string& word = vocabulary_[Pick(vocabulary_.size())];
      query = word.substr(0, 1 + Pick(word.size()));
      Mistype(query);
    } else {  // noise
      query.resize(1 + Pick(15));
      for (char32_t& c : query) c = RandomLetter();
    }
    if (query.size() > 15) query.resize(15);
    if (query.empty()) query.push_back(RandomLetter());
    return query;
  }

 private:
  size_t Pick(size_t n) { return static_cast<size_t>(rng_() % n); }

  char32_t RandomLetter() {
    if (Pick(10) < 7) return static_cast<char32_t>(U'a' + Pick(26));
    return vocabulary_letters_[Pick(vocabulary_letters_.size())];
  }

  // 0-3 edits: substitution, transposition, deletion, insertion, doubled letter.
  void Mistype(std::u32string& word) {
    const size_t edits = Pick(4);
    for (size_t e = 0; e < edits && !word.empty(); ++e) {
      const size_t at = Pick(word.size());
      switch (Pick(5)) {
        case 0:
          word[at] = RandomLetter();
          break;
        case 1:
          if (at + 1 < word.size()) std::swap(word[at], word[at + 1]);
          break;
        case 2:
          if (word.size() > 1) word.erase(at, 1);
          break;
        case 3:
          word.insert(word.begin() + static_cast<std::ptrdiff_t>(Pick(word.size() + 1)),
                      RandomLetter());
          break;
        default:
          word.insert(word.begin() + static_cast<std::ptrdiff_t>(at), word[at]);
          break;
      }
    }
  }

  const std::vector<std::u32string>& vocabulary_;
  std::mt19937_64 rng_;
  std::vector<char32_t> vocabulary_letters_;
};

std::vector<Row> Rows(const std::vector<LexiconMatch>& matches) {
  std::vector<Row> rows;
  for (const auto& m : matches) rows.emplace_back(m.term, m.frequency, m.distance);
  return rows;
}

bool ProperlyOrdered(const std::vector<LexiconMatch>& matches) {
  return std::is_sorted(matches.begin(), matches.end(), [](const auto& a, const auto& b) {
    return std::tuple(a.distance, -static_cast<int64_t>(a.frequency), a.term) <
           std::tuple(b.distance, -static_cast<int64_t>(b.frequency), b.term);
  });
}

std::string Describe(const std::string& what, const std::string& query, const std::vector<Row>& got,
                     const std::vector<Row>& want) {
  std::string out = what + " \"" + query + "\": got";
  for (const auto& [term, frequency, distance] : got) {
    out += " " + term + ":" + std::to_string(distance);
  }
  out += " | brute force";
  for (const auto& [term, frequency, distance] : want) {
    out += " " + term + ":" + std::to_string(distance);
  }
  return out;
}

// Checks `queries` against a brute-force scan of the whole vocabulary.
void CheckQueries(const Lexicon& lexicon, const std::vector<std::u32string>& vocabulary,
                  const std::vector<std::u32string>& queries, const TypoRules& rules,
                  Outcome& outcome) {
  for (const std::u32string& query : queries) {
    const std::string word = EncodeUtf8(query);
    const auto allowed = static_cast<size_t>(AllowedTypos(query.size(), rules));
    std::vector<Row> want_fuzzy;
    std::vector<Row> want_prefix;
    for (size_t i = 0; i < vocabulary.size(); ++i) {
      const size_t distance = BoundedTypoDistance(query, vocabulary[i], allowed, rules);
      if (distance <= allowed) {
        want_fuzzy.emplace_back(lexicon.term(i), lexicon.frequency(i), distance);
      }
      const size_t prefix_distance = PrefixTypoDistance(query, vocabulary[i], allowed, rules);
      if (prefix_distance <= allowed) {
        want_prefix.emplace_back(lexicon.term(i), lexicon.frequency(i), prefix_distance);
      }
    }
    outcome.term_comparisons += 2 * vocabulary.size();
    ++outcome.queries;

    const auto fuzzy = lexicon.Fuzzy(word, rules);
    const auto prefix = lexicon.Prefix(word, rules);
    const auto head = lexicon.Prefix(word, rules, 10);
    outcome.fuzzy_matches += fuzzy.size();
    outcome.prefix_matches += prefix.size();

    std::vector<Row> got_fuzzy = Rows(fuzzy);
    std::vector<Row> got_prefix = Rows(prefix);
    if (!ProperlyOrdered(fuzzy)) outcome.failures.push_back("Fuzzy order \"" + word + "\"");
    if (!ProperlyOrdered(prefix)) outcome.failures.push_back("Prefix order \"" + word + "\"");
    if (head.size() != std::min<size_t>(10, prefix.size()) ||
        !std::equal(head.begin(), head.end(), prefix.begin())) {
      outcome.failures.push_back("Prefix max_results=10 \"" + word + "\"");
    }
    std::sort(got_fuzzy.begin(), got_fuzzy.end());
    std::sort(got_prefix.begin(), got_prefix.end());
    std::sort(want_fuzzy.begin(), want_fuzzy.end());
    std::sort(want_prefix.begin(), want_prefix.end());
    if (got_fuzzy != want_fuzzy) {
      outcome.failures.push_back(Describe("Fuzzy", word, got_fuzzy, want_fuzzy));
    }
    if (got_prefix != want_prefix) {
      outcome.failures.push_back(Describe("Prefix", word, got_prefix, want_prefix));
    }
  }
}

// The sample is divided by this. Under a sanitizer (a Debug build, about 50x slower) a tenth:
// memory errors show on any sample, and the plain build runs the whole one.
#ifdef STARRY_SANITIZED
constexpr size_t kScale = 10;
#else
constexpr size_t kScale = 1;
#endif

TEST(LexiconPropertyTest, FuzzyAndPrefixEqualBruteForceOnRealNames) {
  const auto names = testing::LoadNames();
  if (!names) GTEST_SKIP() << "shared names file absent";
  const auto started = std::chrono::steady_clock::now();

  auto analyzer = Analyzer::Create();
  ASSERT_TRUE(analyzer) << analyzer.error().message;
  std::unordered_map<std::string, uint32_t> counts;
  for (const std::string& name : *names) {
    for (const IndexTerm& term : analyzer->AnalyzeForIndex(name)) ++counts[term.term];
  }
  const Lexicon lexicon = Lexicon::Build({counts.begin(), counts.end()});
  std::vector<std::u32string> vocabulary;
  vocabulary.reserve(lexicon.size());
  for (size_t i = 0; i < lexicon.size(); ++i) vocabulary.push_back(DecodeUtf8(lexicon.term(i)));

  // 10,000 queries with the default rules, 1,000 more with each of two other rule sets (a tenth
  // of that under a sanitizer, see kScale).
  const struct {
    TypoRules rules;
    size_t count;
  } plans[] = {
      {TypoRules{}, 10000 / kScale},
      {TypoRules{.min_length_one_typo = 3, .min_length_two_typos = 6, .first_letter_cost = 1},
       1000 / kScale},
      {TypoRules{.min_length_one_typo = 2, .min_length_two_typos = 5, .first_letter_cost = 3},
       1000 / kScale},
  };
  QueryGenerator generator(vocabulary, /*seed=*/0x5EED2024);
  Outcome total;
  for (const auto& plan : plans) {
    std::vector<std::u32string> queries;
    for (size_t i = 0; i < plan.count; ++i) queries.push_back(generator.Next());
    // Brute force dominates the runtime: split the queries over two threads.
    const size_t half = queries.size() / 2;
    const std::vector<std::u32string> first(queries.begin(), queries.begin() + half);
    const std::vector<std::u32string> second(queries.begin() + half, queries.end());
    Outcome a;
    Outcome b;
    std::thread worker([&] { CheckQueries(lexicon, vocabulary, first, plan.rules, a); });
    CheckQueries(lexicon, vocabulary, second, plan.rules, b);
    worker.join();
    for (const Outcome* part : {&a, &b}) {
      total.queries += part->queries;
      total.fuzzy_matches += part->fuzzy_matches;
      total.prefix_matches += part->prefix_matches;
      total.term_comparisons += part->term_comparisons;
      total.failures.insert(total.failures.end(), part->failures.begin(), part->failures.end());
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf(
      "[ property ] vocabulary %zu terms from %zu names; %zu queries; matches compared: "
      "%zu fuzzy + %zu prefix; %zu brute-force term distances; %zu failures; %.1f s\n",
      lexicon.size(), names->size(), total.queries, total.fuzzy_matches, total.prefix_matches,
      total.term_comparisons, total.failures.size(), seconds);
  for (size_t i = 0; i < std::min<size_t>(total.failures.size(), 20); ++i) {
    ADD_FAILURE() << total.failures[i];
  }
  EXPECT_EQ(total.failures.size(), 0u);
  EXPECT_GE(total.queries, 10000u / kScale);
}

}  // namespace
}  // namespace starry::analyzers
