#include "analyzers/analyzer.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <limits>
#include <utility>

#include "analyzers/utf8.h"

namespace starry::analyzers {
namespace {

constexpr uint32_t kNoSegment = std::numeric_limits<uint32_t>::max();

// A run of letters, marks and digits inside a word.
struct Part {
  std::string text;
  size_t begin = 0;  // byte offsets in the level's text
  size_t end = 0;
  uint32_t segment = 0;  // the TextSegment its first byte came from
  bool single_letter = false;
};

// Parts joined by connectors: one query word, one compound term.
struct Group {
  size_t first = 0;  // parts [first, last]
  size_t last = 0;
  std::string term;
  uint32_t segment_first = 0;
  uint32_t segment_last = 0;
};

// The words of one form of the text (folded, original script, generic romanisation).
struct Level {
  std::vector<Part> parts;
  std::vector<Group> groups;
};

bool IsWordChar(char32_t c) {
  return (U_GET_GC_MASK(static_cast<UChar32>(c)) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK)) != 0;
}

bool IsLetter(char32_t c) { return (U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_L_MASK) != 0; }

bool IsConnector(char32_t c) {
  return c == U'\'' || c == U'-' || c == U'.' || c == U'_' || c == U'/' || c == 0x00B7;
}

enum class Join { kNone, kCompound, kInitials };

// How the text between two consecutive parts links them.
Join Classify(std::string_view gap, const Part& left, const Part& right) {
  if (gap.empty()) return Join::kNone;  // adjacent words, e.g. two ideographs
  bool all_connectors = true;
  for (size_t pos = 0; pos < gap.size() && all_connectors;) {
    all_connectors = IsConnector(NextCodePoint(gap, pos));
  }
  if (all_connectors) return Join::kCompound;
  if (left.single_letter && right.single_letter && gap.size() >= 2 && gap[0] == '.' &&
      std::all_of(gap.begin() + 1, gap.end(), [](char ch) { return ch == ' '; })) {
    return Join::kInitials;
  }
  return Join::kNone;
}

// Splits the word spans of `text` into parts and groups them. `segment_of_byte` maps each
// byte of `text` to its TextSegment.
Level Tokenize(std::string_view text, const std::vector<TextSpan>& spans,
               const std::vector<uint32_t>& segment_of_byte) {
  Level level;
  for (const TextSpan& span : spans) {
    if (!span.is_word) continue;
    size_t pos = span.begin;
    while (pos < span.end) {
      size_t next = pos;
      const char32_t c = NextCodePoint(text.substr(0, span.end), next);
      if (!IsWordChar(c)) {
        pos = next;
        continue;
      }
      Part part;
      part.begin = pos;
      size_t letters = 0;
      size_t code_points = 0;
      size_t end = pos;
      while (end < span.end) {
        size_t after = end;
        const char32_t d = NextCodePoint(text.substr(0, span.end), after);
        if (!IsWordChar(d)) break;
        ++code_points;
        if (IsLetter(d)) ++letters;
        end = after;
      }
      part.end = end;
      part.text = std::string(text.substr(part.begin, part.end - part.begin));
      part.segment = segment_of_byte[part.begin];
      part.single_letter = code_points == 1 && letters == 1;
      level.parts.push_back(std::move(part));
      pos = end;
    }
  }
  for (size_t i = 0; i < level.parts.size(); ++i) {
    const Part& part = level.parts[i];
    const uint32_t last_segment = segment_of_byte[part.end - 1];
    if (!level.groups.empty()) {
      Group& group = level.groups.back();
      const Part& previous = level.parts[group.last];
      const std::string_view gap = text.substr(previous.end, part.begin - previous.end);
      if (Classify(gap, previous, part) != Join::kNone) {
        group.last = i;
        group.term += part.text;
        group.segment_first = std::min(group.segment_first, part.segment);
        group.segment_last = std::max(group.segment_last, last_segment);
        continue;
      }
    }
    level.groups.push_back(Group{i, i, part.text, std::min(part.segment, last_segment),
                                 std::max(part.segment, last_segment)});
  }
  return level;
}

std::vector<TextSpan> WordSpansOfSegments(const std::vector<TextSegment>& segments,
                                          std::string& text,
                                          std::vector<uint32_t>& segment_of_byte) {
  std::vector<TextSpan> spans;
  for (size_t i = 0; i < segments.size(); ++i) {
    const size_t begin = text.size();
    text += segments[i].original;
    segment_of_byte.insert(segment_of_byte.end(), segments[i].original.size(),
                           static_cast<uint32_t>(i));
    spans.push_back({begin, text.size(), segments[i].is_word});
  }
  return spans;
}

struct AnalyzedText {
  std::vector<TextSegment> segments;
  Level folded;
  Level original;
  Level generic;  // empty unless some segment has a generic romanisation
};

// For each segment, the position of the first folded part starting in it (or of the next
// one), and how many folded parts start in it.
struct SegmentPositions {
  std::vector<uint32_t> base;
  std::vector<uint32_t> count;

