// Session::open(): validates a NAME.lfsession/ folder, recovers what a crash left and reports
// it; readFrame() decodes and verifies one frame.
#include <fcntl.h>
#include <zstd.h>

#include <exception>
#include <system_error>

#include "file_io.h"
#include "frame_recovery.h"
#include "header_json.h"
#include "index_file.h"
#include "io/atomic_file.h"
#include "journal.h"
#include "liveframe/session.h"
#include "segment_format.h"

namespace liveframe {
namespace {

using namespace session_internal;

// Thread-safety: immutable once open() returns it; readFrame opens its own file descriptor, so
// any number of threads may read at once.
class SessionImpl final : public Session {
 public:
  explicit SessionImpl(std::filesystem::path folder) : folder_(std::move(folder)) {}

  const std::filesystem::path& folder() const override { return folder_; }
  const SessionHeader& header() const override { return header_; }
  const std::vector<Event>& events() const override { return events_; }
  const std::vector<FrameRecord>& frames() const override { return recovered_.frames; }
  const RecoveryReport& report() const override { return report_; }
  Result<Frame> readFrame(std::size_t position) const override {
    // Only an allocation failure throws in here; it becomes an error like any other.
    try {
      return readFrameUnguarded(position);
    } catch (const std::exception& error) {
      return Error{"cannot read a frame of " + folder_.string() + ": " + error.what()};
    }
  }

  // Filled in by openSession() before the session is shared; never changed afterwards.
  SessionHeader header_;
  std::vector<Event> events_;
  RecoveredFrames recovered_;
  RecoveryReport report_;

 private:
  Result<Frame> readFrameUnguarded(std::size_t position) const;

  std::filesystem::path folder_;
};

Result<Frame> SessionImpl::readFrameUnguarded(std::size_t position) const {
  if (position >= recovered_.frames.size()) {
    return Error{"cannot read frame at position " + std::to_string(position) + " of " +
                 folder_.string() + ": it has " + std::to_string(recovered_.frames.size()) +
                 " frames"};
  }
  const FrameLocation& location = recovered_.locations[position];
  const auto& path = recovered_.segment_paths[location.segment_slot];
  const std::string what = path.string() + ": frame " + std::to_string(location.header.frame_index);
  auto file = openFile(path, O_RDONLY, "open");
  if (!file) return Error{file.error()};
  std::vector<std::uint8_t> record(kRecordHeaderSize + location.header.compressed_size);
  if (auto status = readExactAt(file->get(), record.data(), record.size(), location.offset, path);
      !status) {
    return Error{status.error()};
  }
  const auto header = decodeRecordHeader(record.data());
  if (!header || header->frame_index != location.header.frame_index ||
      header->compressed_size != location.header.compressed_size) {
    return Error{what + " has a damaged header (the file changed since it was opened?)"};
  }
  const std::uint8_t* payload = record.data() + kRecordHeaderSize;
  if (payloadHash(payload, header->compressed_size) != header->payload_hash) {
    return Error{what + " is corrupt (compressed data fails its checksum)"};
  }
  Frame frame;
  frame.frame_index = header->frame_index;
  frame.width = static_cast<int>(header->width);
  frame.height = static_cast<int>(header->height);
  frame.rgb.resize(std::size_t{header->width} * header->height * 3);
  const std::size_t size =
      ZSTD_decompress(frame.rgb.data(), frame.rgb.size(), payload, header->compressed_size);
  if (ZSTD_isError(size) || size != frame.rgb.size()) {
    return Error{what + " is corrupt (cannot decompress: " +
                 (ZSTD_isError(size) ? ZSTD_getErrorName(size) : "wrong size") + ")"};
  }
  if (pixelChecksum(frame.rgb) != header->pixel_checksum) {
    return Error{what + " is corrupt (pixels fail their checksum)"};
  }
  return frame;
}

Result<SessionHeader> readHeader(const std::filesystem::path& folder) {
  const auto path = folder / kHeaderFileName;
  const std::string corrupt = folder.string() + ": session.json is missing or corrupt: ";
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    // Without any of a session's other files this is simply some other folder.
    if (!std::filesystem::exists(folder / kJournalFileName, error) &&
        !std::filesystem::exists(folder / kFramesFolderName, error)) {
      return Error{folder.string() + " is not a Liveframe session (it has no session.json)"};
    }
    return Error{corrupt + "the file does not exist"};
  }
  auto text = readWholeFile(path);
  if (!text) return Error{corrupt + text.error()};
  auto header = decodeHeader(text.value());
  if (!header) return Error{corrupt + header.error()};
  return header;
}

// Reads events.jsonl into `session`, dropping torn or corrupt lines; repair cuts a torn tail.
Status loadJournal(const std::filesystem::path& folder, bool repair, SessionImpl& session,
                   bool& damaged) {
  const auto path = folder / kJournalFileName;
  auto& report = session.report_;
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    damaged = true;
    report.details.push_back("events.jsonl is missing: the session has no events");
    if (!repair) return Status::success();
    return io::writeFileAtomically(path, "");
  }
  auto bytes = readWholeFile(path);
  if (!bytes) return Error{bytes.error()};
  JournalContents journal = parseJournal(bytes.value());
  session.events_ = std::move(journal.events);
  report.events_recovered = static_cast<std::int64_t>(session.events_.size());
  report.events_lost = journal.lines_lost;
  report.bytes_truncated += static_cast<std::int64_t>(journal.torn_tail_size);
  for (auto& line : journal.details) report.details.push_back(std::move(line));
  if (journal.lines_lost > 0) damaged = true;
  if (!repair || journal.torn_tail_size == 0) return Status::success();
  auto file = openFile(path, O_WRONLY, "repair");
  if (!file) return Error{file.error()};
  if (auto status = truncateFile(file->get(), journal.valid_size, path); !status) return status;
  report.details.push_back("events.jsonl: truncated to " + std::to_string(journal.valid_size) +
                           " bytes");
  return syncFile(file->get(), path);
}

