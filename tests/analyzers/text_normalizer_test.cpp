#include "analyzers/text_normalizer.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "tests/analyzers/names_file.h"

namespace starry::analyzers {
namespace {

class TextNormalizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto created = TextNormalizer::Create();
    ASSERT_TRUE(created) << created.error().message;
    normalizer_ = new TextNormalizer(std::move(*created));
  }
  static void TearDownTestSuite() {
    delete normalizer_;
    normalizer_ = nullptr;
  }
  static const TextNormalizer& normalizer() { return *normalizer_; }

 private:
  static TextNormalizer* normalizer_;
};

TextNormalizer* TextNormalizerTest::normalizer_ = nullptr;

struct FoldCase {
  std::string input;
  std::string folded;
  std::string case_folded;
};

const FoldCase kFoldCases[] = {
    {"Beyoncé", "beyonce", "beyoncé"},
    {"Ødegaard", "odegaard", "ødegaard"},
    {"Björk", "bjork", "björk"},
    {"Zlatan Ibrahimović", "zlatan ibrahimovic", "zlatan ibrahimović"},
    {"Мария Шарапова", "mariya sharapova", "мария шарапова"},
    {"周杰倫", "zhou jie lun", "周杰倫"},
    {"İstanbul", "istanbul", "istanbul"},
    {"Joseph Gordon-Levitt", "joseph gordon-levitt", "joseph gordon-levitt"},
    {"Joseph Gordon\u2013Levitt", "joseph gordon-levitt", "joseph gordon-levitt"},  // en dash
    // Typographic quotes and apostrophes become ASCII.
    {"Kevin O\u2019Leary", "kevin o'leary", "kevin o'leary"},
    {"Donald O\u00b4Connor", "donald o'connor", "donald o'connor"},
    {"Liliʻuokalani", "lili'uokalani", "lili'uokalani"},
    {"Tommy \u201cTiny\u201d Lister", "tommy \"tiny\" lister", "tommy \"tiny\" lister"},
    {"\u00abMelodiya\u00bb", "\"melodiya\"", "\"melodiya\""},
    // Invisible marks vanish, even inside words.
    {"Judan Ali \u200e \u200e", "judan ali", "judan ali"},
    {"Bey\u200bon\u00adc\u00e9\ufeff", "beyonce", "beyoncé"},
    {"Marco Infante\ufe0f\ufe0f", "marco infante", "marco infante"},
    {"\u202aAdele\u202c \u2066x\u2069", "adele x", "adele x"},
    // Compatibility forms, symbols, whitespace.
    {"Ｂｅｙｏｎｃé", "beyonce", "beyoncé"},
    {"Alpha\u00b2", "alpha2", "alpha2"},
    {"BloodPop\u00ae", "bloodpop", "bloodpop"},
    {"Oli London \U0001F1EC\U0001F1E7", "oli london", "oli london"},
    {"  Stra\u00dfe\t\u00a0Mann  ", "strasse mann", "strasse mann"},
    // Other scripts.
    {"Ольга Игорь", "olga igor", "ольга игорь"},  // BGN's ʹ for the soft sign is dropped
    {"水木一郞", "shui mu yi lang", "水木一郞"},
    {"Kiri霧", "kiri wu", "kiri霧"},
    {"Quinever 퀸에버", "quinever kwin-ebeo", "quinever 퀸에버"},
    {"DEATH NOTE デスノート", "death note desunoto", "death note デスノート"},
    // Case folding turns the final sigma into σ, as Unicode says.
    {"Αθανάσιος Μακεδόνας", "athanasios makedonas", "αθανάσιοσ μακεδόνασ"},
    {"Nguyễn Tấn Dũng", "nguyen tan dung", "nguyễn tấn dũng"},
    {"Olusẹgun Ọbasanjọ", "olusegun obasanjo", "olusẹgun ọbasanjọ"},
    {"Pāṇini", "panini", "pāṇini"},
    {"Łódź Æsir Þór", "lodz aesir thor", "łódź æsir þór"},
    // Decomposed input composes first.
    {"Beyonce\u0301", "beyonce", "beyoncé"},
    // A Greek capital iota posing as an l inside a Latin word.
    {"Am\u00e1\u0399ia Rodrigues", "amalia rodrigues", "amália rodrigues"},
    {"", "", ""},
    {"\u200b", "", ""},
};

