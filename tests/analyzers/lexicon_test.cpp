#include "analyzers/lexicon.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace starry::analyzers {
namespace {

using Pairs = std::vector<std::pair<std::string, uint32_t>>;
using Found = std::vector<std::pair<std::string, int>>;  // (term, distance), result order

Found Summary(const std::vector<LexiconMatch>& matches) {
  Found out;
  for (const LexiconMatch& match : matches) out.emplace_back(match.term, match.distance);
  return out;
}

Lexicon SmallLexicon() {
  return Lexicon::Build({{"beyonce", 100},
                         {"beyond", 50},
                         {"bey", 5},
                         {"beyonse", 2},
                         {"veyonce", 1},
                         {"bjork", 20},
                         {"björk", 10},
                         {"周杰倫", 3},
                         {"schwarzenegger", 7},
                         {"schwarzenberg", 4}});
}

TEST(LexiconTest, BuildSortsSumsDuplicatesAndDropsEmptyTerms) {
  const Lexicon lexicon =
      Lexicon::Build({{"b", 1}, {"a", 2}, {"b", 3}, {"", 9}, {"c\xff", 1}, {"a", 4294967295u}});
  ASSERT_EQ(lexicon.size(), 3u);
  EXPECT_EQ(lexicon.term(0), "a");
  EXPECT_EQ(lexicon.frequency(0), 4294967295u);  // saturates
  EXPECT_EQ(lexicon.term(1), "b");
  EXPECT_EQ(lexicon.frequency(1), 4u);
  EXPECT_EQ(lexicon.term(2), "c\uFFFD");  // invalid UTF-8 replaced
  EXPECT_EQ(lexicon.Frequency("b"), 4u);
  EXPECT_EQ(lexicon.Frequency("z"), std::nullopt);
  EXPECT_EQ(lexicon.Frequency(""), std::nullopt);
}

TEST(LexiconTest, EmptyLexiconFindsNothing) {
  const Lexicon empty;
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_TRUE(empty.Fuzzy("beyonce").empty());
  EXPECT_TRUE(empty.Prefix("").empty());
  EXPECT_TRUE(Lexicon::Build({}).Prefix("b").empty());
}

TEST(LexiconTest, FuzzyTable) {
  const Lexicon lexicon = SmallLexicon();
  const struct {
    std::string word;
    Found found;
  } cases[] = {
      {"beyonce", {{"beyonce", 0}, {"beyonse", 1}}},  // veyonce: wrong first letter costs 2
      {"beyocne", {{"beyonce", 1}}},                  // transposition is one typo
      {"bjork", {{"bjork", 0}, {"björk", 1}}},
      {"bey", {{"bey", 0}}},  // under 4 letters: exact only
      {"bez", {}},
      {"eyonce", {}},  // missing first letter costs 2
      {"schwarzeneger", {{"schwarzenegger", 1}}},
      {"shwarzenegger", {{"schwarzenegger", 1}}},
      {"schwarzenbreg", {{"schwarzenberg", 1}}},
      {"schwarzeneggre", {{"schwarzenegger", 1}}},
      {"schwarzenegerr", {{"schwarzenegger", 2}}},  // 14 letters: two typos
      {"", {}},
  };
  for (const auto& c : cases) EXPECT_EQ(Summary(lexicon.Fuzzy(c.word)), c.found) << c.word;
  EXPECT_EQ(Summary(lexicon.Fuzzy("beyonce", TypoRules{.first_letter_cost = 1})),
            (Found{{"beyonce", 0}, {"beyonse", 1}, {"veyonce", 1}}));
  EXPECT_EQ(Summary(lexicon.Fuzzy("周杰伦")), Found{});
  EXPECT_EQ(Summary(lexicon.Fuzzy("周杰伦", TypoRules{.min_length_one_typo = 3})),
            (Found{{"周杰倫", 1}}));
}

TEST(LexiconTest, FuzzyReportsFrequencies) {
  const auto matches = SmallLexicon().Fuzzy("bjork");
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0], (LexiconMatch{"bjork", 20, 0}));
  EXPECT_EQ(matches[1], (LexiconMatch{"björk", 10, 1}));
}

