// SessionWriter: creates a NAME.lfsession/ folder and records frames and events into it.
// What a crash can cost: the open segment's frames (at most frames_per_segment) and the events
// of the last journal flush interval. Everything else is fsynced before it counts as written.
#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <ctime>
#include <optional>
#include <system_error>

#include "file_io.h"
#include "header_json.h"
#include "io/atomic_file.h"
#include "journal.h"
#include "liveframe/session.h"
#include "segment_format.h"
#include "segment_writer.h"

namespace liveframe {
namespace {

using namespace session_internal;

Status validate(const SessionHeader& header, const SessionWriter::Options& options) {
  if (header.format_version != kSessionFormatVersion) {
    return Error{"cannot create a session with format_version " +
                 std::to_string(header.format_version) + " (this build writes " +
                 std::to_string(kSessionFormatVersion) + ")"};
  }
  if (header.width <= 0 || header.height <= 0 || header.width > 65536 || header.height > 65536) {
    return Error{"cannot create a session of " + std::to_string(header.width) + "x" +
                 std::to_string(header.height) + " pixels"};
  }
  if (!(header.fps > 0) || !std::isfinite(header.fps)) {
    return Error{"cannot create a session at " + std::to_string(header.fps) + " fps"};
  }
  if (options.frames_per_segment < 1 || options.journal_flush_ms < 0) {
    return Error{
        "invalid session options: frames_per_segment must be at least 1 and "
        "journal_flush_ms at least 0"};
  }
  return Status::success();
}

// Makes `folder` as a new, empty directory (an existing empty one is accepted, so a caller may
// pick the folder first). Sets `created` when this call made it.
Status makeSessionFolder(const std::filesystem::path& folder, bool& created) {
  std::error_code error;
  const auto parent = folder.parent_path();
  if (!parent.empty() && !std::filesystem::exists(parent, error)) {
    std::filesystem::create_directories(parent, error);
    if (error) return Error{"cannot create " + parent.string() + ": " + error.message()};
  }
  if (::mkdir(folder.c_str(), 0755) == 0) {
    created = true;
    return Status::success();
  }
  const int mkdir_errno = errno;
  if (mkdir_errno == EEXIST && std::filesystem::is_directory(folder, error) &&
      std::filesystem::is_empty(folder, error) && !error) {
    return Status::success();
  }
  if (mkdir_errno == EEXIST) {
    return Error{"cannot create " + folder.string() + ": it already exists and is not empty"};
  }
  return ioError("create", folder, mkdir_errno);
}

// Thread-safety: Unsafe, like SessionWriter: the recorder's thread owns it.
class SessionWriterImpl final : public SessionWriter {
 public:
  SessionWriterImpl(std::filesystem::path folder, const Options& options)
      : folder_(std::move(folder)),
        segments_(folder_ / kFramesFolderName, folder_ / kIndexFileName,
                  options.frames_per_segment) {}

  // Closing is what makes the open segment durable, so an unclosed writer closes itself.
  // Its errors cannot be reported from here; a caller that wants them calls close() first.
  ~SessionWriterImpl() override {
    if (initialized_ && !closed_) static_cast<void>(close());
  }

  Status initialize(const SessionHeader& header, int journal_flush_ms) {
    header_ = header;
    if (header_.start_time_utc.empty()) header_.start_time_utc = utcNow();
    const auto frames_folder = folder_ / kFramesFolderName;
    if (::mkdir(frames_folder.c_str(), 0755) != 0) {
      return ioError("create", frames_folder, errno);
    }
    const std::string header_json = encodeHeader(header_);
    if (auto status = io::writeFileAtomically(folder_ / kHeaderFileName, header_json); !status) {
      return status;
    }
    header_bytes_ = static_cast<std::int64_t>(header_json.size());
    if (auto status = journal_.create(folder_ / kJournalFileName, journal_flush_ms); !status) {
      return status;
    }
    if (auto status = segments_.createIndex(); !status) return status;
    if (auto status = syncFolder(folder_); !status) return status;
    const auto parent = folder_.parent_path();
    if (auto status = syncFolder(parent.empty() ? std::filesystem::path(".") : parent); !status) {
      return status;
    }
    initialized_ = true;
    return Status::success();
  }

  Status appendFrame(const Frame& frame, std::int64_t time_us) override {
    return guarded([&] { return appendFrameUnguarded(frame, time_us); });
  }

  Status appendEvent(const Event& event) override {
    return guarded([&] { return appendEventUnguarded(event); });
  }

  Status flush(bool force) override {
    if (closed_) return Status::success();
    return journal_.flush(force);
  }

  Status close() override {
    return guarded([&] { return closeUnguarded(); });
  }

  std::int64_t bytesWritten() const override {
    return header_bytes_ + journal_.bytesWritten() + segments_.bytesWritten();
  }

 private:
  // Errors cross the API as values; only an allocation failure (or a library surprise) throws
  // in here, and it becomes a Status like any other failure.
  template <typename Body>
  Status guarded(Body&& body) {
    try {
      return body();
    } catch (const std::exception& error) {
      return Error{"cannot write session " + folder_.string() + ": " + error.what()};
    }
  }

