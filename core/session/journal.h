// events.jsonl: the append-only event journal of a session (DESIGN §4).
//
// One JSON object per line, fields in this order:
//   {"xxh":"<16 hex digits>","id":7,"frame_index":120,"time_us":5000000,"type":"prompt",
//    "payload":{"text":"a red fox"}}
// "xxh" is the XXH3-64 of the line's bytes after the `",` that ends the hash, so a flipped byte
// that still parses as JSON is caught. Lines without "xxh" (edited by hand) are accepted.
// A last line without its newline is a write the process did not finish: it is dropped.
// Thread-safety: the free functions are pure; JournalWriter states its own below.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "file_io.h"
#include "liveframe/event.h"
#include "liveframe/frame.h"
#include "liveframe/result.h"

namespace liveframe::session_internal {

// Appends `event` as one journal line (with its newline) to `out`. Fails, leaving `out` as it
// was, when payload_json is not a JSON object (an empty payload_json counts as {}).
Status appendEventLine(const Event& event, std::string& out);

// What a journal's bytes hold (a plain value type). payload_json comes back in compact form with
// keys in their original order, so a compact payload round-trips byte for byte.
struct JournalContents {
  std::vector<Event> events;
  std::int64_t lines_lost = 0;       // corrupt lines plus a torn last line
  std::uint64_t valid_size = 0;      // bytes up to the end of the last complete line
  std::uint64_t torn_tail_size = 0;  // bytes after valid_size (a line without its newline)
  std::vector<std::string> details;
};
JournalContents parseJournal(std::string_view bytes);

// Buffers journal lines in memory and writes them out at most every flush_interval_ms (or when
// forced), then fdatasyncs, so a crash loses at most one interval of events.
// Thread-safety: Unsafe; owned by the SessionWriter's thread.
class JournalWriter {
 public:
  // Creates the (new, empty) journal file.
  Status create(const std::filesystem::path& path, int flush_interval_ms);
  // Buffers the event's line; flush() writes it out.
  Status append(const Event& event);
  Status flush(bool force);
  std::int64_t bytesWritten() const { return static_cast<std::int64_t>(file_size_); }

 private:
  std::filesystem::path path_;
  UniqueFd fd_;
  std::string pending_;  // complete lines not yet written
  std::uint64_t file_size_ = 0;
  Clock::duration flush_interval_{};
  Clock::time_point last_flush_{};
};

}  // namespace liveframe::session_internal
