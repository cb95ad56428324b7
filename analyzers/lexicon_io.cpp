// Lexicon's file format (version 1), all integers little-endian:
//   0  char[8]  magic "STRYLEX\0"
//   8  u32      format version
//  12  u32      reserved, 0
//  16  u64      term count n
//  24  u64      term bytes b
//  32  u64      FNV-1a 64 checksum of the payload
//  40  payload: u32 offsets[n + 1], u32 frequencies[n], char terms[b]
// Only the sorted terms are stored; Load checks them and rebuilds the trie (linear time).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <system_error>

#include "analyzers/lexicon.h"
#include "analyzers/utf8.h"

namespace starry::analyzers {
namespace {

constexpr char kMagic[8] = {'S', 'T', 'R', 'Y', 'L', 'E', 'X', '\0'};
constexpr uint32_t kVersion = 1;
constexpr size_t kHeaderBytes = 40;

void PutU32(std::string& out, uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>(value >> shift));
}

void PutU64(std::string& out, uint64_t value) {
  for (int shift = 0; shift < 64; shift += 8) out.push_back(static_cast<char>(value >> shift));
}

uint32_t GetU32(const char* p) {
  uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(p[i]);
  return value;
}

uint64_t GetU64(const char* p) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(p[i]);
  return value;
}

uint64_t Fnv1a(std::string_view bytes) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (char ch : bytes) {
    hash ^= static_cast<unsigned char>(ch);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

Error Corrupt(const std::string& path, const std::string& why) {
  return Error(ErrorCode::kInvalidArgument, "lexicon file " + path + " is corrupt: " + why);
}

}  // namespace

Status Lexicon::Save(const std::string& path) const {
  std::string payload;
  payload.reserve(4 * (offsets_.size() + frequencies_.size()) + blob_.size());
  for (uint32_t offset : offsets_) PutU32(payload, offset);
  for (uint32_t frequency : frequencies_) PutU32(payload, frequency);
  payload += blob_;

  std::string header(kMagic, sizeof(kMagic));
  PutU32(header, kVersion);
  PutU32(header, 0);
  PutU64(header, frequencies_.size());
  PutU64(header, blob_.size());
  PutU64(header, Fnv1a(payload));

  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    out.write(payload.data(), static_cast<std::streamsize>(payload.size()));
    out.flush();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      return MakeError(ErrorCode::kUnavailable, "cannot write lexicon file " + temporary);
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary, error);
    return MakeError(ErrorCode::kUnavailable, "cannot rename lexicon file into " + path);
  }
  return {};
}

Result<Lexicon> Lexicon::Load(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    return MakeError(ErrorCode::kNotFound, "no lexicon file " + path);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kUnavailable, "cannot open lexicon file " + path);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return MakeError(ErrorCode::kUnavailable, "cannot read lexicon file " + path);

  if (data.size() < sizeof(kMagic) || std::memcmp(data.data(), kMagic, sizeof(kMagic)) != 0) {
    return MakeError(ErrorCode::kInvalidArgument, path + " is not a lexicon file");
  }
  if (data.size() < kHeaderBytes) return std::unexpected(Corrupt(path, "truncated header"));
  const uint32_t version = GetU32(data.data() + 8);
  if (version != kVersion) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "lexicon file " + path + " has format version " + std::to_string(version) +
                         ", this build reads version " + std::to_string(kVersion));
  }
  const uint64_t count = GetU64(data.data() + 16);
  const uint64_t blob_bytes = GetU64(data.data() + 24);
  const uint64_t checksum = GetU64(data.data() + 32);
  constexpr uint64_t kMax32 = std::numeric_limits<uint32_t>::max();
  if (count >= kMax32 || blob_bytes > kMax32) {
    return std::unexpected(Corrupt(path, "impossible sizes in header"));
  }
  const uint64_t payload_bytes = 4 * (count + 1) + 4 * count + blob_bytes;
  if (data.size() - kHeaderBytes != payload_bytes) {
    return std::unexpected(Corrupt(path, "size does not match header (truncated?)"));
  }
  const std::string_view payload = std::string_view(data).substr(kHeaderBytes);
  if (Fnv1a(payload) != checksum) return std::unexpected(Corrupt(path, "checksum mismatch"));

  const char* p = payload.data();
  std::vector<uint32_t> offsets(count + 1);
  for (auto& offset : offsets) offset = GetU32(p), p += 4;
  std::vector<uint32_t> frequencies(count);
  for (auto& frequency : frequencies) frequency = GetU32(p), p += 4;
  std::string blob(p, blob_bytes);

  if (offsets.front() != 0 || offsets.back() != blob_bytes) {
    return std::unexpected(Corrupt(path, "term offsets out of range"));
  }
  std::string_view previous;
  for (size_t i = 0; i < count; ++i) {
    if (offsets[i] >= offsets[i + 1]) {
      return std::unexpected(Corrupt(path, "empty term or decreasing offsets"));
    }
    const std::string_view term =
        std::string_view(blob).substr(offsets[i], offsets[i + 1] - offsets[i]);
    if (!IsValidUtf8(term)) return std::unexpected(Corrupt(path, "term is not UTF-8"));
    if (i > 0 && !(previous < term)) {
      return std::unexpected(Corrupt(path, "terms not sorted or duplicated"));
    }
    previous = term;
  }
  return FromSorted(std::move(blob), std::move(offsets), std::move(frequencies));
}

}  // namespace starry::analyzers
