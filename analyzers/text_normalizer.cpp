#include "analyzers/text_normalizer.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/utext.h>

#include <algorithm>
#include <mutex>
#include <new>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "analyzers/utf8.h"

namespace starry::analyzers {
namespace {

// BGN/PCGN for Russian reads better than ICU's generic Cyrillic romanisation
// (Шарапова -> sharapova, not šarapova -> sarapova). The modifier primes it writes for the soft
// and hard signs (Ольга -> olʹga) are dropped: nobody types them.
constexpr char16_t kFoldRules[] =
    u":: [:Cyrillic:] Russian-Latin/BGN ;"
    u"[\u02B9\u02BA] > ;"
    u":: Any-Latin ;"
    u":: Latin-ASCII ;"
    u":: NFD ; :: [:Nonspacing Mark:] Remove ; :: NFC ;"
    u":: Lower ;";

constexpr char16_t kGenericRules[] =
    u":: Any-Latin ;"
    u"[\u02B9\u02BA] > ;"
    u":: Latin-ASCII ;"
    u":: NFD ; :: [:Nonspacing Mark:] Remove ; :: NFC ;"
    u":: Lower ;";

constexpr char32_t kRemove = 0xFFFFFFFF;

// Typographic apostrophes and primes: ’ ‘ ‚ ‛ ′ ‵ ʻ ʼ ʽ ʾ ʿ ʹ ´ ` ＇
constexpr std::u32string_view kApostrophes =
    U"\u2019\u2018\u201A\u201B\u2032\u2035\u02BB\u02BC\u02BD\u02BE\u02BF\u02B9\u00B4`\uFF07";
// Double quotes and guillemets: “ ” „ ‟ ″ ‶ « » ‹ › ＂ 〝 〞 〟 ʺ
constexpr std::u32string_view kDoubleQuotes =
    U"\u201C\u201D\u201E\u201F\u2033\u2036\u00AB\u00BB\u2039\u203A\uFF02\u301D\u301E"
    U"\u301F\u02BA";
// Hyphens and dashes: ‐ ‑ ‒ – — ― − ﹘ ﹣ － ⸺ ⸻
constexpr std::u32string_view kDashes =
    U"\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D\u2E3A\u2E3B";

// Step 1 of the pipeline for one code point: kRemove, or what to keep instead of it.
char32_t CleanCodePoint(char32_t c) {
  if (c < 0x80 && c != U'`') {
    return (c < 0x20 || c == 0x7F) ? U' ' : c;  // ASCII: only controls change
  }
  if (kApostrophes.find(c) != std::u32string_view::npos) return U'\'';
  if (kDoubleQuotes.find(c) != std::u32string_view::npos) return U'"';
  if (kDashes.find(c) != std::u32string_view::npos) return U'-';
  // İ: NFKC case folding would leave i + U+0307 COMBINING DOT ABOVE.
  if (c == 0x0130) return U'I';
  if (c == kReplacementChar) return kRemove;
  const auto cp = static_cast<UChar32>(c);
  if (u_hasBinaryProperty(cp, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) return kRemove;
  switch (u_charType(cp)) {
    case U_FORMAT_CHAR:
      return kRemove;
    case U_CONTROL_CHAR:
    case U_SPACE_SEPARATOR:
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
    case U_OTHER_SYMBOL:
    case U_MODIFIER_SYMBOL:
    case U_PRIVATE_USE_CHAR:
    case U_SURROGATE:
    case U_UNASSIGNED:
      return U' ';
    default:
      return u_isUWhiteSpace(cp) ? U' ' : c;
  }
}

UScriptCode ScriptOf(char32_t c) {
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(static_cast<UChar32>(c), &status);
  return U_SUCCESS(status) ? script : USCRIPT_INVALID_CODE;
}

bool IsLetter(char32_t c) { return (U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_L_MASK) != 0; }

bool IsLetterOrNumber(char32_t c) {
  return (U_GET_GC_MASK(static_cast<UChar32>(c)) & (U_GC_L_MASK | U_GC_N_MASK)) != 0;
}

bool IsMark(char32_t c) { return (U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_M_MASK) != 0; }

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char ch) { return (ch & 0x80) == 0; });
}

