// In-process search latency (issue 4) on a built index: exact names, one and two typos, 2-4
// letter prefixes, and a filter-only browse with every facet. Queries come from the index's
// own display names (fixed seed). Usage:
//   STARRY_BENCH_INDEX=$STARRY_DATA_DIR/index/live build/bench/search_bench
// Prints p50/p99 per kind (each query timed alone) besides Google Benchmark's means. The index's
// files are read first, into the OS page cache, as the server does when it opens a generation. Each
// text query runs once: the thread's read cache and word memo carry over from query to query and
// from kind to kind, as in a server thread that has been answering, but no query is timed
// with its own earlier answer remembered.
#include <benchmark/benchmark.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "query/lexicon_snapshot.h"
#include "query/page_cache.h"
#include "query/searcher.h"

namespace {

using starry::query::SearchRequest;

struct Fixture {
  Xapian::Database db;
  starry::analyzers::Analyzer analyzer = starry::analyzers::Analyzer::Create().value();
  starry::analyzers::Lexicon lexicon;
  std::unique_ptr<starry::query::ColumnStore> columns;
  std::map<std::string, std::vector<SearchRequest>> requests;

  Fixture() {
    const char* path = std::getenv("STARRY_BENCH_INDEX");
    if (path == nullptr) {
      std::fprintf(stderr, "set STARRY_BENCH_INDEX to an index (e.g. .starry/index/live)\n");
      std::exit(2);
    }
    db = Xapian::Database(path);
    auto started = std::chrono::steady_clock::now();
    auto since = [](auto t) {
      return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t)
          .count();
    };
    // As the server does with a generation it opens (query/page_cache.h): the index's files in
    // the OS page cache, whatever earlier runs left there.
    std::filesystem::path dir = path;
    if (std::filesystem::is_regular_file(dir)) {  // a stub: "auto <generation>"
      std::ifstream stub(dir);
      for (std::string line; std::getline(stub, line);) {
        if (line.starts_with("auto ")) dir = dir.parent_path() / line.substr(5);
      }
    }
    uint64_t bytes = starry::query::WarmPageCache(dir);
    std::printf("page cache: %.0f MB of %s read in %.0f ms\n", static_cast<double>(bytes) / 1e6,
                dir.c_str(), since(started));
    started = std::chrono::steady_clock::now();
    lexicon = starry::query::BuildLexicon(db);
    std::printf("index: %u documents; lexicon %zu terms built in %.0f ms\n", db.get_doccount(),
                lexicon.size(), since(started));
    started = std::chrono::steady_clock::now();
    columns = std::make_unique<starry::query::ColumnStore>(db);
    std::printf("columns loaded in %.0f ms\n", since(started));
    uint64_t state = 20261122;
    auto next = [&] {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      return state >> 33;
    };
    std::vector<std::string> names;
    while (names.size() < 300) {
      Xapian::docid id = static_cast<Xapian::docid>(1 + next() % db.get_lastdocid());
      try {
        rapidjson::Document card;
        std::string data = db.get_document(id).get_data();
        card.Parse(data.c_str());
        std::string name = card["displayName"].GetString();
        bool ascii = std::all_of(name.begin(), name.end(), [](char c) { return c > 0; });
        if (ascii && name.size() >= 8) names.push_back(name);
      } catch (const Xapian::DocNotFoundError&) {
      }
    }
    auto text = [](std::string q) {
      SearchRequest r;
      r.text = std::move(q);
      r.sort = starry::query::SortOrder::kRelevance;
      return r;
    };
    // STARRY_BENCH_QUERY=text: that query alone, as the benchmark "query" (for profiling).
    if (const char* q = std::getenv("STARRY_BENCH_QUERY")) requests["query"].push_back(text(q));
    for (auto name : names) {
      std::transform(name.begin(), name.end(), name.begin(), ::tolower);
      requests["exact"].push_back(text(name));
      std::string one = name;
      size_t at =
          1 + next() % (one.find(' ') == std::string::npos ? one.size() - 1 : one.find(' ') - 1);
      if (at + 1 < one.size() && one[at + 1] != ' ') std::swap(one[at], one[at + 1]);
      requests["one_typo"].push_back(text(one));
      std::string two = one;
      size_t last = two.rfind(' ');
      if (last != std::string::npos && last + 3 < two.size()) two.erase(last + 2, 1);
      requests["two_typos"].push_back(text(two));
      requests["prefix"].push_back(text(name.substr(0, 2 + next() % 3)));
    }
    for (const char* category : {"actors", "musicians", "athletes", "chefs", ""}) {
      SearchRequest browse;
      if (*category) browse.categories.push_back(category);
      browse.verified = true;
      requests["browse_all_facets"].push_back(browse);
    }
    // Warm-up, untimed: what a server thread does once per index generation and then keeps
    // (the scorer's slots by docid, the small fields' vocabulary, the whole catalogue's facet
    // counts), with requests the timed ones do not repeat.
    starry::query::Searcher warm(db, *columns, lexicon, analyzer);
    for (const char* q : {"warm", "up the", "z"}) (void)warm.Search(text(q));
    SearchRequest landing;
    (void)warm.Search(landing);
    landing.verified = true;
    (void)warm.Search(landing);
  }
};

Fixture& Shared() {
  static Fixture fixture;
  return fixture;
}

void BM_Search(benchmark::State& state, const std::string& kind) {
  Fixture& f = Shared();
  if (!f.requests.contains(kind)) {
    for (auto _ : state) {
    }
    state.SkipWithError("set STARRY_BENCH_QUERY to run it");
    return;
  }
  const auto& requests = f.requests.at(kind);
  starry::query::Searcher searcher(f.db, *f.columns, f.lexicon, f.analyzer);
  std::vector<double> ms;
  std::vector<std::tuple<double, std::string, int64_t>> slowest;  // time, text, total
  size_t i = 0;
  for (auto _ : state) {
    const auto& request = requests[i++ % requests.size()];
    auto started = std::chrono::steady_clock::now();
    auto result = searcher.Search(request);
    benchmark::DoNotOptimize(result);
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count());
    slowest.emplace_back(ms.back(), request.text, result ? result->total : -1);
  }
  // STARRY_BENCH_SLOWEST=N: which queries make the tail.
  if (const char* n = std::getenv("STARRY_BENCH_SLOWEST")) {
    std::sort(slowest.rbegin(), slowest.rend());
    for (size_t k = 0; k < slowest.size() && k < std::stoul(n); ++k) {
      const auto& [t, text, total] = slowest[k];
      std::fprintf(stderr, "  %s %.2f ms '%s' total %lld\n", kind.c_str(), t, text.c_str(),
                   static_cast<long long>(total));
    }
  }
  std::sort(ms.begin(), ms.end());
  state.counters["p50_ms"] = ms[ms.size() / 2];
  state.counters["p99_ms"] = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
}

BENCHMARK_CAPTURE(BM_Search, query, std::string("query"))
    ->Iterations(200)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Search, exact, std::string("exact"))
    ->Iterations(300)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Search, one_typo, std::string("one_typo"))
    ->Iterations(300)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Search, two_typos, std::string("two_typos"))
    ->Iterations(300)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Search, prefix_2_4, std::string("prefix"))
    ->Iterations(300)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Search, browse_all_facets, std::string("browse_all_facets"))
    ->Iterations(20)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
