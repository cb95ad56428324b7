// @brief Bitmaps by docid: a vector of 64-bit words, document d at bit d % 64 of word d / 64
// (the columns' presence and frequent terms, the scorer's and the searcher's scratch sets).
#pragma once

#include <xapian.h>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace starry::query {

// Whether the document's bit is set (false past the end).
inline bool HasBit(const std::vector<uint64_t>& bits, Xapian::docid id) {
  return id / 64 < bits.size() && (bits[id / 64] >> (id % 64) & 1);
}

inline void SetBit(std::vector<uint64_t>& bits, Xapian::docid id) {
  bits[id / 64] |= uint64_t{1} << (id % 64);
}

inline void ClearBit(std::vector<uint64_t>& bits, Xapian::docid id) {
  bits[id / 64] &= ~(uint64_t{1} << (id % 64));
}

// Calls fn(docid) for each bit set in `word`, the word at `index` (documents index * 64 on).
template <typename Fn>
void ForEachSetBit(uint64_t word, size_t index, Fn&& fn) {
  for (; word != 0; word &= word - 1) {
    fn(static_cast<Xapian::docid>(index * 64 + std::countr_zero(word)));
  }
}

}  // namespace starry::query
