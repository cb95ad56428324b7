// @brief Unicode normalisation for search: NFKC case folding, invisible-mark and quote cleanup,
// transliteration to lowercase ASCII, and segmentation into ICU words.
//
// Pipeline (the same for documents and queries, so both produce the same terms):
//  1. Clean: invalid UTF-8 bytes and U+FFFD are dropped; default-ignorable code points (zero
//     width marks U+200B..U+200F, U+2060, U+FEFF, soft hyphen, bidi controls U+202A..U+202E and
//     U+2066..U+2069, variation selectors) and other format characters are removed; typographic
//     apostrophes (’ ‘ ‚ ‛ ʼ ʻ ′ ´ `) become ', double quotes (“ ” „ ‟ « » ″ ...) become ", dashes
//     (‐ ‑ ‒ – — ―, minus) become -, İ becomes I, symbols (emoji, ®, ™, ☆ ...) and
//     control/space characters become a space. In a word mostly written in Latin letters, a
//     Greek or Cyrillic homoglyph is replaced by the Latin letter it imitates (AmáΙia ->
//     Amália), using ICU's confusable skeletons.
//  2. NFKC case fold (Normalizer2::getNFKCCasefoldInstance).
//  3. Segment with ICU's root word break iterator; a word containing Han ideographs is further
//     split into single characters (ICU's dictionary would group some, e.g. 水木), so that each
//     ideograph lines up with its one pinyin syllable.
//  4. Fold each segment on its own: "[:Cyrillic:] Russian-Latin/BGN; (drop ʹ ʺ); Any-Latin;
//     Latin-ASCII; strip nonspacing marks; Lower". Cyrillic segments also get the generic
//     "Any-Latin" romanisation (мария -> maria besides BGN's mariya).
// Segment-wise folding makes Fold() idempotent and lets every folded word be traced back to
// byte offsets of the input.
//
// Thread safety: all const member functions may be called concurrently. ICU transliterators,
// break iterators and spoof checkers are not safe for concurrent use, so each call borrows a
// private clone of them from a small internal pool (one mutex acquisition per call).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace starry::analyzers {

/// One piece of the input as the word break iterator sees it (a word, or the text between).
struct TextSegment {
  std::string original;  // cleaned, NFKC case-folded, original script
  std::string folded;    // lowercase ASCII transliteration of `original` (what Fold() emits)
  std::string generic;   // Cyrillic only: the Any-Latin form when it differs from `folded`
  size_t begin = 0;      // byte offsets of the piece in the input text
  size_t end = 0;
  bool is_word = false;  // contains a letter or a digit
};

/// A span of a UTF-8 string (byte offsets) as returned by TextNormalizer::BreakWords.
struct TextSpan {
  size_t begin = 0;
  size_t end = 0;
  bool is_word = false;
};

enum class SegmentForm { kOriginal, kFolded, kGeneric };

class TextNormalizer {
 public:
  /// Builds the ICU objects. Errors: kInternal when ICU data is missing or a rule fails to
  /// compile (an installation problem, not an input problem).
  static Result<TextNormalizer> Create();

  TextNormalizer(TextNormalizer&&) noexcept;
  TextNormalizer& operator=(TextNormalizer&&) noexcept;
  ~TextNormalizer();

  /// Lowercase ASCII search form: "Zlatan Ibrahimović" -> "zlatan ibrahimovic",
  /// "周杰倫" -> "zhou jie lun", "Мария Шарапова" -> "mariya sharapova". Punctuation such as
  /// hyphens and apostrophes is kept (the tokeniser decides); whitespace runs become one space
  /// and the result is trimmed. Characters no transliterator covers are kept as they are.
  /// Never fails: invalid UTF-8 bytes are dropped. Fold(Fold(x)) == Fold(x).
  std::string Fold(std::string_view utf8) const;

  /// The same cleanup and NFKC case fold, without transliteration: "Björk" -> "björk",
  /// "O’Leary" -> "o'leary", "İstanbul" -> "istanbul". Whitespace collapsed and trimmed.
  std::string CaseFold(std::string_view utf8) const;

  /// The input cut into segments (words and the text between them) with each segment's
  /// original, folded and generic forms and its byte offsets in `utf8`. Concatenating the
  /// segments with JoinSegments gives CaseFold() / Fold().
  std::vector<TextSegment> Segment(std::string_view utf8) const;

  /// ICU root-locale word boundaries of `utf8` (no normalisation), with Han words split into
  /// single ideographs; `is_word` marks spans containing a letter or a digit. The spans cover
  /// the whole string. Invalid UTF-8 bytes end up in non-word spans.
  std::vector<TextSpan> BreakWords(std::string_view utf8) const;

 private:
  class ToolPool;
  explicit TextNormalizer(std::unique_ptr<ToolPool> pool);

  std::unique_ptr<ToolPool> pool_;
};

/// Concatenates one form of the segments: whitespace runs collapse to one space, the ends are
/// trimmed, and for the folded/generic forms a space separates two adjacent word segments
/// (周杰倫 -> "zhou jie lun", Kiri霧 -> "kiri wu"). kGeneric uses `folded` where `generic` is
/// empty. If `segment_of_byte` is given it receives, for each output byte, the index of the
/// segment that produced it (inserted spaces belong to the segment before them).
std::string JoinSegments(const std::vector<TextSegment>& segments, SegmentForm form,
                         std::vector<uint32_t>* segment_of_byte = nullptr);

}  // namespace starry::analyzers