  uint32_t PositionOf(uint32_t segment, uint32_t rank) const {
    if (count[segment] == 0) return base[segment];
    return base[segment] + std::min(rank, count[segment] - 1);
  }
};

SegmentPositions AlignSegments(const AnalyzedText& analyzed) {
  const size_t n = analyzed.segments.size();
  SegmentPositions positions{std::vector<uint32_t>(n + 1, kNoSegment),
                             std::vector<uint32_t>(n + 1, 0)};
  const auto& parts = analyzed.folded.parts;
  for (size_t i = 0; i < parts.size(); ++i) {
    const uint32_t segment = parts[i].segment;
    if (positions.count[segment]++ == 0) positions.base[segment] = static_cast<uint32_t>(i);
  }
  positions.base[n] = static_cast<uint32_t>(parts.size());
  for (size_t s = n; s-- > 0;) {
    if (positions.base[s] == kNoSegment) positions.base[s] = positions.base[s + 1];
  }
  return positions;
}

// A group of another level that stands for exactly the same segments as folded group `g`,
// or nullptr when the correspondence is not one to one.
const Group* CounterpartOf(const Group& g, const Level& folded, const Level& other) {
  const auto overlaps = [&g](const Group& h) {
    return h.segment_first <= g.segment_last && g.segment_first <= h.segment_last;
  };
  if (std::count_if(folded.groups.begin(), folded.groups.end(), overlaps) != 1) return nullptr;
  const Group* match = nullptr;
  for (const Group& h : other.groups) {
    if (!overlaps(h)) continue;
    if (match != nullptr || h.segment_first != g.segment_first ||
        h.segment_last != g.segment_last) {
      return nullptr;
    }
    match = &h;
  }
  return match;
}

// Terms of one level: each part, each compound, and each run of two or more single letters
// inside a longer compound ("run-d.m.c." also gives "dmc").
void EmitTerms(const Level& level, const std::vector<uint32_t>& position_of_part,
               std::vector<IndexTerm>& out) {
  for (size_t i = 0; i < level.parts.size(); ++i) {
    out.push_back({level.parts[i].text, position_of_part[i]});
  }
  for (const Group& group : level.groups) {
    if (group.last == group.first) continue;
    out.push_back({group.term, position_of_part[group.first]});
    for (size_t i = group.first; i <= group.last;) {
      size_t j = i;
      std::string initials;
      while (j <= group.last && level.parts[j].single_letter) initials += level.parts[j++].text;
      if (j - i >= 2 && j - i < group.last - group.first + 1) {
        out.push_back({initials, position_of_part[i]});
      }
      i = std::max(j, i + 1);
    }
  }
}

std::vector<uint32_t> AlignedPositions(const Level& level, const SegmentPositions& positions) {
  std::vector<uint32_t> out(level.parts.size());
  uint32_t rank = 0;
  for (size_t i = 0; i < level.parts.size(); ++i) {
    const uint32_t segment = level.parts[i].segment;
    rank = (i > 0 && level.parts[i - 1].segment == segment) ? rank + 1 : 0;
    out[i] = positions.PositionOf(segment, rank);
  }
  return out;
}

}  // namespace

