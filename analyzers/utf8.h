// @brief UTF-8 <-> code point helpers shared by the analyzers (no ICU needed).
//
// Invalid input never throws: every byte that does not start a well-formed UTF-8 sequence
// (overlong forms, surrogates, values above U+10FFFF, truncated sequences) decodes to one
// U+FFFD REPLACEMENT CHARACTER.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace starry::analyzers {

inline constexpr char32_t kReplacementChar = 0xFFFD;

/// Decodes the code point starting at `pos` and advances `pos` past it. An invalid byte
/// yields kReplacementChar and advances by one byte; `*valid` (if given) tells which.
/// Precondition: pos < text.size().
char32_t NextCodePoint(std::string_view text, size_t& pos, bool* valid = nullptr);

/// Decodes UTF-8 to UTF-32, invalid bytes becoming U+FFFD.
std::u32string DecodeUtf8(std::string_view text);

/// Appends the UTF-8 encoding of `c` (a scalar value; others are written as U+FFFD).
void AppendUtf8(std::string& out, char32_t c);

/// Encodes UTF-32 to UTF-8.
std::string EncodeUtf8(std::u32string_view text);

/// True if `text` is well-formed UTF-8.
bool IsValidUtf8(std::string_view text);

/// Returns `text` with every invalid byte replaced by U+FFFD (valid input is returned as is).
std::string SanitizeUtf8(std::string_view text);

/// Number of code points (invalid bytes count one each).
size_t CodePointCount(std::string_view text);

}  // namespace starry::analyzers