// Compares index.bin with what the segments hold; repair rewrites it from the segments.
Status reconcileIndex(const std::filesystem::path& folder, bool repair, bool closed_cleanly,
                      SessionImpl& session, bool& damaged) {
  const auto path = folder / kIndexFileName;
  const auto expected = indexEntriesFor(session.recovered_);
  const auto index = readIndexFile(path);
  if (index && !index->torn && index->entries == expected) return Status::success();
  // After a crash the index lacks the open segment's frames: expected, not damage.
  const bool crash_prefix =
      !closed_cleanly && index && index->entries.size() <= expected.size() &&
      std::equal(index->entries.begin(), index->entries.end(), expected.begin());
  if (!crash_prefix) {
    damaged = true;
    session.report_.details.push_back(
        index ? "index.bin disagrees with the segments; the segments were used"
              : "index.bin is missing or unreadable; the segments were used");
  }
  if (!repair) return Status::success();
  session.report_.details.push_back("index.bin: rebuilt from the segments (" +
                                    std::to_string(expected.size()) + " frames)");
  return rewriteIndexFile(path, expected);
}

Status checkIsFolder(const std::filesystem::path& folder) {
  std::error_code error;
  const auto status = std::filesystem::status(folder, error);
  if (!std::filesystem::exists(status)) {
    return Error{"cannot open session " + folder.string() + ": no such folder"};
  }
  if (!std::filesystem::is_directory(status)) {
    return Error{"cannot open session " + folder.string() + ": not a folder"};
  }
  return Status::success();
}

// state.json says whether a writer (or an earlier repair) closed the session.
std::optional<SessionState> readState(const std::filesystem::path& folder, RecoveryReport& report) {
  std::optional<SessionState> state;
  if (auto text = readWholeFile(folder / kStateFileName)) state = decodeState(text.value());
  if (!state || !state->closed) {
    report.details.push_back("the recording was interrupted (state.json does not say closed)");
    return std::nullopt;
  }
  if (!state->repaired.empty()) report.details.push_back("repaired earlier: " + state->repaired);
  return state;
}

Status recoverSessionFrames(const std::filesystem::path& folder, bool repair, SessionImpl& session,
                            bool& damaged) {
  auto frames = recoverFrames(folder, session.header_, repair);
  if (!frames) return Error{frames.error()};
  session.recovered_ = std::move(frames).value();
  auto& report = session.report_;
  damaged = damaged || session.recovered_.damaged;
  for (auto& line : session.recovered_.details) report.details.push_back(std::move(line));
  session.recovered_.details.clear();
  report.frames_recovered = static_cast<std::int64_t>(session.recovered_.frames.size());
  report.frames_lost = session.recovered_.frames_lost;
  report.bytes_truncated += session.recovered_.bytes_truncated;
  return Status::success();
}

// Decides was_clean and, when repairing, records that the session is now closed and how.
Status finishReport(const std::filesystem::path& folder, bool repair,
                    const std::optional<SessionState>& state, bool damaged,
                    RecoveryReport& report) {
  if (state &&
      (state->frames != report.frames_recovered || state->events != report.events_recovered)) {
    damaged = true;
    report.details.push_back("state.json promised " + std::to_string(state->frames) +
                             " frames and " + std::to_string(state->events) + " events");
  }
  report.was_clean = state && !damaged;
  if (report.was_clean) return Status::success();
  if (!repair) {
    report.details.push_back("opened read-only: nothing was changed on disk");
    return Status::success();
  }
  const SessionState repaired{true, report.frames_recovered, report.events_recovered,
                              report.summary()};
  return io::writeFileAtomically(folder / kStateFileName, encodeState(repaired));
}

Result<std::shared_ptr<const Session>> openSession(const std::filesystem::path& folder,
                                                   Session::Mode mode) {
  if (auto status = checkIsFolder(folder); !status) return Error{status.error()};
  const bool repair = mode == Session::Mode::Repair;
  auto session = std::make_shared<SessionImpl>(folder);
  auto header = readHeader(folder);
  if (!header) return Error{header.error()};
  session->header_ = std::move(header).value();
  const auto state = readState(folder, session->report_);
  bool damaged = false;
  Status status = loadJournal(folder, repair, *session, damaged);
  if (status) status = recoverSessionFrames(folder, repair, *session, damaged);
  if (status) status = reconcileIndex(folder, repair, state.has_value(), *session, damaged);
  if (status) status = finishReport(folder, repair, state, damaged, session->report_);
  if (!status) return Error{status.error()};
  return std::shared_ptr<const Session>(std::move(session));
}

}  // namespace

Result<std::shared_ptr<const Session>> Session::open(const std::filesystem::path& folder,
                                                     Mode mode) {
  // Nothing below throws by design; this keeps a bad_alloc or a library surprise from crossing
  // the module boundary as an exception.
  try {
    return openSession(folder, mode);
  } catch (const std::exception& error) {
    return Error{"cannot open session " + folder.string() + ": " + error.what()};
  }
}

}  // namespace liveframe