Result<Analyzer> Analyzer::Create() {
  auto normalizer = TextNormalizer::Create();
  if (!normalizer) return std::unexpected(normalizer.error());
  return Analyzer(std::move(*normalizer));
}

Analyzer::Analyzer(TextNormalizer normalizer) : normalizer_(std::move(normalizer)) {}

std::string Analyzer::Fold(std::string_view text) const { return normalizer_.Fold(text); }

namespace {

AnalyzedText Analyze(const TextNormalizer& normalizer, std::string_view text) {
  AnalyzedText analyzed;
  analyzed.segments = normalizer.Segment(text);

  std::vector<uint32_t> segment_of_byte;
  const std::string folded =
      JoinSegments(analyzed.segments, SegmentForm::kFolded, &segment_of_byte);
  analyzed.folded = Tokenize(folded, normalizer.BreakWords(folded), segment_of_byte);

  std::string original;
  segment_of_byte.clear();
  const auto spans = WordSpansOfSegments(analyzed.segments, original, segment_of_byte);
  analyzed.original = Tokenize(original, spans, segment_of_byte);

  const bool has_generic =
      std::any_of(analyzed.segments.begin(), analyzed.segments.end(),
                  [](const TextSegment& segment) { return !segment.generic.empty(); });
  if (has_generic) {
    const std::string generic =
        JoinSegments(analyzed.segments, SegmentForm::kGeneric, &segment_of_byte);
    analyzed.generic = Tokenize(generic, normalizer.BreakWords(generic), segment_of_byte);
  }
  return analyzed;
}

}  // namespace

std::vector<IndexTerm> Analyzer::AnalyzeForIndex(std::string_view text) const {
  const AnalyzedText analyzed = Analyze(normalizer_, text);
  const SegmentPositions positions = AlignSegments(analyzed);

  std::vector<uint32_t> folded_positions(analyzed.folded.parts.size());
  for (size_t i = 0; i < folded_positions.size(); ++i) {
    folded_positions[i] = static_cast<uint32_t>(i);
  }
  std::vector<IndexTerm> terms;
  EmitTerms(analyzed.folded, folded_positions, terms);
  EmitTerms(analyzed.original, AlignedPositions(analyzed.original, positions), terms);
  EmitTerms(analyzed.generic, AlignedPositions(analyzed.generic, positions), terms);

  std::stable_sort(terms.begin(), terms.end(),
                   [](const IndexTerm& a, const IndexTerm& b) { return a.position < b.position; });
  std::vector<IndexTerm> unique;
  unique.reserve(terms.size());
  for (IndexTerm& term : terms) {
    bool seen = false;
    for (auto it = unique.rbegin(); it != unique.rend() && it->position == term.position; ++it) {
      seen = seen || it->term == term.term;
    }
    if (!seen) unique.push_back(std::move(term));
  }
  return unique;
}

std::vector<QueryWord> Analyzer::AnalyzeQuery(std::string_view text) const {
  const AnalyzedText analyzed = Analyze(normalizer_, text);
  std::vector<QueryWord> words;
  for (const Group& group : analyzed.folded.groups) {
    QueryWord word;
    word.term = group.term;
    word.begin = analyzed.segments[group.segment_first].begin;
    word.end = analyzed.segments[group.segment_last].end;
    for (const Level* other : {&analyzed.original, &analyzed.generic}) {
      const Group* counterpart = CounterpartOf(group, analyzed.folded, *other);
      if (counterpart == nullptr || counterpart->term == word.term ||
          std::find(word.alternatives.begin(), word.alternatives.end(), counterpart->term) !=
              word.alternatives.end()) {
        continue;
      }
      word.alternatives.push_back(counterpart->term);
    }
    words.push_back(std::move(word));
  }
  return words;
}

}  // namespace starry::analyzers