bool IsSpace(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

bool ContainsLetterOrNumber(std::string_view s) {
  for (size_t pos = 0; pos < s.size();) {
    if (IsLetterOrNumber(NextCodePoint(s, pos))) return true;
  }
  return false;
}

bool ContainsCyrillic(std::string_view s) {
  for (size_t pos = 0; pos < s.size();) {
    if (ScriptOf(NextCodePoint(s, pos)) == USCRIPT_CYRILLIC) return true;
  }
  return false;
}

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  for (char ch : s) {
    if (IsSpace(ch)) {
      pending = !out.empty();
      continue;
    }
    if (pending) out.push_back(' ');
    pending = false;
    out.push_back(ch);
  }
  return out;
}

struct SpoofCloser {
  void operator()(USpoofChecker* checker) const { uspoof_close(checker); }
};

// A cleaned and case-folded text, each byte knowing the input bytes it came from.
struct MappedText {
  std::string text;
  std::vector<uint32_t> begin;  // per byte of text: input byte offsets
  std::vector<uint32_t> end;
};

struct MappedChar {
  char32_t c;
  uint32_t begin;
  uint32_t end;
};

}  // namespace

// A non-ASCII word's transliterations: its fold, and its generic romanisation when that
// differs (Cyrillic only).
struct WordForms {
  std::string folded, generic;
};

// The ICU objects one call needs. None of them is safe for concurrent use.
struct Tools {
  std::unique_ptr<icu::Transliterator> fold;
  std::unique_ptr<icu::Transliterator> generic;
  std::unique_ptr<icu::BreakIterator> words;
  std::unique_ptr<USpoofChecker, SpoofCloser> spoof;
  // The forms of words transliterated before by these tools: names, cities and professions
  // come from a vocabulary of some tens of thousands of words, and a Han-Latin or Cyrillic
  // transliteration costs tens of microseconds a word. Emptied when it reaches kMaxMemo.
  std::unordered_map<std::string, WordForms> memo;
  static constexpr size_t kMaxMemo = 1 << 14;  // ~2 MB at most per Tools
};

// Hands out private clones of the ICU objects; returned clones are reused by later calls.
class TextNormalizer::ToolPool {
 public:
  explicit ToolPool(std::unique_ptr<Tools> prototype) : prototype_(std::move(prototype)) {}

  class Lease {
   public:
    Lease(ToolPool& pool, std::unique_ptr<Tools> tools) : pool_(pool), tools_(std::move(tools)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_.Return(std::move(tools_)); }
    Tools& operator*() const { return *tools_; }
    Tools* operator->() const { return tools_.get(); }

   private:
    ToolPool& pool_;
    std::unique_ptr<Tools> tools_;
  };

  Lease Borrow() {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<Tools> tools = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(tools));
    }
    return Lease(*this, Clone());
  }

 private:
  static constexpr size_t kMaxIdle = 64;

  // Called with mu_ held: the prototype is only ever read, never used for work.
  std::unique_ptr<Tools> Clone() const {
    auto tools = std::make_unique<Tools>();
    UErrorCode status = U_ZERO_ERROR;
    tools->fold.reset(prototype_->fold->clone());
    tools->generic.reset(prototype_->generic->clone());
    tools->words.reset(prototype_->words->clone());
    tools->spoof.reset(uspoof_clone(prototype_->spoof.get(), &status));
    if (!tools->fold || !tools->generic || !tools->words || !tools->spoof || U_FAILURE(status)) {
      throw std::bad_alloc();
    }
    return tools;
  }

  void Return(std::unique_ptr<Tools> tools) {
    std::lock_guard lock(mu_);
    if (idle_.size() < kMaxIdle) idle_.push_back(std::move(tools));
  }

  std::unique_ptr<Tools> prototype_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Tools>> idle_;
};

