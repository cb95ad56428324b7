// Relevance on real names (issue 4): a ~20k-name sample of ../shared/data/names, misspelled
// with realistic edits under a fixed seed, must find the intended person in the top 5.
//
// Edits: confusable-letter substitutions, adjacent transpositions, deletions, insertions of a
// neighbouring key, doubled and undoubled letters; never on a word's first letter (the typo
// rules charge two edits for it) and only in words long enough to be allowed the typo (four
// code points for one edit, eight for two in one word, counted as typed: the rules allow typos
// by the length of the word the user typed, so a deletion that leaves "jac" of "jack" is not
// a typo the engine is meant to forgive).
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <fstream>
#include <map>
#include <set>

#include "analyzers/utf8.h"
#include "indexer/document_builder.h"
#include "query/lexicon_snapshot.h"
#include "query/searcher.h"
#include "tests/support/temp_dir.h"

namespace starry::query {
namespace {

constexpr size_t kSampleSize = 20000;
constexpr int kQueriesPerKind = 2000;

class Random {
 public:
  explicit Random(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }

 private:
  uint64_t s_;
};

struct Person {
  std::string name;
  double popularity = 0;
};

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == '\t') {
      out.push_back(line.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

bool IsAsciiName(const std::string& s) {
  for (unsigned char c : s) {
    if (c > 127) return false;
  }
  return true;
}

// Realistic single edits at position >= 1 of a lower-case ASCII word.
std::string Edit(const std::string& word, Random& r) {
  static const std::map<char, std::string> kConfusable = {
      {'a', "eos"}, {'e', "aiw"}, {'i', "eyo"}, {'o', "aiu"}, {'u', "oy"}, {'y', "ie"},
      {'c', "ksx"}, {'k', "cl"},  {'s', "zca"}, {'z', "s"},   {'m', "n"},  {'n', "mb"},
      {'t', "dr"},  {'d', "ts"},  {'b', "pv"},  {'p', "bo"},  {'g', "jh"}, {'j', "gh"},
      {'l', "k"},   {'r', "et"},  {'v', "fb"},  {'f', "vd"},  {'h', "gj"}, {'w', "ve"},
      {'x', "cz"},  {'q', "k"}};
  std::string w = word;
  size_t pos = 1 + r.Below(w.size() - 1);
  switch (r.Below(5)) {
    case 0: {  // substitution by a confusable letter
      auto it = kConfusable.find(w[pos]);
      char c = it == kConfusable.end() ? 'e' : it->second[r.Below(it->second.size())];
      if (c == w[pos]) c = (c == 'e' ? 'a' : 'e');
      w[pos] = c;
      break;
    }
    case 1:  // adjacent transposition (keeps the first letter)
      if (pos + 1 < w.size() && w[pos] != w[pos + 1]) {
        std::swap(w[pos], w[pos + 1]);
      } else {
        w.erase(pos, 1);
      }
      break;
    case 2:  // deletion
      w.erase(pos, 1);
      break;
    case 3: {  // insertion of a neighbouring key
      auto it = kConfusable.find(w[pos - 1]);
      w.insert(pos, 1, it == kConfusable.end() ? 'e' : it->second[0]);
      break;
    }
    default:  // doubled letter, or undoubled when already double
      if (w[pos] == w[pos - 1]) {
        w.erase(pos, 1);
      } else {
        w.insert(pos, 1, w[pos]);
      }
  }
  return w;
}

class RelevanceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::ifstream in(std::string(STARRY_SHARED_DATA) + "/names/combined_names.tsv");
    if (!in) return;
    analyzer_ = new analyzers::Analyzer(analyzers::Analyzer::Create().value());
    std::vector<Person> all;
    std::set<std::string> seen;
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      auto cols = SplitTabs(line);
      if (cols.empty() || cols[0].empty()) continue;
      std::string key = analyzer_->Fold(cols[0]);
      if (key.empty() || !seen.insert(key).second) continue;
      Person p{cols[0], cols.size() > 6 && !cols[6].empty() ? std::atof(cols[6].c_str()) : 0};
      all.push_back(std::move(p));
    }
    // The real misspellings' targets join the sample so that they can be measured.
    std::ifstream typos(std::string(STARRY_SHARED_DATA) + "/typos/person_name_typos.tsv");
    std::getline(typos, line);
    std::set<std::string> targets;
    while (std::getline(typos, line)) {
      auto cols = SplitTabs(line);
      if (cols.size() >= 2) {
        real_typos_.emplace_back(cols[0], cols[1]);
        targets.insert(analyzer_->Fold(cols[1]));
      }
    }
    Random r(20261122);
    for (size_t i = all.size(); i > 1; --i) std::swap(all[i - 1], all[r.Below(i)]);
    for (const auto& p : all) {
      if (sample_.size() < kSampleSize || targets.contains(analyzer_->Fold(p.name))) {
        sample_.push_back(p);
      }
    }
    dir_ = new starry::testing::TempDir();
    {
      Xapian::WritableDatabase db((dir_->path() / "index").string(), Xapian::DB_CREATE);
      indexer::DocumentBuilder builder(*analyzer_);
      for (size_t i = 0; i < sample_.size(); ++i) {
        indexer::CelebrityRecord rec;
        rec.id = "p" + std::to_string(i);
        rec.username = "p" + std::to_string(i);
        rec.display_name = sample_[i].name;
        rec.category_slug = "people";
        rec.category_name = "People";
        rec.bookings = static_cast<int64_t>(sample_[i].popularity * 10);
        db.add_document(builder.Build(rec));
      }
      db.commit();
    }
    db_ = new Xapian::Database((dir_->path() / "index").string());
    lexicon_ = new analyzers::Lexicon(BuildLexicon(*db_));
    columns_ = new ColumnStore(*db_);
  }
  static void TearDownTestSuite() {
    delete lexicon_;
    delete columns_;
    delete db_;
    delete dir_;
    delete analyzer_;
  }
  void SetUp() override {
    if (analyzer_ == nullptr) GTEST_SKIP() << "../shared/data is not beside the project";
  }

