// Lexicon lookup latency: 1-typo and 2-typo word lookups, plain prefixes (1-3 letters, many
// matches) and prefixes with a typo, each over a fixed query set.
//
// Vocabulary: STARRY_BENCH_VOCAB=<file> (one term per line, optional TAB + frequency), else
// the index terms of the real names in ../shared/data/names/combined_names.tsv.
// STARRY_BENCH_SYNTHETIC_TERMS=<n> adds n made-up name-like words (an order-3 character model of
// the vocabulary) to measure at larger scale, e.g. 1000000.
//
// Besides Google Benchmark's mean per lookup, the *_Percentiles benchmarks time every lookup
// of the set individually (steady_clock) and report p50/p99/max in microseconds.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "analyzers/analyzer.h"
#include "analyzers/lexicon.h"
#include "analyzers/utf8.h"

namespace starry::analyzers {
namespace {

using Vocabulary = std::vector<std::pair<std::string, uint32_t>>;

Vocabulary ReadVocabularyFile(const std::string& path) {
  Vocabulary out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    const size_t tab = line.find('\t');
    const std::string term = line.substr(0, tab);
    const uint32_t frequency =
        tab == std::string::npos
            ? 1
            : static_cast<uint32_t>(std::strtoul(line.c_str() + tab + 1, nullptr, 10));
    if (!term.empty()) out.emplace_back(term, frequency);
  }
  return out;
}

Vocabulary NamesVocabulary() {
  auto analyzer = Analyzer::Create();
  if (!analyzer) {
    std::fprintf(stderr, "analyzer: %s\n", analyzer.error().message.c_str());
    std::exit(1);
  }
  std::ifstream in(std::string(STARRY_SHARED_DATA) + "/names/combined_names.tsv");
  if (!in) {
    std::fprintf(stderr, "names file not found under %s\n", STARRY_SHARED_DATA);
    std::exit(1);
  }
  std::unordered_map<std::string, uint32_t> counts;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    for (const IndexTerm& term : analyzer->AnalyzeForIndex(line.substr(0, line.find('\t')))) {
      ++counts[term.term];
    }
  }
  return Vocabulary(counts.begin(), counts.end());
}

// Made-up words from an order-3 character model of the ASCII terms: realistic shapes and
// shared prefixes, unlike uniform random strings.
void AddSyntheticTerms(Vocabulary& vocabulary, size_t count) {
  std::map<std::string, std::string> next;  // 3-char context -> observed next chars
  for (const auto& [term, frequency] : vocabulary) {
    if (!IsValidUtf8(term) || CodePointCount(term) != term.size()) continue;
    const std::string padded = "^^^" + term + "$";
    for (size_t i = 3; i < padded.size(); ++i) next[padded.substr(i - 3, 3)] += padded[i];
  }
  std::mt19937_64 rng(42);
  std::unordered_set<std::string> seen;
  for (const auto& entry : vocabulary) seen.insert(entry.first);
  for (size_t attempts = 0; count > 0 && attempts < 20 * count + 1000; ++attempts) {
    std::string word = "^^^";
    while (word.size() < 24) {
      const std::string& options = next[word.substr(word.size() - 3)];
      if (options.empty()) break;
      const char c = options[rng() % options.size()];
      if (c == '$') break;
      word += c;
    }
    word.erase(0, 3);
    if (word.size() < 2 || !seen.insert(word).second) continue;
    vocabulary.emplace_back(word, 1 + static_cast<uint32_t>(rng() % 50));
    --count;
  }
}

struct Fixture {
  Lexicon lexicon;
  std::vector<std::string> fuzzy1;       // 4-7 code points (one typo allowed), one edit
  std::vector<std::string> fuzzy2;       // 8+ code points (two typos allowed), two edits
  std::vector<std::string> prefix;       // 1-3 code points, exact: many matches, top 10
  std::vector<std::string> prefix_typo;  // 4-10 code points with one edit, top 10
};

std::u32string Mistype(std::u32string word, size_t edits, std::mt19937_64& rng) {
  for (size_t e = 0; e < edits; ++e) {
    const size_t at = 1 + rng() % (word.size() - 1);  // keep the first letter: realistic
    switch (rng() % 4) {
      case 0:
        word[at] = U'a' + static_cast<char32_t>(rng() % 26);
        break;
      case 1:
        if (at + 1 < word.size()) std::swap(word[at], word[at + 1]);
        break;
      case 2:
        word.erase(at, 1);
        break;
      default:
        word.insert(word.begin() + static_cast<std::ptrdiff_t>(at), word[at]);
        break;
    }
  }
  return word;
}