namespace {

std::string Transliterate(icu::Transliterator& transliterator, std::string_view utf8) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  transliterator.transliterate(text);
  std::string out;
  text.toUTF8String(out);
  return out;
}

const WordForms& FormsOf(const std::string& word, Tools& tools) {
  if (auto it = tools.memo.find(word); it != tools.memo.end()) return it->second;
  if (tools.memo.size() >= Tools::kMaxMemo) tools.memo.clear();
  WordForms forms;
  forms.folded = Transliterate(*tools.fold, word);
  if (ContainsCyrillic(word)) {
    forms.generic = Transliterate(*tools.generic, word);
    if (forms.generic == forms.folded) forms.generic.clear();
  }
  return tools.memo.emplace(word, std::move(forms)).first->second;
}

// A word written mostly in Latin letters with a few Greek or Cyrillic look-alikes ("AmáΙia",
// a Greek capital iota) is a homoglyph accident: replace each look-alike by its confusable
// skeleton when that is a single ASCII letter.
void RepairHomoglyphs(std::vector<MappedChar>& chars, USpoofChecker* spoof) {
  for (size_t run_begin = 0; run_begin < chars.size();) {
    size_t run_end = run_begin;
    size_t latin = 0;
    size_t other = 0;
    for (; run_end < chars.size() && chars[run_end].c != U' '; ++run_end) {
      const char32_t c = chars[run_end].c;
      if (!IsLetter(c)) continue;
      const UScriptCode script = ScriptOf(c);
      if (script == USCRIPT_LATIN) ++latin;
      if (script == USCRIPT_GREEK || script == USCRIPT_CYRILLIC) ++other;
    }
    if (other > 0 && latin > other) {
      for (size_t i = run_begin; i < run_end; ++i) {
        const char32_t c = chars[i].c;
        const UScriptCode script = ScriptOf(c);
        if (!IsLetter(c) || (script != USCRIPT_GREEK && script != USCRIPT_CYRILLIC)) continue;
        UChar source[2];
        int32_t source_length = 0;
        U16_APPEND_UNSAFE(source, source_length, static_cast<UChar32>(c));
        UChar skeleton[8];
        UErrorCode status = U_ZERO_ERROR;
        const int32_t length =
            uspoof_getSkeleton(spoof, 0, source, source_length, skeleton, 8, &status);
        if (U_SUCCESS(status) && length == 1 && skeleton[0] < 0x80 &&
            IsLetter(static_cast<char32_t>(skeleton[0]))) {
          chars[i].c = skeleton[0];
        }
      }
    }
    run_begin = run_end + 1;
  }
}

// Steps 1 and 2: clean, repair homoglyphs, NFKC case fold; keeps the byte mapping.
MappedText CleanAndCaseFold(std::string_view input, Tools& tools) {
  std::vector<MappedChar> chars;
  chars.reserve(input.size());
  for (size_t pos = 0; pos < input.size();) {
    const auto begin = static_cast<uint32_t>(pos);
    bool valid = true;
    const char32_t c = NextCodePoint(input, pos, &valid);
    if (!valid) continue;
    const char32_t cleaned = CleanCodePoint(c);
    if (cleaned != kRemove) chars.push_back({cleaned, begin, static_cast<uint32_t>(pos)});
  }
  RepairHomoglyphs(chars, tools.spoof.get());

  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  MappedText out;
  out.text.reserve(input.size() + 8);
  const auto emit = [&out](std::string_view bytes, uint32_t begin, uint32_t end) {
    out.text.append(bytes);
    out.begin.insert(out.begin.end(), bytes.size(), begin);
    out.end.insert(out.end.end(), bytes.size(), end);
  };
  // Normalise chunk by chunk (a chunk ends where the next code point has a normalisation
  // boundary before it), so each output byte maps to the input bytes of its chunk.
  for (size_t i = 0; i < chars.size();) {
    size_t j = i + 1;
    while (j < chars.size() && !nfkc_cf->hasBoundaryBefore(static_cast<UChar32>(chars[j].c))) {
      ++j;
    }
    if (j == i + 1 && chars[i].c < 0x80) {
      char ch = static_cast<char>(chars[i].c);
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      emit(std::string_view(&ch, 1), chars[i].begin, chars[i].end);
    } else {
      icu::UnicodeString chunk;
      for (size_t k = i; k < j; ++k) chunk.append(static_cast<UChar32>(chars[k].c));
      UErrorCode chunk_status = U_ZERO_ERROR;
      const icu::UnicodeString folded = nfkc_cf->normalize(chunk, chunk_status);
      std::string bytes;
      (U_SUCCESS(chunk_status) ? folded : chunk).toUTF8String(bytes);
      emit(bytes, chars[i].begin, chars[j - 1].end);
    }
    i = j;
  }
  return out;
}