TEST(LexiconTest, PrefixTable) {
  const Lexicon lexicon = SmallLexicon();
  const struct {
    std::string word;
    Found found;
  } cases[] = {
      {"bey", {{"beyonce", 0}, {"beyond", 0}, {"bey", 0}, {"beyonse", 0}}},
      {"beyo", {{"beyonce", 0}, {"beyond", 0}, {"beyonse", 0}, {"bey", 1}}},
      {"byeo", {{"beyonce", 1}, {"beyond", 1}, {"beyonse", 1}}},
      {"bjö", {{"björk", 0}}},
      {"bjo", {{"bjork", 0}}},
      {"bjor", {{"bjork", 0}, {"björk", 1}}},
      {"schwarzenbe", {{"schwarzenberg", 0}, {"schwarzenegger", 1}}},
      {"周杰", {{"周杰倫", 0}}},
      {"x", {}},
  };
  for (const auto& c : cases) EXPECT_EQ(Summary(lexicon.Prefix(c.word)), c.found) << c.word;
}

TEST(LexiconTest, PrefixMaxResultsKeepsTheBest) {
  const Lexicon lexicon = SmallLexicon();
  EXPECT_EQ(Summary(lexicon.Prefix("bey", {}, 2)), (Found{{"beyonce", 0}, {"beyond", 0}}));
  EXPECT_EQ(Summary(lexicon.Prefix("beyo", {}, 3)),
            (Found{{"beyonce", 0}, {"beyond", 0}, {"beyonse", 0}}));
  EXPECT_TRUE(lexicon.Prefix("bey", {}, 0).empty());
  EXPECT_EQ(lexicon.Prefix("").size(), lexicon.size());
  EXPECT_EQ(Summary(lexicon.Prefix("", {}, 1)), (Found{{"beyonce", 0}}));

  // Many matches: the bounded answer is the head of the full, ordered one.
  Pairs terms;
  for (int i = 0; i < 5000; ++i) {
    terms.emplace_back("s" + std::to_string(i), static_cast<uint32_t>((i * 7919) % 613));
    terms.emplace_back("t" + std::to_string(i), static_cast<uint32_t>(i % 17));
  }
  const Lexicon big = Lexicon::Build(terms);
  for (const std::string word : {"s", "s1", "s12", "t", "s123", "s1234"}) {
    const auto all = big.Prefix(word);
    for (const size_t limit : {1, 10, 100, 1000}) {
      const auto head = big.Prefix(word, {}, limit);
      ASSERT_EQ(head.size(), std::min(limit, all.size())) << word;
      EXPECT_TRUE(std::equal(head.begin(), head.end(), all.begin())) << word << " " << limit;
    }
  }
}

TEST(LexiconTest, ConcurrentLookupsAgree) {
  const Lexicon lexicon = SmallLexicon();
  const auto expected_fuzzy = lexicon.Fuzzy("beyonce");
  const auto expected_prefix = lexicon.Prefix("beyo");
  std::atomic<int> mismatches = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 2000; ++round) {
        if (lexicon.Fuzzy("beyonce") != expected_fuzzy) ++mismatches;
        if (lexicon.Prefix("beyo") != expected_prefix) ++mismatches;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
}

class LexiconFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("starry_lexicon_" + std::to_string(::getpid()) + "_" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string PathOf(const std::string& name) const { return (dir_ / name).string(); }

  static std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  static void WriteAll(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  // The file format's checksum, to forge files that pass it but break other checks.
  static void FixChecksum(std::string& bytes) {
    uint64_t hash = 0xcbf29ce484222325ULL;
    for (size_t i = 40; i < bytes.size(); ++i) {
      hash ^= static_cast<unsigned char>(bytes[i]);
      hash *= 0x100000001b3ULL;
    }
    for (int i = 0; i < 8; ++i) bytes[32 + i] = static_cast<char>(hash >> (8 * i));
  }

  std::filesystem::path dir_;
};

TEST_F(LexiconFileTest, SaveLoadRoundTrip) {
  const Lexicon lexicon = SmallLexicon();
  const std::string path = PathOf("lexicon.bin");
  ASSERT_TRUE(lexicon.Save(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  auto loaded = Lexicon::Load(path);
  ASSERT_TRUE(loaded) << loaded.error().message;
  ASSERT_EQ(loaded->size(), lexicon.size());
  for (size_t i = 0; i < lexicon.size(); ++i) {
    EXPECT_EQ(loaded->term(i), lexicon.term(i));
    EXPECT_EQ(loaded->frequency(i), lexicon.frequency(i));
  }
  for (const std::string word : {"beyonce", "bjork", "bey", "schwarzenegerr", "周杰伦"}) {
    EXPECT_EQ(loaded->Fuzzy(word), lexicon.Fuzzy(word)) << word;
    EXPECT_EQ(loaded->Prefix(word), lexicon.Prefix(word)) << word;
  }

  ASSERT_TRUE(Lexicon().Save(PathOf("empty.bin")));
  auto empty = Lexicon::Load(PathOf("empty.bin"));
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->size(), 0u);
}

TEST_F(LexiconFileTest, MissingAndUnwritableFiles) {
  auto missing = Lexicon::Load(PathOf("absent.bin"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  auto saved = SmallLexicon().Save(PathOf("no/such/dir/lexicon.bin"));
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().code, ErrorCode::kUnavailable);
}

TEST_F(LexiconFileTest, RejectsEveryTruncation) {
  const std::string path = PathOf("lexicon.bin");
  ASSERT_TRUE(SmallLexicon().Save(path));
  const std::string bytes = ReadAll(path);
  for (size_t length = 0; length < bytes.size(); ++length) {
    WriteAll(path, bytes.substr(0, length));
    auto loaded = Lexicon::Load(path);
    ASSERT_FALSE(loaded) << length;
    EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument) << length;
  }
  WriteAll(path, bytes + "x");
  EXPECT_FALSE(Lexicon::Load(path));
}

TEST_F(LexiconFileTest, RejectsEveryFlippedByte) {
  const std::string path = PathOf("lexicon.bin");
  ASSERT_TRUE(SmallLexicon().Save(path));
  const std::string bytes = ReadAll(path);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i >= 12 && i < 16) continue;  // reserved header word: ignored by design
    std::string corrupt = bytes;
    corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5A);
    WriteAll(path, corrupt);
    EXPECT_FALSE(Lexicon::Load(path)) << "byte " << i;
  }
}

TEST_F(LexiconFileTest, RejectsForeignAndNewerFiles) {
  const std::string path = PathOf("lexicon.bin");
  WriteAll(path, "name\tcount\nbeyonce\t3\n");
  auto foreign = Lexicon::Load(path);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, ErrorCode::kInvalidArgument);

  ASSERT_TRUE(SmallLexicon().Save(path));
  std::string bytes = ReadAll(path);
  bytes[8] = 2;  // format version 2
  WriteAll(path, bytes);
  auto newer = Lexicon::Load(path);
  ASSERT_FALSE(newer);
  EXPECT_EQ(newer.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(LexiconFileTest, RejectsWellFormedButInvalidContent) {
  const std::string path = PathOf("lexicon.bin");
  ASSERT_TRUE(Lexicon::Build({{"ab", 1}, {"cd", 1}}).Save(path));
  const std::string bytes = ReadAll(path);
  // Payload: offsets (3 x u32) at 40, frequencies (2 x u32) at 52, terms "abcd" at 60.
  std::string unsorted = bytes;
  unsorted.replace(60, 4, "cdab");
  FixChecksum(unsorted);
  WriteAll(path, unsorted);
  EXPECT_EQ(Lexicon::Load(path).error().code, ErrorCode::kInvalidArgument);

  std::string not_utf8 = bytes;
  not_utf8[61] = '\xff';
  FixChecksum(not_utf8);
  WriteAll(path, not_utf8);
  EXPECT_EQ(Lexicon::Load(path).error().code, ErrorCode::kInvalidArgument);

  std::string bad_offset = bytes;
  bad_offset[44] = 9;  // second offset past the end
  FixChecksum(bad_offset);
  WriteAll(path, bad_offset);
  EXPECT_EQ(Lexicon::Load(path).error().code, ErrorCode::kInvalidArgument);

  std::string huge_count = bytes;
  huge_count[23] = '\x7f';
  FixChecksum(huge_count);
  WriteAll(path, huge_count);
  EXPECT_EQ(Lexicon::Load(path).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace starry::analyzers
