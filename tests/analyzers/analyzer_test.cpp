#include "analyzers/analyzer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tests/analyzers/names_file.h"

namespace starry::analyzers {
namespace {

class AnalyzerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto created = Analyzer::Create();
    ASSERT_TRUE(created) << created.error().message;
    analyzer_ = new Analyzer(std::move(*created));
  }
  static void TearDownTestSuite() {
    delete analyzer_;
    analyzer_ = nullptr;
  }
  static const Analyzer& analyzer() { return *analyzer_; }

  static std::vector<std::pair<uint32_t, std::string>> IndexTerms(std::string_view text) {
    std::vector<std::pair<uint32_t, std::string>> out;
    for (const IndexTerm& term : analyzer().AnalyzeForIndex(text)) {
      out.emplace_back(term.position, term.term);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  static std::set<std::string> IndexTermSet(std::string_view text) {
    std::set<std::string> out;
    for (const IndexTerm& term : analyzer().AnalyzeForIndex(text)) out.insert(term.term);
    return out;
  }

  static std::vector<std::string> QueryTerms(std::string_view text) {
    std::vector<std::string> out;
    for (const QueryWord& word : analyzer().AnalyzeQuery(text)) out.push_back(word.term);
    return out;
  }

 private:
  static Analyzer* analyzer_;
};

Analyzer* AnalyzerTest::analyzer_ = nullptr;

using Terms = std::vector<std::pair<uint32_t, std::string>>;

struct IndexCase {
  std::string input;
  Terms terms;  // (position, term), sorted
};

const IndexCase kIndexCases[] = {
    {"Beyoncé", {{0, "beyonce"}, {0, "beyoncé"}}},
    {"Björk", {{0, "bjork"}, {0, "björk"}}},
    {"Ødegaard", {{0, "odegaard"}, {0, "ødegaard"}}},
    {"Zlatan Ibrahimović", {{0, "zlatan"}, {1, "ibrahimovic"}, {1, "ibrahimović"}}},
    {"İstanbul", {{0, "istanbul"}}},
    {"周杰倫", {{0, "zhou"}, {0, "周"}, {1, "jie"}, {1, "杰"}, {2, "lun"}, {2, "倫"}}},
    {"Мария Шарапова",
     {{0, "maria"},
      {0, "mariya"},
      {0, "мария"},
      {1, "sarapova"},
      {1, "sharapova"},
      {1, "шарапова"}}},
    {"O’Leary", {{0, "o"}, {0, "oleary"}, {1, "leary"}}},
    {"O'Leary", {{0, "o"}, {0, "oleary"}, {1, "leary"}}},
    {"Joseph Gordon-Levitt", {{0, "joseph"}, {1, "gordon"}, {1, "gordonlevitt"}, {2, "levitt"}}},
    {"J.K. Rowling", {{0, "j"}, {0, "jk"}, {1, "k"}, {2, "rowling"}}},
    {"J. K. Rowling", {{0, "j"}, {0, "jk"}, {1, "k"}, {2, "rowling"}}},
    {"J.K.Rowling", {{0, "j"}, {0, "jk"}, {0, "jkrowling"}, {1, "k"}, {2, "rowling"}}},
    {"George W. Bush", {{0, "george"}, {1, "w"}, {2, "bush"}}},
    {"50 Cent", {{0, "50"}, {1, "cent"}}},
    {"Run–D.M.C.", {{0, "run"}, {0, "rundmc"}, {1, "d"}, {1, "dmc"}, {2, "m"}, {3, "c"}}},
    {"Tommy “Tiny” Lister", {{0, "tommy"}, {1, "tiny"}, {2, "lister"}}},
    {"Judan Ali \u200e \u200e", {{0, "judan"}, {1, "ali"}}},
    {"Kiri霧", {{0, "kiri"}, {1, "wu"}, {1, "霧"}}},
    {"Ольга", {{0, "olga"}, {0, "ольга"}}},
    {"...  --- !!", {}},
    {"", {}},
};

TEST_F(AnalyzerTest, IndexTable) {
  for (const IndexCase& c : kIndexCases) {
    EXPECT_EQ(IndexTerms(c.input), c.terms) << c.input;
  }
}

TEST_F(AnalyzerTest, IndexPositionsIncreaseByWord) {
  const auto terms = analyzer().AnalyzeForIndex("Kevin O’Leary aka Mr. Wonderful");
  ASSERT_FALSE(terms.empty());
  EXPECT_TRUE(std::is_sorted(terms.begin(), terms.end(),
                             [](const auto& a, const auto& b) { return a.position < b.position; }));
  EXPECT_EQ(IndexTerms("Kevin O’Leary aka Mr. Wonderful"), (Terms{{0, "kevin"},
                                                                  {1, "o"},
                                                                  {1, "oleary"},
                                                                  {2, "leary"},
                                                                  {3, "aka"},
                                                                  {4, "mr"},
                                                                  {5, "wonderful"}}));
}

struct QueryCase {
  std::string input;
  std::vector<std::string> terms;
};

const QueryCase kQueryCases[] = {
    {"o'leary", {"oleary"}},
    {"O’Leary", {"oleary"}},
    {"o leary", {"o", "leary"}},
    {"gordon-levitt", {"gordonlevitt"}},
    {"gordon levitt", {"gordon", "levitt"}},
    {"J.K. Rowling", {"jk", "rowling"}},
    {"j. k. rowling", {"jk", "rowling"}},
    {"j k rowling", {"j", "k", "rowling"}},
    {"50 cent", {"50", "cent"}},
    {"  BEYONCÉ  ", {"beyonce"}},
    {"周杰倫", {"zhou", "jie", "lun"}},
    {"zhou jie lun", {"zhou", "jie", "lun"}},
    {"Мария Шарапова", {"mariya", "sharapova"}},
    {"bey", {"bey"}},
    {"o'lea", {"olea"}},
    {"!!!", {}},
};

TEST_F(AnalyzerTest, QueryTable) {
  for (const QueryCase& c : kQueryCases) EXPECT_EQ(QueryTerms(c.input), c.terms) << c.input;
}

TEST_F(AnalyzerTest, QueryAlternativesAndOffsets) {
  const std::string query = "周杰倫";
  const auto words = analyzer().AnalyzeQuery(query);
  ASSERT_EQ(words.size(), 3u);
  const std::vector<std::string> originals = {"周", "杰", "倫"};
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(words[i].alternatives, std::vector<std::string>{originals[i]});
    EXPECT_EQ(query.substr(words[i].begin, words[i].end - words[i].begin), originals[i]);
  }

  const std::string russian = "Мария Шарапова";
  const auto names = analyzer().AnalyzeQuery(russian);
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0].alternatives, (std::vector<std::string>{"мария", "maria"}));
  EXPECT_EQ(russian.substr(names[1].begin, names[1].end - names[1].begin), "Шарапова");

  const std::string irish = "Kevin O’Leary";
  const auto kevin = analyzer().AnalyzeQuery(irish);
  ASSERT_EQ(kevin.size(), 2u);
  EXPECT_TRUE(kevin[1].alternatives.empty());
  EXPECT_EQ(irish.substr(kevin[1].begin, kevin[1].end - kevin[1].begin), "O’Leary");

  const auto bjork = analyzer().AnalyzeQuery("Björk");
  ASSERT_EQ(bjork.size(), 1u);
  EXPECT_EQ(bjork[0].term, "bjork");
  EXPECT_EQ(bjork[0].alternatives, std::vector<std::string>{"björk"});
  EXPECT_EQ(bjork[0].begin, 0u);
  EXPECT_EQ(bjork[0].end, 6u);
}