std::vector<TextSpan> BreakWordsWith(std::string_view text, icu::BreakIterator& words) {
  std::vector<TextSpan> raw;
  UErrorCode status = U_ZERO_ERROR;
  UText* utext = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_SUCCESS(status)) words.setText(utext, status);
  if (U_SUCCESS(status)) {
    int32_t begin = words.first();
    for (int32_t end = words.next(); end != icu::BreakIterator::DONE; end = words.next()) {
      raw.push_back({static_cast<size_t>(begin), static_cast<size_t>(end), false});
      begin = end;
    }
  }
  utext_close(utext);
  if (raw.empty() && !text.empty()) raw.push_back({0, text.size(), false});

  // Mark words, and cut words containing Han ideographs into single ideographs.
  std::vector<TextSpan> spans;
  spans.reserve(raw.size());
  for (const TextSpan& span : raw) {
    const std::string_view piece = text.substr(span.begin, span.end - span.begin);
    if (!ContainsLetterOrNumber(piece)) {
      spans.push_back(span);
      continue;
    }
    size_t cut = span.begin;
    bool previous_han = false;
    for (size_t pos = span.begin; pos < span.end;) {
      const size_t at = pos;
      const char32_t c = NextCodePoint(text.substr(0, span.end), pos);
      const bool han = ScriptOf(c) == USCRIPT_HAN;
      if (at > cut && (han || previous_han) && !IsMark(c)) {
        const std::string_view part = text.substr(cut, at - cut);
        spans.push_back({cut, at, ContainsLetterOrNumber(part)});
        cut = at;
      }
      if (!IsMark(c)) previous_han = han;
    }
    const std::string_view part = text.substr(cut, span.end - cut);
    spans.push_back({cut, span.end, ContainsLetterOrNumber(part)});
  }
  return spans;
}

}  // namespace

Result<TextNormalizer> TextNormalizer::Create() {
  auto tools = std::make_unique<Tools>();
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error{};
  tools->fold.reset(icu::Transliterator::createFromRules(
      "starry-fold", icu::UnicodeString(kFoldRules), UTRANS_FORWARD, parse_error, status));
  if (U_FAILURE(status) || !tools->fold) {
    return MakeError(ErrorCode::kInternal,
                     std::string("ICU fold transliterator: ") + u_errorName(status));
  }
  tools->generic.reset(icu::Transliterator::createFromRules(
      "starry-generic", icu::UnicodeString(kGenericRules), UTRANS_FORWARD, parse_error, status));
  if (U_FAILURE(status) || !tools->generic) {
    return MakeError(ErrorCode::kInternal,
                     std::string("ICU generic transliterator: ") + u_errorName(status));
  }
  tools->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || !tools->words) {
    return MakeError(ErrorCode::kInternal,
                     std::string("ICU word break iterator: ") + u_errorName(status));
  }
  tools->spoof.reset(uspoof_open(&status));
  if (U_FAILURE(status) || !tools->spoof) {
    return MakeError(ErrorCode::kInternal,
                     std::string("ICU spoof checker: ") + u_errorName(status));
  }
  icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) {
    return MakeError(ErrorCode::kInternal,
                     std::string("ICU NFKC_Casefold: ") + u_errorName(status));
  }
  return TextNormalizer(std::make_unique<ToolPool>(std::move(tools)));
}

