#include "frame_recovery.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <system_error>

#include "file_io.h"
#include "segment_scan.h"

namespace liveframe::session_internal {
namespace {

constexpr int kMaxGapDetails = 10;  // keeps a badly damaged session's report readable

struct SegmentFile {
  std::uint32_t number = 0;
  bool open = false;
  std::filesystem::path path;
};

Result<std::vector<SegmentFile>> listSegments(const std::filesystem::path& frames_folder,
                                              std::vector<std::string>& details) {
  std::vector<SegmentFile> segments;
  std::error_code error;
  for (std::filesystem::directory_iterator entry(frames_folder, error);
       !error && entry != std::filesystem::directory_iterator(); entry.increment(error)) {
    const auto parsed = parseSegmentFileName(entry->path().filename().string());
    if (parsed) segments.push_back({parsed->segment, parsed->open, entry->path()});
  }
  if (error) return Error{"cannot read " + frames_folder.string() + ": " + error.message()};
  std::sort(segments.begin(), segments.end(), [](const auto& a, const auto& b) {
    return a.number != b.number ? a.number < b.number : !a.open && b.open;
  });
  // One writer never leaves both names for one number (the rename is atomic); should a copy
  // or a stray file do so, the closed one is the one that was fsynced.
  std::vector<SegmentFile> unique;
  for (auto& segment : segments) {
    if (!unique.empty() && unique.back().number == segment.number) {
      details.push_back(segment.path.filename().string() + ": ignored, " +
                        unique.back().path.filename().string() + " has the same number");
      continue;
    }
    unique.push_back(std::move(segment));
  }
  return unique;
}

// Counts lost frames: every index between the first and last frame anyone names that was not
// recovered, plus damaged records that no named frame brackets (a torn first or last record).
// Thread-safety: Unsafe; lives within one recoverFrames() call.
class LossCounter {
 public:
  void named(std::int64_t frame_index) {
    first_ = std::min(first_.value_or(frame_index), frame_index);
    last_ = std::max(last_.value_or(frame_index), frame_index);
    unnamed_after_last_ = 0;
  }
  void unnamed() { ++(last_ ? unnamed_after_last_ : unnamed_before_first_); }
  std::int64_t lost(std::int64_t recovered) const {
    const std::int64_t edges = unnamed_before_first_ + unnamed_after_last_;
    if (!last_) return edges;
    return (*last_ - *first_ + 1) - recovered + edges;
  }

 private:
  std::optional<std::int64_t> first_;
  std::optional<std::int64_t> last_;
  std::int64_t unnamed_before_first_ = 0;
  std::int64_t unnamed_after_last_ = 0;
};

// Gathers frames segment by segment, in order. Thread-safety: Unsafe; one recoverFrames() call.
class Recovery {
 public:
  Recovery(const SessionHeader& header, bool repair) : header_(header), repair_(repair) {}

  Status addSegment(SegmentFile segment) {
    auto scan = scanSegment(segment.path, /*verify_payloads=*/segment.open);
    if (!scan) return Error{scan.error()};
    const std::size_t slot = out_.segment_paths.size();
    out_.segment_paths.push_back(segment.path);
    out_.segment_numbers.push_back(segment.number);
    for (auto& line : scan->details) out_.details.push_back(std::move(line));
    if (!scan->damaged.empty() || scan->skipped_bytes > 0) out_.damaged = true;
    absorb(slot, scan.value());
    if (auto status = truncateTornTail(segment, scan.value()); !status) return status;
    if (segment.open) return closeOpenSegment(slot, segment, scan.value());
    return Status::success();
  }

  RecoveredFrames finish() {
    out_.frames_lost = losses_.lost(static_cast<std::int64_t>(out_.frames.size()));
    describeGaps();
    return std::move(out_);
  }

 private:
  // Walks records and damaged records together in file order, so the loss count knows which
  // damaged records sit between named frames.
  void absorb(std::size_t slot, const SegmentScan& scan) {
    std::size_t record = 0;
    std::size_t damaged = 0;
    while (record < scan.records.size() || damaged < scan.damaged.size()) {
      const bool take_damaged = damaged < scan.damaged.size() &&
                                (record == scan.records.size() ||
                                 scan.damaged[damaged].offset < scan.records[record].offset);
      if (take_damaged) {
        const auto& frame_index = scan.damaged[damaged++].frame_index;
        if (frame_index) {
          losses_.named(*frame_index);
        } else {
          losses_.unnamed();
        }
      } else {
        accept(slot, scan.records[record++]);
      }
    }
  }

