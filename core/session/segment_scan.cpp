#include "segment_scan.h"

#include <fcntl.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "file_io.h"

namespace liveframe::session_internal {
namespace {

constexpr std::size_t kSearchChunk = 1 << 20;

// Finds the next intact record header at or after `from`, by its magic and header hash, so one
// damaged record does not cost the rest of the segment.
Result<std::optional<std::uint64_t>> findNextHeader(int fd, const std::filesystem::path& path,
                                                    std::uint64_t from, std::uint64_t file_size) {
  std::vector<std::uint8_t> chunk;
  while (from + kRecordHeaderSize <= file_size) {
    const std::uint64_t length = std::min<std::uint64_t>(kSearchChunk, file_size - from);
    chunk.resize(length);
    if (auto status = readExactAt(fd, chunk.data(), length, from, path); !status) {
      return Error{status.error()};
    }
    // Candidates must have a whole header inside the chunk; the next chunk overlaps the rest.
    for (std::size_t at = 0; at + kRecordHeaderSize <= length; ++at) {
      if (chunk[at] == kRecordMagic[0] &&
          std::memcmp(&chunk[at], kRecordMagic.data(), kRecordMagic.size()) == 0 &&
          decodeRecordHeader(&chunk[at])) {
        return std::optional<std::uint64_t>(from + at);
      }
    }
    if (from + length >= file_size) break;
    from += length - (kRecordHeaderSize - 1);
  }
  return std::optional<std::uint64_t>();
}

// One pass over one segment file. Thread-safety: Unsafe; lives within one scanSegment() call.
class Scanner {
 public:
  Scanner(int fd, const std::filesystem::path& path, bool verify_payloads)
      : fd_(fd), path_(path), name_(path.filename().string()), verify_(verify_payloads) {}

  Result<SegmentScan> run(std::uint64_t file_size) {
    scan_.file_size = file_size;
    std::uint64_t offset = 0;
    while (offset < file_size) {
      auto next = step(offset);
      if (!next) return Error{next.error()};
      if (!next.value()) break;  // torn tail starts at `offset`
      offset = *next.value();
      scan_.valid_size = offset;
    }
    return std::move(scan_);
  }

 private:
  // Reads the record at `offset`; returns where the next one starts, or nothing when the rest
  // of the file is a torn tail.
  Result<std::optional<std::uint64_t>> step(std::uint64_t offset) {
    const std::uint64_t remaining = scan_.file_size - offset;
    if (remaining < kRecordHeaderSize) {
      scan_.damaged.push_back({offset, std::nullopt});
      return tornTail(offset, "incomplete record header");
    }
    std::uint8_t header_bytes[kRecordHeaderSize];
    if (auto status = readExactAt(fd_, header_bytes, kRecordHeaderSize, offset, path_); !status) {
      return Error{status.error()};
    }
    const auto header = decodeRecordHeader(header_bytes);
    if (!header) return resync(offset);
    const std::uint64_t end = offset + kRecordHeaderSize + header->compressed_size;
    if (end > scan_.file_size) {
      scan_.damaged.push_back({offset, header->frame_index});
      return tornTail(offset, "frame " + std::to_string(header->frame_index) + " is incomplete");
    }
    if (verify_) {
      auto intact = payloadIntact(*header, offset);
      if (!intact) return Error{intact.error()};
      if (!intact.value()) {
        scan_.damaged.push_back({offset, header->frame_index});
        // Damage at the very end is what a power cut leaves: treat it as a torn tail.
        if (end == scan_.file_size) {
          return tornTail(offset,
                          "frame " + std::to_string(header->frame_index) + " fails its checksum");
        }
        scan_.details.push_back(name_ + ": frame " + std::to_string(header->frame_index) +
                                " at byte " + std::to_string(offset) +
                                " fails its checksum; it is lost");
        return std::optional<std::uint64_t>(end);
      }
    }
    scan_.records.push_back({*header, offset});
    return std::optional<std::uint64_t>(end);
  }

  Result<bool> payloadIntact(const RecordHeader& header, std::uint64_t offset) {
    payload_.resize(header.compressed_size);
    if (auto status =
            readExactAt(fd_, payload_.data(), payload_.size(), offset + kRecordHeaderSize, path_);
        !status) {
      return Error{status.error()};
    }
    return payloadHash(payload_.data(), payload_.size()) == header.payload_hash;
  }

  Result<std::optional<std::uint64_t>> resync(std::uint64_t offset) {
    auto next = findNextHeader(fd_, path_, offset + 1, scan_.file_size);
    if (!next) return Error{next.error()};
    scan_.damaged.push_back({offset, std::nullopt});
    if (!next.value()) return tornTail(offset, "unreadable record header");
    const std::uint64_t skipped = *next.value() - offset;
    scan_.skipped_bytes += skipped;
    scan_.details.push_back(name_ + ": damaged record header at byte " + std::to_string(offset) +
                            ", skipped " + std::to_string(skipped) + " bytes");
    return next;
  }

  std::optional<std::uint64_t> tornTail(std::uint64_t offset, const std::string& why) {
    scan_.details.push_back(name_ + ": torn tail at byte " + std::to_string(offset) + " (" + why +
                            ", " + std::to_string(scan_.file_size - offset) + " bytes)");
    return std::nullopt;
  }

  int fd_;
  const std::filesystem::path& path_;
  std::string name_;
  bool verify_;
  SegmentScan scan_;
  std::vector<std::uint8_t> payload_;
};

}  // namespace

Result<SegmentScan> scanSegment(const std::filesystem::path& path, bool verify_payloads) {
  auto file = openFile(path, O_RDONLY, "open");
  if (!file) return Error{file.error()};
  auto size = fileSize(file->get(), path);
  if (!size) return Error{size.error()};
  return Scanner(file->get(), path, verify_payloads).run(*size);
}

}  // namespace liveframe::session_internal