TEST_F(TextNormalizerTest, FoldTable) {
  for (const FoldCase& c : kFoldCases) {
    EXPECT_EQ(normalizer().Fold(c.input), c.folded) << c.input;
    EXPECT_EQ(normalizer().CaseFold(c.input), c.case_folded) << c.input;
  }
}

TEST_F(TextNormalizerTest, InvalidUtf8IsDroppedNotFatal) {
  EXPECT_EQ(normalizer().Fold("Bj\xff\xc3\xb6rk"), "bjork");
  EXPECT_EQ(normalizer().CaseFold("Bj\xff\xc3\xb6rk"), "björk");
  EXPECT_EQ(normalizer().Fold("\xc3"), "");
  EXPECT_EQ(normalizer().Fold("a\xed\xa0\x80z"), "az");
  EXPECT_EQ(normalizer().Fold("caf\xef\xbf\xbd"), "caf");  // U+FFFD itself is dropped too
  const std::string garbage = "\xfe\xff\x80\xc0\xaf\xe0\x80";
  EXPECT_EQ(normalizer().Fold(garbage), "");
  EXPECT_FALSE(normalizer()
                   .BreakWords("ab\xff"
                               "cd")
                   .empty());
}

TEST_F(TextNormalizerTest, SegmentsKeepInputOffsets) {
  const std::string input = "Zlatan Ibrahimovi\u0107!";
  const std::vector<TextSegment> segments = normalizer().Segment(input);
  ASSERT_EQ(segments.size(), 4u);
  EXPECT_EQ(segments[0].original, "zlatan");
  EXPECT_TRUE(segments[0].is_word);
  EXPECT_FALSE(segments[1].is_word);
  EXPECT_EQ(segments[2].original, "ibrahimović");
  EXPECT_EQ(segments[2].folded, "ibrahimovic");
  EXPECT_EQ(input.substr(segments[2].begin, segments[2].end - segments[2].begin),
            "Ibrahimovi\u0107");
  EXPECT_EQ(segments[3].original, "!");
  EXPECT_FALSE(segments[3].is_word);
}

TEST_F(TextNormalizerTest, CyrillicGetsBothRomanisations) {
  const std::vector<TextSegment> segments = normalizer().Segment("Мария");
  ASSERT_EQ(segments.size(), 1u);
  EXPECT_EQ(segments[0].folded, "mariya");
  EXPECT_EQ(segments[0].generic, "maria");
  EXPECT_EQ(JoinSegments(segments, SegmentForm::kGeneric), "maria");
}

TEST_F(TextNormalizerTest, HanWordsAreSplitIntoIdeographs) {
  // ICU's dictionary keeps 水木 together; we split it so each ideograph is one word.
  const std::vector<TextSpan> spans = normalizer().BreakWords("水木一郞");
  std::vector<std::pair<size_t, size_t>> words;
  for (const TextSpan& span : spans) {
    if (span.is_word) words.emplace_back(span.begin, span.end);
  }
  EXPECT_EQ(words, (std::vector<std::pair<size_t, size_t>>{{0, 3}, {3, 6}, {6, 9}, {9, 12}}));
}

TEST_F(TextNormalizerTest, ConcurrentCallsAgree) {
  const std::vector<std::string> inputs = {"Beyoncé", "周杰倫", "Мария Шарапова", "Ødegaard"};
  std::vector<std::string> expected;
  for (const auto& input : inputs) expected.push_back(normalizer().Fold(input));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 300; ++round) {
        for (size_t i = 0; i < inputs.size(); ++i) {
          if (normalizer().Fold(inputs[i]) != expected[i]) ++mismatches[t];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

// Fold and CaseFold must be idempotent: a query typed in folded form analyses the same way.
TEST_F(TextNormalizerTest, IdempotentOverAllRealNames) {
  const auto names = testing::LoadNames();
  if (!names) GTEST_SKIP() << "shared names file absent";
  size_t failures = 0;
  for (const std::string& name : *names) {
    const std::string folded = normalizer().Fold(name);
    const std::string case_folded = normalizer().CaseFold(name);
    if (normalizer().Fold(folded) != folded || normalizer().CaseFold(case_folded) != case_folded ||
        normalizer().Fold(case_folded) != folded) {
      if (++failures <= 20) ADD_FAILURE() << "not idempotent: " << name << " -> " << folded;
    }
  }
  EXPECT_EQ(failures, 0u) << "of " << names->size() << " names";
}

}  // namespace
}  // namespace starry::analyzers