  // Rank (1-based) of person `index` for `text`, 0 when not in the top 5.
  static int RankOf(const std::string& text, size_t index) {
    SearchRequest request;
    request.text = text;
    request.sort = SortOrder::kRelevance;
    request.limit = 5;
    Searcher searcher(*db_, *columns_, *lexicon_, *analyzer_);
    auto result = searcher.Search(request);
    if (!result) return 0;
    std::string id = "\"id\":\"p" + std::to_string(index) + "\"";
    for (size_t i = 0; i < result->hits.size(); ++i) {
      if (result->hits[i].card_json.find(id) != std::string::npos) return static_cast<int>(i + 1);
    }
    return 0;
  }

  struct Recall {
    int queries = 0, at1 = 0, at5 = 0;
    std::vector<std::string> misses;
    void Add(int rank, const std::string& query, const std::string& target) {
      ++queries;
      at1 += rank == 1;
      at5 += rank >= 1;
      if (rank == 0 && misses.size() < 15) misses.push_back(query + " -> " + target);
    }
    double R1() const { return 100.0 * at1 / std::max(queries, 1); }
    double R5() const { return 100.0 * at5 / std::max(queries, 1); }
    std::string Report(const char* kind) const {
      char buf[160];
      snprintf(buf, sizeof buf, "%s: %d queries, recall@1 %.2f%%, recall@5 %.2f%%", kind, queries,
               R1(), R5());
      std::string out = buf;
      for (const auto& m : misses) out += "\n    miss: " + m;
      return out;
    }
  };