  void accept(std::size_t slot, const ScannedRecord& record) {
    const auto& header = record.header;
    const std::string name = out_.segment_paths[slot].filename().string();
    if (header.width != static_cast<std::uint32_t>(header_.width) ||
        header.height != static_cast<std::uint32_t>(header_.height)) {
      out_.details.push_back(name + ": frame " + std::to_string(header.frame_index) + " is " +
                             std::to_string(header.width) + "x" + std::to_string(header.height) +
                             ", not the session's size; it is lost");
      out_.damaged = true;
      losses_.named(header.frame_index);
      return;
    }
    if (!out_.frames.empty() && header.frame_index <= out_.frames.back().frame_index) {
      out_.details.push_back(name + ": frame " + std::to_string(header.frame_index) +
                             " is out of order, ignored");
      out_.damaged = true;
      return;
    }
    out_.frames.push_back({header.frame_index, header.time_us, header.pixel_checksum});
    out_.locations.push_back({slot, record.offset, header});
    losses_.named(header.frame_index);
  }

  Status truncateTornTail(const SegmentFile& segment, const SegmentScan& scan) {
    if (scan.valid_size >= scan.file_size) return Status::success();
    out_.bytes_truncated += static_cast<std::int64_t>(scan.file_size - scan.valid_size);
    out_.damaged = true;
    if (!repair_) return Status::success();
    auto file = openFile(segment.path, O_WRONLY, "repair");
    if (!file) return Error{file.error()};
    if (auto status = truncateFile(file->get(), scan.valid_size, segment.path); !status) {
      return status;
    }
    out_.details.push_back(segment.path.filename().string() + ": truncated to " +
                           std::to_string(scan.valid_size) + " bytes");
    return syncFile(file->get(), segment.path);
  }

  Status closeOpenSegment(std::size_t slot, const SegmentFile& segment, const SegmentScan& scan) {
    out_.found_open_segment = true;
    const std::string name = segment.path.filename().string();
    out_.details.push_back(name + ": segment left open by an interrupted recording, " +
                           std::to_string(scan.records.size()) + " complete frames");
    if (!repair_) return Status::success();
    if (scan.valid_size == 0) {
      if (::unlink(segment.path.c_str()) != 0) return ioError("remove", segment.path, errno);
      out_.details.push_back(name + ": removed (no complete frame)");
      return syncFolder(segment.path.parent_path());
    }
    auto file = openFile(segment.path, O_RDONLY, "open");
    if (!file) return Error{file.error()};
    if (auto status = syncFile(file->get(), segment.path); !status) return status;
    const auto closed_path = segment.path.parent_path() / segmentFileName(segment.number, false);
    if (auto status = renameFile(segment.path, closed_path); !status) return status;
    out_.segment_paths[slot] = closed_path;
    out_.details.push_back(name + ": closed as " + closed_path.filename().string());
    return syncFolder(segment.path.parent_path());
  }

  void describeGaps() {
    int described = 0;
    for (std::size_t i = 1; i < out_.frames.size(); ++i) {
      const std::int64_t first = out_.frames[i - 1].frame_index + 1;
      const std::int64_t last = out_.frames[i].frame_index - 1;
      if (first > last) continue;
      if (++described > kMaxGapDetails) continue;
      out_.details.push_back(first == last ? "frame " + std::to_string(first) + " is lost"
                                           : "frames " + std::to_string(first) + ".." +
                                                 std::to_string(last) + " are lost");
    }
    if (described > kMaxGapDetails) {
      out_.details.push_back(std::to_string(described - kMaxGapDetails) +
                             " more gaps in the frame sequence");
    }
  }

  const SessionHeader& header_;
  bool repair_;
  RecoveredFrames out_;
  LossCounter losses_;
};

}  // namespace

Result<RecoveredFrames> recoverFrames(const std::filesystem::path& folder,
                                      const SessionHeader& header, bool repair) {
  const auto frames_folder = folder / kFramesFolderName;
  std::error_code error;
  if (!std::filesystem::is_directory(frames_folder, error)) {
    RecoveredFrames none;
    none.damaged = true;
    none.details.push_back("frames/ is missing: the session has no frames");
    if (repair && ::mkdir(frames_folder.c_str(), 0755) != 0 && errno != EEXIST) {
      return ioError("create", frames_folder, errno);
    }
    return none;
  }
  Recovery recovery(header, repair);
  std::vector<std::string> listing_details;
  auto segments = listSegments(frames_folder, listing_details);
  if (!segments) return Error{segments.error()};
  for (auto& segment : segments.value()) {
    if (auto status = recovery.addSegment(std::move(segment)); !status) {
      return Error{status.error()};
    }
  }
  RecoveredFrames recovered = recovery.finish();
  if (!listing_details.empty()) recovered.damaged = true;
  recovered.details.insert(recovered.details.begin(), listing_details.begin(),
                           listing_details.end());
  return recovered;
}

std::vector<IndexEntry> indexEntriesFor(const RecoveredFrames& frames) {
  std::vector<IndexEntry> entries;
  entries.reserve(frames.frames.size());
  for (std::size_t i = 0; i < frames.frames.size(); ++i) {
    const auto& location = frames.locations[i];
    entries.push_back({frames.frames[i].frame_index, frames.frames[i].time_us,
                       frames.frames[i].checksum, frames.segment_numbers[location.segment_slot],
                       location.offset});
  }
  return entries;
}

}  // namespace liveframe::session_internal