  Status appendFrameUnguarded(const Frame& frame, std::int64_t time_us) {
    if (closed_) return Error{"cannot append a frame to " + folder_.string() + ": it is closed"};
    if (auto status = checkFrame(frame); !status) return status;
    // Flushing the journal first means an error leaves the frame unwritten, ready for a retry.
    if (auto status = journal_.flush(false); !status) return status;
    const std::int64_t written_before = segments_.framesWritten();
    Status status = segments_.append(frame, time_us);
    if (segments_.framesWritten() > written_before) {
      next_frame_index_ = frame.frame_index + 1;
      ++frames_;
    }
    return status;
  }

  Status appendEventUnguarded(const Event& event) {
    if (closed_) return Error{"cannot append an event to " + folder_.string() + ": it is closed"};
    if (auto status = journal_.append(event); !status) return status;
    ++events_;  // buffered now: a failed flush below keeps it for the next flush
    return journal_.flush(false);
  }

  Status closeUnguarded() {
    if (closed_) return Status::success();
    // The journal is flushed even when the frames fail: events are worth saving on their own.
    const Status frames_closed = segments_.closeSegment();
    const Status events_flushed = journal_.flush(true);
    if (!frames_closed) return frames_closed;
    if (!events_flushed) return events_flushed;
    SessionState state;
    state.closed = true;
    state.frames = frames_;
    state.events = events_;
    const std::string state_json = encodeState(state);
    if (auto status = io::writeFileAtomically(folder_ / kStateFileName, state_json); !status) {
      return status;
    }
    header_bytes_ += static_cast<std::int64_t>(state_json.size());
    closed_ = true;
    return Status::success();
  }

  Status checkFrame(const Frame& frame) const {
    if (frame.width != header_.width || frame.height != header_.height) {
      return Error{"cannot record frame " + std::to_string(frame.frame_index) + ": it is " +
                   std::to_string(frame.width) + "x" + std::to_string(frame.height) +
                   " but the session is " + std::to_string(header_.width) + "x" +
                   std::to_string(header_.height)};
    }
    if (frame.rgb.size() != static_cast<std::size_t>(frame.width) * frame.height * 3) {
      return Error{"cannot record frame " + std::to_string(frame.frame_index) + ": it has " +
                   std::to_string(frame.rgb.size()) + " bytes, not width*height*3"};
    }
    // Contiguous indices are what lets open() count a gap as lost frames.
    if (next_frame_index_ && frame.frame_index != *next_frame_index_) {
      return Error{"cannot record frame " + std::to_string(frame.frame_index) +
                   ": the next frame of this session must be " +
                   std::to_string(*next_frame_index_)};
    }
    if (frame.frame_index < 0) {
      return Error{"cannot record frame " + std::to_string(frame.frame_index) +
                   ": frame indices start at 0"};
    }
    return Status::success();
  }

  std::filesystem::path folder_;
  SessionHeader header_;
  JournalWriter journal_;
  SegmentWriter segments_;
  std::optional<std::int64_t> next_frame_index_;
  std::int64_t frames_ = 0;
  std::int64_t events_ = 0;
  std::int64_t header_bytes_ = 0;  // session.json and state.json
  bool initialized_ = false;
  bool closed_ = false;
};

// Removes what a failed create() made, so no half-made session confuses open() later. Best
// effort: the error worth reporting is the one that made create() fail.
void removeHalfMadeSession(const std::filesystem::path& folder, bool created) {
  std::error_code ignored;
  if (created) {
    std::filesystem::remove_all(folder, ignored);
    return;
  }
  std::filesystem::directory_iterator entry(folder, ignored);
  for (; !ignored && entry != std::filesystem::directory_iterator(); entry.increment(ignored)) {
    std::error_code remove_error;
    std::filesystem::remove_all(entry->path(), remove_error);
  }
}

Result<std::unique_ptr<SessionWriter>> createWriter(std::filesystem::path folder,
                                                    const SessionHeader& header,
                                                    const SessionWriter::Options& options) {
  if (auto status = validate(header, options); !status) return Error{status.error()};
  if (folder.empty()) return Error{"cannot create a session: no folder given"};
  // "a.lfsession/" names the same folder as "a.lfsession"; parent_path() must see the latter.
  if (!folder.has_filename()) folder = folder.parent_path();
  bool created = false;
  if (auto status = makeSessionFolder(folder, created); !status) return Error{status.error()};
  auto writer = std::make_unique<SessionWriterImpl>(folder, options);
  if (auto status = writer->initialize(header, options.journal_flush_ms); !status) {
    writer.reset();
    removeHalfMadeSession(folder, created);
    return Error{status.error()};
  }
  return std::unique_ptr<SessionWriter>(std::move(writer));
}

}  // namespace

Result<std::unique_ptr<SessionWriter>> SessionWriter::create(const std::filesystem::path& folder,
                                                             const SessionHeader& header,
                                                             const Options& options) {
  // Errors come back as values by design; this keeps a bad_alloc or a std::filesystem surprise
  // from crossing the module boundary as an exception.
  try {
    return createWriter(folder, header, options);
  } catch (const std::exception& error) {
    return Error{"cannot create session " + folder.string() + ": " + error.what()};
  }
}

}  // namespace liveframe
