// StatsCollector: turns per-frame timings into the StatsSnapshot of DESIGN §7.
// Thread-safety: Safe. The engine thread records; any thread may snapshot (brief lock).
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

#include "liveframe/frame.h"
#include "liveframe/stats.h"

namespace liveframe {

struct FrameTimings {
  double encode_ms = 0, step_ms = 0, decode_ms = 0, record_ms = 0;
};

class StatsCollector {
 public:
  static constexpr double kFpsWindowSeconds = 10.0;
  static constexpr int kWarmupFrames = 3;  // first frames pay one-off allocations

  void recordFrame(const Frame& frame, const FrameTimings& timings);
  void recordDisplayed(const Frame& frame, Clock::time_point presented);
  void recordRecorderStall() { ++recorder_stalls_; }
  void setRecorderQueueDepth(std::int64_t depth) { recorder_depth_ = depth; }
  void setDroppedDisplayFrames(std::int64_t dropped);
  StatsSnapshot snapshot() const;

 private:
  mutable std::mutex mutex_;
  std::int64_t frames_ = 0;
  std::deque<Clock::time_point> finished_;  // frames of the last window
  std::uint64_t last_prompt_id_ = 0, last_displayed_prompt_id_ = 0;
  std::vector<double> latency_ms_, display_latency_ms_;
  FrameTimings sums_;
  std::int64_t timed_frames_ = 0;
  std::int64_t recorder_stalls_ = 0, recorder_depth_ = 0, dropped_display_ = 0;
};

}  // namespace liveframe
