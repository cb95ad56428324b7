#include "analyzers/edit_distance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "analyzers/utf8.h"

namespace starry::analyzers {
namespace {

struct DistanceCase {
  std::string a;
  std::string b;
  size_t osa;
  size_t typo;  // with the default rules (wrong first letter costs 2)
};

const DistanceCase kCases[] = {
    {"", "", 0, 0},
    {"", "abc", 3, 4},
    {"abc", "", 3, 4},
    {"beyonce", "beyonce", 0, 0},
    {"beyonce", "beyonse", 1, 1},   // substitution
    {"beyonce", "beyone", 1, 1},    // deletion
    {"beyonce", "beyoncee", 1, 1},  // insertion (doubled letter)
    {"beyonce", "beyocne", 1, 1},   // transposition costs one edit
    {"beyonce", "ebyonce", 1, 2},   // ... but not of the first letter
    {"beyonce", "veyonce", 1, 2},   // wrong first letter costs 2
    {"beyonce", "eyonce", 1, 2},    // missing first letter
    {"beyonce", "xbeyonce", 1, 2},  // extra first letter
    {"ca", "abc", 3, 4},            // OSA: no edit of a transposed pair (true Damerau gives 2)
    {"rihanna", "rhianna", 1, 1},
    {"schwarzenegger", "schwarzeneger", 1, 1},
    {"kitten", "sitting", 3, 4},
    {"ab", "ba", 1, 2},
    // Code points, not bytes.
    {"björk", "bjork", 1, 1},
    {"björk", "bjöork", 1, 1},
    {"周杰倫", "周杰伦", 1, 1},
    {"周杰倫", "杰周倫", 1, 2},
    {"шарапова", "шарапва", 1, 1},
    {"ødegaard", "odegaard", 1, 2},
};

TEST(EditDistanceTest, Table) {
  for (const DistanceCase& c : kCases) {
    SCOPED_TRACE(c.a + " / " + c.b);
    EXPECT_EQ(OsaDistance(c.a, c.b), c.osa);
    EXPECT_EQ(OsaDistance(c.b, c.a), c.osa);
    EXPECT_EQ(TypoDistance(c.a, c.b), c.typo);
    for (size_t max = 0; max <= 5; ++max) {
      EXPECT_EQ(BoundedTypoDistance(c.a, c.b, max), std::min(c.typo, max + 1)) << max;
    }
  }
}

TEST(EditDistanceTest, FirstLetterCostIsConfigurable) {
  EXPECT_EQ(TypoDistance("beyonce", "veyonce", TypoRules{.first_letter_cost = 1}), 1u);
  EXPECT_EQ(TypoDistance("beyonce", "veyonce", TypoRules{.first_letter_cost = 3}), 3u);
  EXPECT_EQ(TypoDistance("beyonce", "beyonse", TypoRules{.first_letter_cost = 3}), 1u);
}

TEST(EditDistanceTest, PrefixDistanceTable) {
  const struct {
    std::string query;
    std::string term;
    size_t distance;
  } cases[] = {
      {"", "anything", 0},
      {"bey", "beyonce", 0},
      {"beyonce", "beyonce", 0},
      {"bey", "be", 1},
      {"byeo", "beyonce", 1},
      {"beyx", "beyonce", 1},
      {"veyo", "beyonce", 2},
      {"schwarzen", "schwarzenegger", 0},
      {"shwarzen", "schwarzenegger", 1},
      {"bjo", "björk", 1},
      {"abc", "", 4},
      {"abcdef", "x", 7},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.query + " / " + c.term);
    EXPECT_EQ(PrefixTypoDistance(c.query, c.term, 10), c.distance);
  }
}

// The bounded forms against their definitions, on random strings over a small alphabet
// (small alphabets make transpositions and repeats frequent).
TEST(EditDistanceTest, BoundedFormsAgreeWithDefinitions) {
  std::mt19937 rng(20240607);
  const std::u32string alphabet = U"abcé周";
  const auto random_string = [&](size_t max_length) {
    std::u32string s(rng() % (max_length + 1), U'a');
    for (char32_t& c : s) c = alphabet[rng() % alphabet.size()];
    return s;
  };
  const TypoRules rule_sets[] = {TypoRules{}, TypoRules{.first_letter_cost = 1},
                                 TypoRules{.first_letter_cost = 3}};
  for (int round = 0; round < 20000; ++round) {
    const std::u32string q = random_string(7);
    const std::u32string t = random_string(9);
    const TypoRules& rules = rule_sets[round % 3];
    const size_t max = rng() % 4;
    const size_t full = TypoDistance(q, t, rules);
    ASSERT_EQ(BoundedTypoDistance(q, t, max, rules), std::min(full, max + 1))
        << EncodeUtf8(q) << " / " << EncodeUtf8(t);
    size_t best = SIZE_MAX;
    for (size_t i = 0; i <= t.size(); ++i) {
      best = std::min(best, TypoDistance(q, t.substr(0, i), rules));
    }
    ASSERT_EQ(PrefixTypoDistance(q, t, max, rules), std::min(best, max + 1))
        << EncodeUtf8(q) << " / " << EncodeUtf8(t);
  }
}

}  // namespace
}  // namespace starry::analyzers
