// Sessions on disk (DESIGN §4): a NAME.lfsession/ folder with an atomic header, an append-only
// event journal, lossless frames in closed segments and a per-frame index with checksums.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "liveframe/event.h"
#include "liveframe/frame.h"
#include "liveframe/model.h"
#include "liveframe/result.h"

namespace liveframe {

struct SessionHeader {
  int format_version = 1;
  std::string model_id;
  std::string weights_hash;
  std::uint64_t seed = 0;
  int width = 0;
  int height = 0;
  double fps = 0;
  std::string app_version;
  std::string start_time_utc;  // ISO 8601
};

// The header of a session recorded now from `info`'s model (start time = now, UTC).
SessionHeader makeSessionHeader(const ModelInfo& info, std::uint64_t seed,
                                const std::string& app_version);
// The current UTC time in ISO 8601 ("2026-11-25T05:30:00Z").
std::string utcNow();

struct FrameRecord {
  std::int64_t frame_index = 0;
  std::int64_t time_us = 0;  // monotonic microseconds since the stream started
  std::uint64_t checksum = 0;
};

// What opening a session found and did.
struct RecoveryReport {
  bool was_clean = true;  // closed normally, nothing to repair
  std::int64_t frames_recovered = 0;
  std::int64_t frames_lost = 0;  // frames known to be started but not readable
  std::int64_t events_recovered = 0;
  std::int64_t events_lost = 0;  // torn or corrupt journal lines dropped
  std::int64_t bytes_truncated = 0;
  std::vector<std::string> details;  // one line per repair, for the user
  std::string summary() const;       // one line
};

// Writes a session. Thread-safety: Unsafe; one thread (the recorder's) owns it.
class SessionWriter {
 public:
  struct Options {
    int frames_per_segment = 24;  // a closed segment is never lost; ~1 s at 24 fps
    int journal_flush_ms = 250;
  };
  static Result<std::unique_ptr<SessionWriter>> create(const std::filesystem::path& folder,
                                                       const SessionHeader& header,
                                                       const Options& options);
  static Result<std::unique_ptr<SessionWriter>> create(const std::filesystem::path& folder,
                                                       const SessionHeader& header) {
    return create(folder, header, Options{});
  }
  virtual ~SessionWriter() = default;

  virtual Status appendFrame(const Frame& frame, std::int64_t time_us) = 0;
  virtual Status appendEvent(const Event& event) = 0;
  // Flushes the journal if its last flush is older than journal_flush_ms (or always if forced).
  virtual Status flush(bool force) = 0;
  // Closes the open segment and marks the session complete. Idempotent.
  virtual Status close() = 0;
  virtual std::int64_t bytesWritten() const = 0;
};

// Reads (and with Repair, fixes) a session. Thread-safety: const methods may be called from
// any thread at once; open() is the only mutator.
class Session {
 public:
  enum class Mode { ReadOnly, Repair };
  static Result<std::shared_ptr<const Session>> open(const std::filesystem::path& folder,
                                                     Mode mode);
  virtual ~Session() = default;

  virtual const std::filesystem::path& folder() const = 0;
  virtual const SessionHeader& header() const = 0;
  virtual const std::vector<Event>& events() const = 0;
  virtual const std::vector<FrameRecord>& frames() const = 0;
  virtual const RecoveryReport& report() const = 0;
  // Decodes frame number `position` (0-based position in frames(), not frame_index).
  virtual Result<Frame> readFrame(std::size_t position) const = 0;
};

}  // namespace liveframe