TEST_F(AnalyzerTest, InvalidUtf8DoesNotCrash) {
  EXPECT_EQ(QueryTerms("Bj\xff\xc3\xb6rk"), std::vector<std::string>{"bjork"});
  EXPECT_TRUE(analyzer().AnalyzeForIndex("\xff\xfe\xc0").empty());
}

// Names picked from the real data set for what makes them hard: expected query words and
// index terms that must be present.
struct NameCase {
  std::string name;
  std::vector<std::string> query_terms;
  std::vector<std::string> indexed;
};

const NameCase kNameCases[] = {
    {"Björk", {"bjork"}, {"björk"}},
    {"Beyoncé", {"beyonce"}, {"beyoncé"}},
    {"Martin Ødegaard", {"martin", "odegaard"}, {"ødegaard"}},
    {"Zlatan Ibrahimović", {"zlatan", "ibrahimovic"}, {"ibrahimović"}},
    {"Kevin O’Leary aka Mr. Wonderful",
     {"kevin", "oleary", "aka", "mr", "wonderful"},
     {"o", "leary"}},
    {"Tommy “Tiny” Lister", {"tommy", "tiny", "lister"}, {}},
    {"Judan Ali \u200e \u200e", {"judan", "ali"}, {}},
    {"AmáΙia Rodrigues", {"amalia", "rodrigues"}, {"amália"}},
    {"Дмитрий Шостакович", {"dmitriy", "shostakovich"}, {"дмитрий", "dmitrij", "sostakovic"}},
    {"Дима Билан", {"dima", "bilan"}, {"дима", "билан"}},
    {"水木一郞", {"shui", "mu", "yi", "lang"}, {"水", "木", "一", "郞"}},
    {"Quinever 퀸에버", {"quinever", "kwinebeo"}, {"퀸에버", "kwin", "ebeo"}},
    {"محمد فوزي", {"mhmd", "fwzy"}, {"محمد", "فوزي"}},
    {"Nguyễn Du", {"nguyen", "du"}, {"nguyễn"}},
    {"Thích Quảng Đức", {"thich", "quang", "duc"}, {"đức"}},
    {"J. K. Rowling", {"jk", "rowling"}, {"j", "k"}},
    {"J.K. Rowling", {"jk", "rowling"}, {"j", "k"}},
    {"C. S. Lewis", {"cs", "lewis"}, {"c", "s"}},
    {"Joseph Gordon-Levitt", {"joseph", "gordonlevitt"}, {"gordon", "levitt"}},
    {"Jay-Z", {"jayz"}, {"jay", "z"}},
    {"Run–D.M.C.", {"rundmc"}, {"run", "dmc"}},
    {"50 Cent", {"50", "cent"}, {}},
    {"Sinéad O'Connor", {"sinead", "oconnor"}, {"sinéad", "o", "connor"}},
};

