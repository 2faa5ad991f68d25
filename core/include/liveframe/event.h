// Event: one entry of a session's journal (prompt, transition, action, seed, pause, marker...).
// Thread-safety: a plain value type.
#pragma once

#include <cstdint>
#include <string>

namespace liveframe {

struct Event {
  std::uint64_t id = 0;          // unique and increasing within a stream
  std::int64_t frame_index = 0;  // the first frame the event applies to
  std::int64_t time_us = 0;      // monotonic microseconds since the stream started
  std::string type;              // "prompt", "blend", "transition", "actions", "reset", "pause",
                                 // "resume", "marker"
  std::string payload_json;      // a JSON object with the type's fields, e.g. {"text":"..."}
};

}  // namespace liveframe
