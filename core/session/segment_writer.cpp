#include "segment_writer.h"

#include <fcntl.h>
#include <unistd.h>
#include <zstd.h>

#include <cstring>

#include "segment_format.h"

namespace liveframe::session_internal {
namespace {

// Level 1: about 1 ms for a 256x256 frame on one core, which keeps recording off the critical
// path; higher levels buy little on generated images and cost several times more.
constexpr int kCompressionLevel = 1;

}  // namespace

void SegmentWriter::ContextDeleter::operator()(ZSTD_CCtx_s* context) const {
  ZSTD_freeCCtx(context);
}

SegmentWriter::SegmentWriter(std::filesystem::path frames_folder, std::filesystem::path index_path,
                             int frames_per_segment)
    : frames_folder_(std::move(frames_folder)),
      index_path_(std::move(index_path)),
      frames_per_segment_(frames_per_segment),
      compressor_(ZSTD_createCCtx()) {}

SegmentWriter::~SegmentWriter() = default;

std::filesystem::path SegmentWriter::segmentPath(bool open) const {
  return frames_folder_ / segmentFileName(segment_number_, open);
}

Status SegmentWriter::createIndex() {
  auto opened = openFile(index_path_, O_WRONLY | O_CREAT | O_EXCL | O_APPEND, "create");
  if (!opened) return Error{opened.error()};
  index_fd_ = std::move(opened).value();
  const auto header = encodeIndexHeader();
  if (auto status = writeAll(index_fd_.get(), header.data(), header.size(), index_path_); !status) {
    return status;
  }
  index_size_ = header.size();
  bytes_written_ += static_cast<std::int64_t>(header.size());
  index_pending_.reserve(kIndexEntrySize * static_cast<std::size_t>(frames_per_segment_));
  return Status::success();
}

Status SegmentWriter::append(const Frame& frame, std::int64_t time_us) {
  if (!broken_.empty()) return Error{broken_};
  if (!compressor_) return Error{"cannot compress frames: out of memory for the zstd context"};
  if (!segment_fd_.valid()) {
    if (auto status = openSegment(); !status) return status;
  }
  if (auto status = writeRecord(frame, time_us); !status) return status;
  if (frames_in_segment_ >= frames_per_segment_) return finishSegment();
  return Status::success();
}

Status SegmentWriter::closeSegment() {
  if (!broken_.empty()) return Error{broken_};
  if (segment_fd_.valid()) {
    if (auto status = finishSegment(); !status) return status;
  }
  return flushIndex();
}

Status SegmentWriter::openSegment() {
  open_segment_path_ = segmentPath(/*open=*/true);
  const auto& path = open_segment_path_;
  // O_APPEND: after a failed write is cut back with ftruncate, the next record must land at the
  // new end, not at the old file offset (which would leave a hole of zeros).
  auto opened = openFile(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, "create");
  if (!opened) return Error{opened.error()};
  segment_fd_ = std::move(opened).value();
  frames_in_segment_ = 0;
  segment_size_ = 0;
  return Status::success();
}

Status SegmentWriter::writeRecord(const Frame& frame, std::int64_t time_us) {
  const std::size_t raw_size = frame.rgb.size();
  const std::size_t bound = ZSTD_compressBound(raw_size);
  if (record_buffer_.size() < kRecordHeaderSize + bound) {
    record_buffer_.resize(kRecordHeaderSize + bound);
  }
  std::uint8_t* payload = record_buffer_.data() + kRecordHeaderSize;
  const std::size_t compressed_size = ZSTD_compressCCtx(
      compressor_.get(), payload, bound, frame.rgb.data(), raw_size, kCompressionLevel);
  if (ZSTD_isError(compressed_size)) {
    return Error{"cannot compress frame " + std::to_string(frame.frame_index) + ": " +
                 ZSTD_getErrorName(compressed_size)};
  }
  RecordHeader header;
  header.frame_index = frame.frame_index;
  header.time_us = time_us;
  header.width = static_cast<std::uint32_t>(frame.width);
  header.height = static_cast<std::uint32_t>(frame.height);
  header.pixel_checksum = pixelChecksum(frame.rgb);
  header.compressed_size = compressed_size;
  header.payload_hash = payloadHash(payload, compressed_size);
  const auto header_bytes = encodeRecordHeader(header);
  std::memcpy(record_buffer_.data(), header_bytes.data(), header_bytes.size());

  // One write per record, no fsync: a record costs a memcpy into the page cache, and the
  // segment's fsync at close is what makes a closed segment safe.
  const std::size_t record_size = kRecordHeaderSize + compressed_size;
  // open_segment_path_ is cached so that the per-frame path allocates nothing.
  const auto& path = open_segment_path_;
  if (auto status = writeAll(segment_fd_.get(), record_buffer_.data(), record_size, path);
      !status) {
    if (auto undo = truncateFile(segment_fd_.get(), segment_size_, path); !undo) {
      broken_ = status.error() + " (and the partial record could not be removed)";
    }
    return status;
  }
  noteRecordWritten(header, record_size);
  return Status::success();
}

void SegmentWriter::noteRecordWritten(const RecordHeader& header, std::size_t record_size) {
  IndexEntry entry;
  entry.frame_index = header.frame_index;
  entry.time_us = header.time_us;
  entry.checksum = header.pixel_checksum;
  entry.segment = segment_number_;
  entry.offset = segment_size_;
  appendIndexEntry(entry, index_pending_);
  segment_size_ += record_size;
  bytes_written_ += static_cast<std::int64_t>(record_size);
  ++frames_in_segment_;
  ++frames_written_;
}

Status SegmentWriter::finishSegment() {
  const auto& open_path = open_segment_path_;
  if (frames_in_segment_ == 0) {
    // Opened, then a failed first write: nothing worth keeping.
    segment_fd_.reset();
    if (::unlink(open_path.c_str()) != 0) return ioError("remove", open_path, errno);
    return Status::success();
  }
  // After a failed fsync the kernel may have dropped the dirty pages and a retry can wrongly
  // succeed, so a failure here stops the writer; open() recovers what reached the disk.
  if (auto status = syncFile(segment_fd_.get(), open_path); !status) {
    broken_ = status.error();
    return status;
  }
  segment_fd_.reset();
  if (auto status = renameFile(open_path, segmentPath(/*open=*/false)); !status) {
    broken_ = status.error();
    return status;
  }
  ++segment_number_;
  frames_in_segment_ = 0;
  segment_size_ = 0;
  if (auto status = syncFolder(frames_folder_); !status) return status;
  return flushIndex();
}

Status SegmentWriter::flushIndex() {
  if (index_pending_.empty()) return Status::success();
  if (auto status =
          writeAll(index_fd_.get(), index_pending_.data(), index_pending_.size(), index_path_);
      !status) {
    // Undo the partial write to keep later entries aligned and keep the entries for a retry.
    // If even the undo fails, no harm beyond the index: open() finds it disagreeing with the
    // segments and rebuilds it from them.
    if (truncateFile(index_fd_.get(), index_size_, index_path_)) return status;
    if (auto size = fileSize(index_fd_.get(), index_path_)) index_size_ = *size;
    return status;
  }
  index_size_ += index_pending_.size();
  bytes_written_ += static_cast<std::int64_t>(index_pending_.size());
  index_pending_.clear();
  return syncFileData(index_fd_.get(), index_path_);
}

}  // namespace liveframe::session_internal
