#include "analyzers/typo_rules.h"

#include <gtest/gtest.h>

namespace starry::analyzers {
namespace {

TEST(TypoRulesTest, DefaultBudgets) {
  const struct {
    size_t length;
    int typos;
  } cases[] = {{0, 0}, {1, 0}, {3, 0}, {4, 1}, {7, 1}, {8, 2}, {15, 2}, {100, 2}};
  for (const auto& c : cases) EXPECT_EQ(AllowedTypos(c.length), c.typos) << c.length;
  EXPECT_EQ(FirstLetterPenalty(), 1);
}

TEST(TypoRulesTest, Configurable) {
  const TypoRules strict{
      .min_length_one_typo = 5, .min_length_two_typos = 10, .first_letter_cost = 1};
  EXPECT_EQ(AllowedTypos(4, strict), 0);
  EXPECT_EQ(AllowedTypos(5, strict), 1);
  EXPECT_EQ(AllowedTypos(10, strict), 2);
  EXPECT_EQ(FirstLetterPenalty(strict), 0);
  EXPECT_EQ(FirstLetterPenalty(TypoRules{.first_letter_cost = 0}), 0);
  EXPECT_EQ(FirstLetterPenalty(TypoRules{.first_letter_cost = 3}), 2);
}

}  // namespace
}  // namespace starry::analyzers
