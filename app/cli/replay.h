// Regenerating a recorded session (`run --replay`, `render`): the session's seed and journal
// drive the engine again, and each regenerated frame's checksum is compared with the index.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "liveframe/engine.h"
#include "liveframe/session.h"

namespace liveframe::cli {

// Collects the checksum of every frame in [first_index, end_index) by frame index.
// Thread-safety: written on the engine's output thread; read once the engine has stopped.
class ChecksumSink final : public FrameSink {
 public:
  ChecksumSink(std::int64_t first_index = 0, std::int64_t end_index = INT64_MAX)
      : first_index_(first_index), end_index_(end_index) {}
  void onFrame(const FramePtr& frame) override {
    if (frame->frame_index >= first_index_ && frame->frame_index < end_index_) {
      checksums[frame->frame_index] = pixelChecksum(frame->rgb);
    }
  }
  std::map<std::int64_t, std::uint64_t> checksums;

 private:
  std::int64_t first_index_, end_index_;
};

// Sets the seed, model and journal events (the ones that shape frames) of `session` on
// `options`. `model` is what the user asked for ("sketch" unless given).
void configureReplay(const Session& session, const std::string& model, EngineOptions& options);

// Prints "<what>: N of M recorded frames reproduced bit for bit" and returns the exit code.
int reportReplay(const std::string& what, const std::vector<FrameRecord>& expected,
                 const std::map<std::int64_t, std::uint64_t>& actual);

}  // namespace liveframe::cli
