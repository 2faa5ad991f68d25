// The on-disk layout of frame segments and of the frame index (internal to core/session).
//
// A segment file (frames/seg_NNNNNN.lfseg when closed, .open while written) is a plain
// sequence of self-describing frame records, with no file header, so that any prefix of a
// segment is a valid segment and a torn tail is cut at the last complete record:
//
//   offset size  field (little-endian)
//   0      4     magic "LFFR"
//   4      2     header size in bytes (64)
//   6      2     record format version (1)
//   8      8     frame_index (int64)
//   16     8     time_us (int64)
//   24     4     width (uint32)
//   28     4     height (uint32)
//   32     8     pixel checksum: pixelChecksum() of the width*height*3 RGB bytes
//   40     8     compressed size in bytes
//   48     8     XXH3-64 of the compressed bytes
//   56     8     XXH3-64 of bytes 0..55 (so a damaged size cannot send a reader astray)
//   64     n     zstd frame holding the RGB bytes
//
// index.bin: a 16-byte header ("LFINDEX1", uint32 version 1, uint32 entry size 40), then one
// 40-byte entry per frame: frame_index, time_us, pixel checksum, uint32 segment number,
// uint32 reserved (0), uint64 record offset in the segment. The index only mirrors what the
// segments say; open() rebuilds it from the segments whenever they disagree.
//
// Thread-safety: pure functions and value types.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace liveframe::session_internal {

inline constexpr std::string_view kHeaderFileName = "session.json";
inline constexpr std::string_view kJournalFileName = "events.jsonl";
inline constexpr std::string_view kIndexFileName = "index.bin";
inline constexpr std::string_view kStateFileName = "state.json";
inline constexpr std::string_view kFramesFolderName = "frames";
inline constexpr int kSessionFormatVersion = 1;

inline constexpr std::size_t kRecordHeaderSize = 64;
inline constexpr std::string_view kRecordMagic = "LFFR";
inline constexpr std::uint16_t kRecordVersion = 1;

struct RecordHeader {
  std::int64_t frame_index = 0;
  std::int64_t time_us = 0;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint64_t pixel_checksum = 0;
  std::uint64_t compressed_size = 0;
  std::uint64_t payload_hash = 0;
};

using RecordHeaderBytes = std::array<std::uint8_t, kRecordHeaderSize>;

RecordHeaderBytes encodeRecordHeader(const RecordHeader& header);
// Empty when the bytes are not an intact record header (magic, version or header hash wrong,
// or sizes no encoder could have written).
std::optional<RecordHeader> decodeRecordHeader(const std::uint8_t* bytes);
std::uint64_t payloadHash(const void* data, std::size_t size);

inline constexpr std::size_t kIndexHeaderSize = 16;
inline constexpr std::size_t kIndexEntrySize = 40;

struct IndexEntry {
  std::int64_t frame_index = 0;
  std::int64_t time_us = 0;
  std::uint64_t checksum = 0;
  std::uint32_t segment = 0;
  std::uint64_t offset = 0;
  bool operator==(const IndexEntry&) const = default;
};

std::array<std::uint8_t, kIndexHeaderSize> encodeIndexHeader();
bool isIndexHeader(const std::uint8_t* bytes);
void appendIndexEntry(const IndexEntry& entry, std::string& out);
IndexEntry decodeIndexEntry(const std::uint8_t* bytes);

// "seg_000012.lfseg" or "seg_000012.open".
std::string segmentFileName(std::uint32_t segment, bool open);

struct SegmentName {
  std::uint32_t segment = 0;
  bool open = false;
};
// Empty for names that are not segment files (temp files, stray files).
std::optional<SegmentName> parseSegmentFileName(std::string_view name);

}  // namespace liveframe::session_internal
