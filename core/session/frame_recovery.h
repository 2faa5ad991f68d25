// Finds every readable frame of a session's segments, counts what is lost and, in repair mode,
// truncates torn tails and closes a segment a crash left open. Internal to Session::open().
// Thread-safety: reentrant; repairing the same folder from two threads at once is not.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "liveframe/result.h"
#include "liveframe/session.h"
#include "segment_format.h"

namespace liveframe::session_internal {

struct FrameLocation {
  std::size_t segment_slot = 0;  // index into RecoveredFrames::segment_paths
  std::uint64_t offset = 0;
  RecordHeader header;
};

struct RecoveredFrames {
  std::vector<std::filesystem::path> segment_paths;  // where each segment is now
  std::vector<std::uint32_t> segment_numbers;        // parallel to segment_paths
  std::vector<FrameRecord> frames;                   // increasing frame_index
  std::vector<FrameLocation> locations;              // parallel to frames
  std::int64_t frames_lost = 0;
  std::int64_t bytes_truncated = 0;
  bool found_open_segment = false;
  bool damaged = false;  // found something a clean close does not leave behind
  std::vector<std::string> details;
};

// Fails only on I/O errors (a segment that cannot be read, a repair that cannot be written).
Result<RecoveredFrames> recoverFrames(const std::filesystem::path& folder,
                                      const SessionHeader& header, bool repair);

// The index entries that describe `frames` exactly.
std::vector<IndexEntry> indexEntriesFor(const RecoveredFrames& frames);

}  // namespace liveframe::session_internal
