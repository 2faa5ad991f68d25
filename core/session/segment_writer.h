// Writes frame records into numbered segments (frames/seg_NNNNNN.open, renamed to .lfseg once
// full and fsynced) and the index entries that point at them. See segment_format.h.
// Thread-safety: Unsafe; owned by the SessionWriter's thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "file_io.h"
#include "liveframe/frame.h"
#include "liveframe/result.h"
#include "segment_format.h"

struct ZSTD_CCtx_s;

namespace liveframe::session_internal {

class SegmentWriter {
 public:
  SegmentWriter(std::filesystem::path frames_folder, std::filesystem::path index_path,
                int frames_per_segment);
  ~SegmentWriter();
  SegmentWriter(const SegmentWriter&) = delete;
  SegmentWriter& operator=(const SegmentWriter&) = delete;

  // Creates the (new) index file with its header.
  Status createIndex();
  // Writes one record and, when that fills the segment, closes it. If writing the record
  // fails, the open segment is cut back to its last complete record, so the call can be retried.
  // framesWritten() tells whether the record made it when a later step (closing) failed.
  Status append(const Frame& frame, std::int64_t time_us);
  // Closes the open segment, if any (an empty one is removed), and writes pending index entries.
  Status closeSegment();
  std::int64_t framesWritten() const { return frames_written_; }
  std::int64_t bytesWritten() const { return bytes_written_; }

 private:
  Status openSegment();
  Status writeRecord(const Frame& frame, std::int64_t time_us);
  void noteRecordWritten(const RecordHeader& header, std::size_t record_size);
  Status finishSegment();
  Status flushIndex();
  std::filesystem::path segmentPath(bool open) const;

  std::filesystem::path frames_folder_;
  std::filesystem::path index_path_;
  int frames_per_segment_;

  struct ContextDeleter {
    void operator()(ZSTD_CCtx_s* context) const;
  };
  std::unique_ptr<ZSTD_CCtx_s, ContextDeleter> compressor_;
  std::vector<std::uint8_t> record_buffer_;  // header + compressed pixels, reused per frame

  UniqueFd segment_fd_;  // valid while a segment is open
  std::filesystem::path open_segment_path_;
  std::uint32_t segment_number_ = 0;
  int frames_in_segment_ = 0;
  std::uint64_t segment_size_ = 0;  // end of the last complete record

  UniqueFd index_fd_;
  std::uint64_t index_size_ = 0;
  std::string index_pending_;  // entries of records written since the last segment close

  std::int64_t frames_written_ = 0;
  std::int64_t bytes_written_ = 0;
  // Set when a failure left the open segment in a state this writer cannot vouch for; every
  // later append reports it instead of writing after damage.
  std::string broken_;
};

}  // namespace liveframe::session_internal