TEST_F(AnalyzerTest, RealNamesTable) {
  const auto names = testing::LoadNames();
  if (!names) GTEST_SKIP() << "shared names file absent";
  const std::set<std::string> all(names->begin(), names->end());
  for (const NameCase& c : kNameCases) {
    SCOPED_TRACE(c.name);
    EXPECT_TRUE(all.contains(c.name)) << "not in the data set";
    EXPECT_EQ(QueryTerms(c.name), c.query_terms);
    const std::set<std::string> indexed = IndexTermSet(c.name);
    for (const std::string& term : c.indexed) EXPECT_TRUE(indexed.contains(term)) << term;
  }
}

// The acceptance invariant: whatever the query side makes of a name - typed as is, folded, or
// case-folded - every word and every alternative is a term the index side produced for it.
TEST_F(AnalyzerTest, QueryWordsAreIndexedForAllRealNames) {
  const auto names = testing::LoadNames();
  if (!names) GTEST_SKIP() << "shared names file absent";
  size_t checked_words = 0;
  size_t failures = 0;
  for (const std::string& name : *names) {
    const std::set<std::string> indexed = IndexTermSet(name);
    for (const std::string& query :
         {name, analyzer().Fold(name), analyzer().normalizer().CaseFold(name)}) {
      for (const QueryWord& word : analyzer().AnalyzeQuery(query)) {
        ++checked_words;
        bool ok = indexed.contains(word.term) && word.begin < word.end && word.end <= query.size();
        for (const std::string& alternative : word.alternatives) {
          ok = ok && indexed.contains(alternative);
        }
        if (!ok && ++failures <= 20) {
          ADD_FAILURE() << "name \"" << name << "\" query \"" << query << "\": word \"" << word.term
                        << "\" not indexed";
        }
      }
    }
  }
  std::printf("[ invariant ] %zu names, %zu query words checked, %zu failures\n", names->size(),
              checked_words, failures);
  EXPECT_EQ(failures, 0u);
}

}  // namespace
}  // namespace starry::analyzers
