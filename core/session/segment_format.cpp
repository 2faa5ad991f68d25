#include "segment_format.h"

#include <zstd.h>

#include <charconv>
#include <cstdio>
#include <cstring>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace liveframe::session_internal {
namespace {

// Explicit little-endian coding keeps files portable between machines of either byte order.
template <typename T>
void storeLittleEndian(std::uint8_t* out, T value) {
  using Unsigned = std::make_unsigned_t<T>;
  auto bits = static_cast<Unsigned>(value);
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    out[i] = static_cast<std::uint8_t>(bits & 0xFFu);
    bits = static_cast<Unsigned>(bits >> 8);
  }
}

template <typename T>
T loadLittleEndian(const std::uint8_t* in) {
  using Unsigned = std::make_unsigned_t<T>;
  Unsigned bits = 0;
  for (std::size_t i = sizeof(T); i > 0; --i) {
    bits = static_cast<Unsigned>((bits << 8) | in[i - 1]);
  }
  return static_cast<T>(bits);
}

constexpr std::size_t kHeaderHashOffset = 56;
constexpr std::uint32_t kMaxDimension = 1u << 16;  // guards width*height*3 against overflow
constexpr std::string_view kIndexMagic = "LFINDEX1";
constexpr std::uint32_t kIndexVersion = 1;

}  // namespace

RecordHeaderBytes encodeRecordHeader(const RecordHeader& header) {
  RecordHeaderBytes bytes{};
  std::memcpy(bytes.data(), kRecordMagic.data(), kRecordMagic.size());
  storeLittleEndian<std::uint16_t>(&bytes[4], kRecordHeaderSize);
  storeLittleEndian<std::uint16_t>(&bytes[6], kRecordVersion);
  storeLittleEndian(&bytes[8], header.frame_index);
  storeLittleEndian(&bytes[16], header.time_us);
  storeLittleEndian(&bytes[24], header.width);
  storeLittleEndian(&bytes[28], header.height);
  storeLittleEndian(&bytes[32], header.pixel_checksum);
  storeLittleEndian(&bytes[40], header.compressed_size);
  storeLittleEndian(&bytes[48], header.payload_hash);
  storeLittleEndian<std::uint64_t>(&bytes[kHeaderHashOffset],
                                   XXH3_64bits(bytes.data(), kHeaderHashOffset));
  return bytes;
}

std::optional<RecordHeader> decodeRecordHeader(const std::uint8_t* bytes) {
  if (std::memcmp(bytes, kRecordMagic.data(), kRecordMagic.size()) != 0) return std::nullopt;
  if (loadLittleEndian<std::uint16_t>(&bytes[4]) != kRecordHeaderSize ||
      loadLittleEndian<std::uint16_t>(&bytes[6]) != kRecordVersion) {
    return std::nullopt;
  }
  if (loadLittleEndian<std::uint64_t>(&bytes[kHeaderHashOffset]) !=
      XXH3_64bits(bytes, kHeaderHashOffset)) {
    return std::nullopt;
  }
  RecordHeader header;
  header.frame_index = loadLittleEndian<std::int64_t>(&bytes[8]);
  header.time_us = loadLittleEndian<std::int64_t>(&bytes[16]);
  header.width = loadLittleEndian<std::uint32_t>(&bytes[24]);
  header.height = loadLittleEndian<std::uint32_t>(&bytes[28]);
  header.pixel_checksum = loadLittleEndian<std::uint64_t>(&bytes[32]);
  header.compressed_size = loadLittleEndian<std::uint64_t>(&bytes[40]);
  header.payload_hash = loadLittleEndian<std::uint64_t>(&bytes[48]);
  if (header.width == 0 || header.height == 0 || header.width > kMaxDimension ||
      header.height > kMaxDimension || header.frame_index < 0) {
    return std::nullopt;
  }
  const std::size_t raw_size = std::size_t{header.width} * header.height * 3;
  if (header.compressed_size == 0 || header.compressed_size > ZSTD_compressBound(raw_size)) {
    return std::nullopt;
  }
  return header;
}

std::uint64_t payloadHash(const void* data, std::size_t size) { return XXH3_64bits(data, size); }

std::array<std::uint8_t, kIndexHeaderSize> encodeIndexHeader() {
  std::array<std::uint8_t, kIndexHeaderSize> bytes{};
  std::memcpy(bytes.data(), kIndexMagic.data(), kIndexMagic.size());
  storeLittleEndian(&bytes[8], kIndexVersion);
  storeLittleEndian<std::uint32_t>(&bytes[12], kIndexEntrySize);
  return bytes;
}

bool isIndexHeader(const std::uint8_t* bytes) {
  const auto expected = encodeIndexHeader();
  return std::memcmp(expected.data(), bytes, expected.size()) == 0;
}

void appendIndexEntry(const IndexEntry& entry, std::string& out) {
  std::array<std::uint8_t, kIndexEntrySize> bytes{};
  storeLittleEndian(&bytes[0], entry.frame_index);
  storeLittleEndian(&bytes[8], entry.time_us);
  storeLittleEndian(&bytes[16], entry.checksum);
  storeLittleEndian(&bytes[24], entry.segment);
  storeLittleEndian<std::uint32_t>(&bytes[28], 0);
  storeLittleEndian(&bytes[32], entry.offset);
  out.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

IndexEntry decodeIndexEntry(const std::uint8_t* bytes) {
  IndexEntry entry;
  entry.frame_index = loadLittleEndian<std::int64_t>(&bytes[0]);
  entry.time_us = loadLittleEndian<std::int64_t>(&bytes[8]);
  entry.checksum = loadLittleEndian<std::uint64_t>(&bytes[16]);
  entry.segment = loadLittleEndian<std::uint32_t>(&bytes[24]);
  entry.offset = loadLittleEndian<std::uint64_t>(&bytes[32]);
  return entry;
}

std::string segmentFileName(std::uint32_t segment, bool open) {
  char name[32];
  std::snprintf(name, sizeof(name), "seg_%06u.%s", segment, open ? "open" : "lfseg");
  return name;
}

std::optional<SegmentName> parseSegmentFileName(std::string_view name) {
  constexpr std::string_view kPrefix = "seg_";
  if (name.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  name.remove_prefix(kPrefix.size());
  const auto dot = name.find('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  SegmentName parsed;
  const auto digits = name.substr(0, dot);
  const auto [end, error] =
      std::from_chars(digits.data(), digits.data() + digits.size(), parsed.segment);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  const auto extension = name.substr(dot + 1);
  if (extension == "open") {
    parsed.open = true;
  } else if (extension != "lfseg") {
    return std::nullopt;
  }
  return parsed;
}

}  // namespace liveframe::session_internal
