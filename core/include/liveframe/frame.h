// Frame: one generated picture, immutable once published, shared by reference count.
// Thread-safety: a published Frame is never modified, so any thread may read it.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace liveframe {

// The one clock for every timestamp in Liveframe (DESIGN §1).
using Clock = std::chrono::steady_clock;

struct Frame {
  std::int64_t frame_index = 0;  // position in the stream since its start (never wraps)
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;  // width*height*3 bytes, sRGB-encoded, rows top to bottom

  // The newest prompt-type event whose effect this frame includes, and when it was submitted:
  // the first frame carrying a new id defines prompt-to-photon latency.
  std::uint64_t prompt_event_id = 0;
  Clock::time_point prompt_submitted{};

  std::int64_t time_us = 0;      // when the frame left the engine, microseconds since stream start
  Clock::time_point started{};   // the model began work on this frame
  Clock::time_point finished{};  // the frame left the engine
};

using FramePtr = std::shared_ptr<const Frame>;

// 64-bit content hash (XXH3) of pixel bytes: the per-frame checksum of sessions and replay.
std::uint64_t pixelChecksum(std::span<const std::uint8_t> bytes);

}  // namespace liveframe
