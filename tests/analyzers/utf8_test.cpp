#include "analyzers/utf8.h"

#include <gtest/gtest.h>

namespace starry::analyzers {
namespace {

TEST(Utf8Test, DecodesAndEncodesEveryLength) {
  const std::string text = "a\u00e9\u5468\U0001F600";
  EXPECT_EQ(DecodeUtf8(text), U"a\u00e9\u5468\U0001F600");
  EXPECT_EQ(EncodeUtf8(DecodeUtf8(text)), text);
  EXPECT_EQ(CodePointCount(text), 4u);
  EXPECT_TRUE(IsValidUtf8(text));
}

TEST(Utf8Test, InvalidBytesBecomeOneReplacementEach) {
  struct Case {
    std::string input;
    std::u32string decoded;
  };
  const Case cases[] = {
      {"a\xff"
       "b",
       U"a\uFFFDb"},                                      // never valid
      {"\xc3", U"\uFFFD"},                                // truncated 2-byte sequence
      {"\xe5\x91", U"\uFFFD\uFFFD"},                      // truncated 3-byte sequence
      {"\xc0\xaf", U"\uFFFD\uFFFD"},                      // overlong '/'
      {"\xed\xa0\x80", U"\uFFFD\uFFFD\uFFFD"},            // UTF-16 surrogate
      {"\xf4\x90\x80\x80", U"\uFFFD\uFFFD\uFFFD\uFFFD"},  // above U+10FFFF
  };
  for (const Case& c : cases) {
    EXPECT_EQ(DecodeUtf8(c.input), c.decoded) << c.input;
    EXPECT_FALSE(IsValidUtf8(c.input)) << c.input;
    EXPECT_TRUE(IsValidUtf8(SanitizeUtf8(c.input))) << c.input;
  }
}

TEST(Utf8Test, NextCodePointReportsValidity) {
  const std::string text = "\xff\xc3\xa9";
  size_t pos = 0;
  bool valid = true;
  EXPECT_EQ(NextCodePoint(text, pos, &valid), kReplacementChar);
  EXPECT_FALSE(valid);
  EXPECT_EQ(pos, 1u);
  EXPECT_EQ(NextCodePoint(text, pos, &valid), U'\u00e9');
  EXPECT_TRUE(valid);
  EXPECT_EQ(pos, 3u);
}

}  // namespace
}  // namespace starry::analyzers
