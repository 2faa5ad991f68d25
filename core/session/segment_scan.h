// Reads a segment's record headers to find every complete frame record, the frames a crash or
// damage made unreadable, and where a torn tail begins. Never changes the file.
// Thread-safety: reentrant.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "liveframe/result.h"
#include "segment_format.h"

namespace liveframe::session_internal {

struct ScannedRecord {
  RecordHeader header;
  std::uint64_t offset = 0;
};

struct DamagedRecord {
  std::uint64_t offset = 0;
  std::optional<std::int64_t> frame_index;
};

struct SegmentScan {
  std::vector<ScannedRecord> records;  // complete records, in file order
  // Unreadable records, in file order: cut short, failing their hash, or with a damaged header
  // (then frame_index is empty, since nothing trustworthy names the frame).
  std::vector<DamagedRecord> damaged;
  std::uint64_t file_size = 0;
  std::uint64_t valid_size = 0;      // keeping [0, valid_size) drops only a torn tail
  std::uint64_t skipped_bytes = 0;   // damaged bytes inside the file, left in place
  std::vector<std::string> details;  // "<file name>: <what was found>"
};

// verify_payloads: also read and hash every payload. Closed segments were fsynced before their
// rename, so a crash cannot tear them and headers suffice (readFrame verifies each payload);
// the open segment is verified in full because power loss can leave garbage in its tail.
// Fails only when the file cannot be read.
Result<SegmentScan> scanSegment(const std::filesystem::path& path, bool verify_payloads);

}  // namespace liveframe::session_internal