TextNormalizer::TextNormalizer(std::unique_ptr<ToolPool> pool) : pool_(std::move(pool)) {}
TextNormalizer::TextNormalizer(TextNormalizer&&) noexcept = default;
TextNormalizer& TextNormalizer::operator=(TextNormalizer&&) noexcept = default;
TextNormalizer::~TextNormalizer() = default;

std::string TextNormalizer::Fold(std::string_view utf8) const {
  return JoinSegments(Segment(utf8), SegmentForm::kFolded);
}

std::string TextNormalizer::CaseFold(std::string_view utf8) const {
  auto tools = pool_->Borrow();
  return CollapseSpaces(CleanAndCaseFold(utf8, *tools).text);
}

std::vector<TextSegment> TextNormalizer::Segment(std::string_view utf8) const {
  auto tools = pool_->Borrow();
  const MappedText text = CleanAndCaseFold(utf8, *tools);
  std::vector<TextSegment> segments;
  for (const TextSpan& span : BreakWordsWith(text.text, *tools->words)) {
    TextSegment segment;
    segment.original = text.text.substr(span.begin, span.end - span.begin);
    segment.begin = text.begin[span.begin];
    segment.end = text.end[span.end - 1];
    segment.is_word = span.is_word;
    if (IsAscii(segment.original)) {
      segment.folded = segment.original;  // already lower case: the fold is the identity
    } else {
      const WordForms& forms = FormsOf(segment.original, *tools);
      segment.folded = forms.folded;
      segment.generic = forms.generic;
    }
    segments.push_back(std::move(segment));
  }
  return segments;
}

std::vector<TextSpan> TextNormalizer::BreakWords(std::string_view utf8) const {
  auto tools = pool_->Borrow();
  if (IsValidUtf8(utf8)) return BreakWordsWith(utf8, *tools->words);
  // ICU would read invalid bytes as U+FFFD of a different length: break a sanitised copy with
  // the same byte layout instead (each invalid byte replaced by one ASCII control byte).
  std::string copy(utf8);
  for (size_t pos = 0; pos < copy.size();) {
    const size_t at = pos;
    bool valid = true;
    NextCodePoint(utf8, pos, &valid);
    if (!valid) copy[at] = '\x01';
  }
  return BreakWordsWith(copy, *tools->words);
}

std::string JoinSegments(const std::vector<TextSegment>& segments, SegmentForm form,
                         std::vector<uint32_t>* segment_of_byte) {
  std::string out;
  if (segment_of_byte != nullptr) segment_of_byte->clear();
  bool pending_space = false;
  uint32_t pending_owner = 0;
  for (size_t i = 0; i < segments.size(); ++i) {
    const TextSegment& segment = segments[i];
    const std::string& piece = form == SegmentForm::kOriginal ? segment.original
                               : form == SegmentForm::kGeneric && !segment.generic.empty()
                                   ? segment.generic
                                   : segment.folded;
    if (form != SegmentForm::kOriginal && segment.is_word && i > 0 && segments[i - 1].is_word &&
        !out.empty()) {
      pending_space = true;
      pending_owner = static_cast<uint32_t>(i - 1);
    }
    for (char ch : piece) {
      if (IsSpace(ch)) {
        if (!out.empty() && !pending_space) {
          pending_space = true;
          pending_owner = static_cast<uint32_t>(i);
        }
        continue;
      }
      if (pending_space) {
        out.push_back(' ');
        if (segment_of_byte != nullptr) segment_of_byte->push_back(pending_owner);
        pending_space = false;
      }
      out.push_back(ch);
      if (segment_of_byte != nullptr) segment_of_byte->push_back(static_cast<uint32_t>(i));
    }
  }
  return out;
}

}  // namespace starry::analyzers