const Fixture& GetFixture() {
  static const Fixture* fixture = [] {
    auto* f = new Fixture;
    const char* path = std::getenv("STARRY_BENCH_VOCAB");
    Vocabulary vocabulary = path != nullptr ? ReadVocabularyFile(path) : NamesVocabulary();
    std::string source = path != nullptr ? path : "real names vocabulary";
    if (const char* extra = std::getenv("STARRY_BENCH_SYNTHETIC_TERMS")) {
      const size_t before = vocabulary.size();
      AddSyntheticTerms(vocabulary, std::strtoull(extra, nullptr, 10));
      source += " + " + std::to_string(vocabulary.size() - before) + " synthetic";
    }
    const auto started = std::chrono::steady_clock::now();
    f->lexicon = Lexicon::Build(std::move(vocabulary));
    const double build_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    std::printf("lexicon: %zu terms (%s), built in %.0f ms, %.1f MiB\n", f->lexicon.size(),
                source.c_str(), build_ms,
                static_cast<double>(f->lexicon.MemoryBytes()) / (1 << 20));

    std::mt19937_64 rng(2024);
    const size_t kPerKind = 1000;
    while (f->fuzzy1.size() < kPerKind || f->fuzzy2.size() < kPerKind ||
           f->prefix.size() < kPerKind || f->prefix_typo.size() < kPerKind) {
      const std::u32string word = DecodeUtf8(f->lexicon.term(rng() % f->lexicon.size()));
      const size_t n = word.size();
      // Keep the typo budget of each set clean: 4-7 code points allow one typo, 8+ two.
      if (n >= 4 && n <= 7 && f->fuzzy1.size() < kPerKind) {
        const std::u32string typed = Mistype(word, 1, rng);
        if (typed.size() >= 4 && typed.size() <= 7) f->fuzzy1.push_back(EncodeUtf8(typed));
      } else if (n >= 8 && f->fuzzy2.size() < kPerKind) {
        const std::u32string typed = Mistype(word, 2, rng);
        if (typed.size() >= 8) f->fuzzy2.push_back(EncodeUtf8(typed));
      }
      if (f->prefix.size() < kPerKind) {
        f->prefix.push_back(EncodeUtf8(word.substr(0, 1 + rng() % std::min<size_t>(3, n))));
      }
      if (n >= 5 && f->prefix_typo.size() < kPerKind) {
        const size_t length = 4 + rng() % (std::min<size_t>(10, n) - 3);
        f->prefix_typo.push_back(EncodeUtf8(Mistype(word.substr(0, length), 1, rng)));
      }
    }
    return f;
  }();
  return *fixture;
}

constexpr size_t kTopResults = 10;

enum class Kind { kFuzzy1, kFuzzy2, kPrefix, kPrefixTypo };

const std::vector<std::string>& QueriesOf(const Fixture& f, Kind kind) {
  switch (kind) {
    case Kind::kFuzzy1:
      return f.fuzzy1;
    case Kind::kFuzzy2:
      return f.fuzzy2;
    case Kind::kPrefix:
      return f.prefix;
    case Kind::kPrefixTypo:
      return f.prefix_typo;
  }
  return f.fuzzy1;
}

size_t Lookup(const Fixture& f, Kind kind, const std::string& query) {
  if (kind == Kind::kFuzzy1 || kind == Kind::kFuzzy2) return f.lexicon.Fuzzy(query).size();
  return f.lexicon.Prefix(query, {}, kTopResults).size();
}

void BM_Lookup(benchmark::State& state, Kind kind) {
  const Fixture& f = GetFixture();
  const auto& queries = QueriesOf(f, kind);
  size_t i = 0;
  size_t matches = 0;
  for (auto _ : state) {
    matches += Lookup(f, kind, queries[i]);
    i = (i + 1) % queries.size();
  }
  state.counters["matches_per_lookup"] =
      static_cast<double>(matches) / static_cast<double>(state.iterations());
}

// Times every lookup of the set, three passes. "all" percentiles are over every timed lookup;
// "best" percentiles are over each query's fastest pass, which filters out preemption by other
// processes on a shared machine and shows what the lookup itself costs.
void BM_Percentiles(benchmark::State& state, Kind kind, const char* name) {
  const Fixture& f = GetFixture();
  const auto& queries = QueriesOf(f, kind);
  constexpr int kPasses = 3;
  std::vector<double> all;
  std::vector<double> best(queries.size(), 1e18);
  for (auto _ : state) {
    all.clear();
    for (int pass = 0; pass < kPasses; ++pass) {
      for (size_t q = 0; q < queries.size(); ++q) {
        const auto started = std::chrono::steady_clock::now();
        benchmark::DoNotOptimize(Lookup(f, kind, queries[q]));
        const double micros =
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - started)
                .count();
        all.push_back(micros);
        best[q] = std::min(best[q], micros);
      }
    }
  }
  std::sort(all.begin(), all.end());
  std::sort(best.begin(), best.end());
  const auto at = [](const std::vector<double>& v, double q) {
    return v[static_cast<size_t>(q * static_cast<double>(v.size() - 1))];
  };
  state.counters["p50_us"] = at(all, 0.50);
  state.counters["p99_us"] = at(all, 0.99);
  state.counters["best_p50_us"] = at(best, 0.50);
  state.counters["best_p99_us"] = at(best, 0.99);
  std::printf(
      "%-12s %zu queries x %d: all p50=%.1fus p99=%.1fus max=%.1fus | "
      "best-of-%d p50=%.1fus p99=%.1fus max=%.1fus\n",
      name, queries.size(), kPasses, at(all, 0.5), at(all, 0.99), all.back(), kPasses,
      at(best, 0.5), at(best, 0.99), best.back());
}

BENCHMARK_CAPTURE(BM_Lookup, fuzzy_1typo, Kind::kFuzzy1)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Lookup, fuzzy_2typo, Kind::kFuzzy2)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Lookup, prefix_top10, Kind::kPrefix)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Lookup, prefix_typo_top10, Kind::kPrefixTypo)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Percentiles, fuzzy_1typo, Kind::kFuzzy1, "fuzzy_1typo")->Iterations(1);
BENCHMARK_CAPTURE(BM_Percentiles, fuzzy_2typo, Kind::kFuzzy2, "fuzzy_2typo")->Iterations(1);
BENCHMARK_CAPTURE(BM_Percentiles, prefix_top10, Kind::kPrefix, "prefix")->Iterations(1);
BENCHMARK_CAPTURE(BM_Percentiles, prefix_typo_top10, Kind::kPrefixTypo, "prefix_typo")
    ->Iterations(1);

}  // namespace
}  // namespace starry::analyzers

BENCHMARK_MAIN();
