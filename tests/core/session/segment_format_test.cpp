// The frame record header and segment names (segment_format.h).
#include "segment_format.h"

#include <gtest/gtest.h>

namespace liveframe::session_internal {
namespace {

RecordHeader sampleHeader() {
  RecordHeader header;
  header.frame_index = 1'234'567'890'123;  // 64-bit indices: hours of stream never wrap
  header.time_us = -5;
  header.width = 256;
  header.height = 144;
  header.pixel_checksum = 0x0123456789ABCDEFull;
  header.compressed_size = 4321;
  header.payload_hash = 0xFEDCBA9876543210ull;
  return header;
}

TEST(SegmentFormatTest, RecordHeaderRoundTrips) {
  const auto bytes = encodeRecordHeader(sampleHeader());
  EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 4), "LFFR");
  const auto decoded = decodeRecordHeader(bytes.data());
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->frame_index, 1'234'567'890'123);
  EXPECT_EQ(decoded->time_us, -5);
  EXPECT_EQ(decoded->width, 256u);
  EXPECT_EQ(decoded->height, 144u);
  EXPECT_EQ(decoded->pixel_checksum, 0x0123456789ABCDEFull);
  EXPECT_EQ(decoded->compressed_size, 4321u);
  EXPECT_EQ(decoded->payload_hash, 0xFEDCBA9876543210ull);
}

TEST(SegmentFormatTest, AnyFlippedHeaderByteIsRejected) {
  const auto original = encodeRecordHeader(sampleHeader());
  for (std::size_t i = 0; i < original.size(); ++i) {
    auto damaged = original;
    damaged[i] ^= 0x01;
    EXPECT_FALSE(decodeRecordHeader(damaged.data()).has_value()) << "byte " << i;
  }
}

TEST(SegmentFormatTest, ImpossibleSizesAreRejectedEvenWithAValidHash) {
  RecordHeader header = sampleHeader();
  header.compressed_size = 1ull << 40;  // far beyond what 256x144 pixels can compress to
  EXPECT_FALSE(decodeRecordHeader(encodeRecordHeader(header).data()).has_value());
  header = sampleHeader();
  header.width = 0;
  EXPECT_FALSE(decodeRecordHeader(encodeRecordHeader(header).data()).has_value());
}

TEST(SegmentFormatTest, SegmentNames) {
  EXPECT_EQ(segmentFileName(3, false), "seg_000003.lfseg");
  EXPECT_EQ(segmentFileName(3, true), "seg_000003.open");
  EXPECT_EQ(segmentFileName(12345678, false), "seg_12345678.lfseg");
  const auto closed = parseSegmentFileName("seg_000042.lfseg");
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(closed->segment, 42u);
  EXPECT_FALSE(closed->open);
  const auto open = parseSegmentFileName("seg_12345678.open");
  ASSERT_TRUE(open.has_value());
  EXPECT_TRUE(open->open);
  for (const char* name : {"seg_.lfseg", "seg_12.tmp", "seg_1x.lfseg", "index.bin",
                           "seg_000001.lfseg.tmp", "seg_-1.open"}) {
    EXPECT_FALSE(parseSegmentFileName(name).has_value()) << name;
  }
}

TEST(SegmentFormatTest, IndexEntriesRoundTrip) {
  const IndexEntry entry{-1, 42, 0xABCDull, 7, 1ull << 33};
  std::string bytes;
  appendIndexEntry(entry, bytes);
  ASSERT_EQ(bytes.size(), kIndexEntrySize);
  EXPECT_EQ(decodeIndexEntry(reinterpret_cast<const std::uint8_t*>(bytes.data())), entry);
  const auto header = encodeIndexHeader();
  EXPECT_TRUE(isIndexHeader(header.data()));
}

}  // namespace
}  // namespace liveframe::session_internal