  // Misspells `edits` times; words eligible as the typo rules allow. nullopt: not eligible.
  static std::optional<std::string> Misspell(const std::string& name, int edits, Random& r) {
    std::vector<std::string> words;
    std::string word;
    for (char c : name + " ") {
      if (c == ' ') {
        if (!word.empty()) words.push_back(word);
        word.clear();
      } else {
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
    }
    auto letters = [](const std::string& w) {
      return std::all_of(w.begin(), w.end(),
                         [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
    };
    std::vector<size_t> ok4, ok8;
    for (size_t i = 0; i < words.size(); ++i) {
      if (!letters(words[i])) continue;
      if (words[i].size() >= 4) ok4.push_back(i);
      if (words[i].size() >= 8) ok8.push_back(i);
    }
    if (edits == 1) {
      if (ok4.empty()) return std::nullopt;
      size_t w = ok4[r.Below(ok4.size())];
      words[w] = Edit(words[w], r);
      if (words[w].size() < 4) return std::nullopt;
    } else if (ok4.size() >= 2 && (ok8.empty() || r.Below(2) == 0)) {
      size_t a = r.Below(ok4.size()), b = r.Below(ok4.size() - 1);
      if (b >= a) ++b;
      words[ok4[a]] = Edit(words[ok4[a]], r);
      words[ok4[b]] = Edit(words[ok4[b]], r);
      if (words[ok4[a]].size() < 4 || words[ok4[b]].size() < 4) return std::nullopt;
    } else if (!ok8.empty()) {
      size_t w = ok8[r.Below(ok8.size())];
      words[w] = Edit(Edit(words[w], r), r);
      if (words[w].size() < 8) return std::nullopt;
    } else {
      return std::nullopt;
    }
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
    return out;
  }

  Recall Misspelled(int edits, uint64_t seed) {
    Recall recall;
    Random r(seed);
    while (recall.queries < kQueriesPerKind) {
      size_t i = r.Below(sample_.size());
      if (!IsAsciiName(sample_[i].name)) continue;
      auto query = Misspell(sample_[i].name, edits, r);
      if (!query || analyzer_->Fold(*query) == analyzer_->Fold(sample_[i].name)) continue;
      recall.Add(RankOf(*query, i), *query, sample_[i].name);
    }
    return recall;
  }

  static analyzers::Analyzer* analyzer_;
  static starry::testing::TempDir* dir_;
  static Xapian::Database* db_;
  static analyzers::Lexicon* lexicon_;
  static ColumnStore* columns_;
  static std::vector<Person> sample_;
  static std::vector<std::pair<std::string, std::string>> real_typos_;
};

analyzers::Analyzer* RelevanceTest::analyzer_ = nullptr;
starry::testing::TempDir* RelevanceTest::dir_ = nullptr;
Xapian::Database* RelevanceTest::db_ = nullptr;
analyzers::Lexicon* RelevanceTest::lexicon_ = nullptr;
ColumnStore* RelevanceTest::columns_ = nullptr;
std::vector<Person> RelevanceTest::sample_;
std::vector<std::pair<std::string, std::string>> RelevanceTest::real_typos_;

TEST_F(RelevanceTest, OneEdit) {
  Recall recall = Misspelled(1, 1);
  std::cout << recall.Report("one edit") << std::endl;
  EXPECT_GE(recall.R5(), 99.5);
  EXPECT_GE(recall.R1(), 98.0);
}

TEST_F(RelevanceTest, TwoEdits) {
  Recall recall = Misspelled(2, 2);
  std::cout << recall.Report("two edits") << std::endl;
  EXPECT_GE(recall.R5(), 96.0);
}

TEST_F(RelevanceTest, AsciiFolded) {
  Recall recall;
  Random r(3);
  for (size_t tries = 0; recall.queries < kQueriesPerKind && tries < sample_.size() * 4; ++tries) {
    size_t i = r.Below(sample_.size());
    std::string folded = analyzer_->Fold(sample_[i].name);
    if (IsAsciiName(sample_[i].name) || folded.empty()) continue;
    recall.Add(RankOf(folded, i), folded, sample_[i].name);
  }
  std::cout << recall.Report("ascii-folded") << std::endl;
  EXPECT_GE(recall.R5(), 99.5);
}

TEST_F(RelevanceTest, RealMisspellings) {
  std::map<std::string, size_t> by_folded;
  for (size_t i = 0; i < sample_.size(); ++i) by_folded[analyzer_->Fold(sample_[i].name)] = i;
  Recall recall;
  for (const auto& [typo, correct] : real_typos_) {
    auto it = by_folded.find(analyzer_->Fold(correct));
    if (it == by_folded.end()) continue;
    recall.Add(RankOf(typo, it->second), typo, correct);
  }
  std::cout << recall.Report("real misspellings (person_name_typos.tsv)") << std::endl;
  EXPECT_GT(recall.queries, 30);
  EXPECT_GE(recall.R5(), 90.0);
}

}  // namespace
}  // namespace starry::query
