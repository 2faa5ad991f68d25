#include "engine/stats_collector.h"

#include <algorithm>
#include <cmath>

namespace liveframe {
namespace {

constexpr std::size_t kMaxLatencySamples = 100000;

double msBetween(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

}  // namespace

void StatsCollector::recordFrame(const Frame& frame, const FrameTimings& timings) {
  std::lock_guard lock(mutex_);
  ++frames_;
  finished_.push_back(frame.finished);
  while (!finished_.empty() &&
         msBetween(finished_.front(), frame.finished) > kFpsWindowSeconds * 1000.0) {
    finished_.pop_front();
  }
  if (frame.prompt_event_id != last_prompt_id_) {
    last_prompt_id_ = frame.prompt_event_id;
    if (frame.prompt_submitted != Clock::time_point{} && latency_ms_.size() < kMaxLatencySamples) {
      latency_ms_.push_back(msBetween(frame.prompt_submitted, frame.finished));
    }
  }
  if (frames_ > kWarmupFrames) {
    sums_.encode_ms += timings.encode_ms;
    sums_.step_ms += timings.step_ms;
    sums_.decode_ms += timings.decode_ms;
    sums_.record_ms += timings.record_ms;
    ++timed_frames_;
  }
}

void StatsCollector::recordDisplayed(const Frame& frame, Clock::time_point presented) {
  std::lock_guard lock(mutex_);
  if (frame.prompt_event_id == last_displayed_prompt_id_) return;
  last_displayed_prompt_id_ = frame.prompt_event_id;
  if (frame.prompt_submitted != Clock::time_point{} &&
      display_latency_ms_.size() < kMaxLatencySamples) {
    display_latency_ms_.push_back(msBetween(frame.prompt_submitted, presented));
  }
}

void StatsCollector::setDroppedDisplayFrames(std::int64_t dropped) {
  std::lock_guard lock(mutex_);
  dropped_display_ = dropped;
}

StatsSnapshot StatsCollector::snapshot() const {
  std::lock_guard lock(mutex_);
  StatsSnapshot s;
  s.frames = frames_;
  if (finished_.size() >= 2) {
    s.window_s = msBetween(finished_.front(), finished_.back()) / 1000.0;
    s.fps = s.window_s > 0 ? static_cast<double>(finished_.size() - 1) / s.window_s : 0;
    double sum = 0, sum_sq = 0;
    for (std::size_t i = 1; i < finished_.size(); ++i) {
      const double interval = msBetween(finished_[i - 1], finished_[i]);
      sum += interval;
      sum_sq += interval * interval;
      s.interval_max_ms = std::max(s.interval_max_ms, interval);
    }
    const double n = static_cast<double>(finished_.size() - 1);
    s.interval_stddev_ms = std::sqrt(std::max(0.0, sum_sq / n - (sum / n) * (sum / n)));
  }
  s.latency_ms = percentiles(latency_ms_);
  s.display_latency_ms = percentiles(display_latency_ms_);
  if (timed_frames_ > 0) {
    const double n = static_cast<double>(timed_frames_);
    s.stages.encode_ms = sums_.encode_ms / n;
    s.stages.step_ms = sums_.step_ms / n;
    s.stages.decode_ms = sums_.decode_ms / n;
    s.stages.record_ms = sums_.record_ms / n;
    s.stages.total_ms =
        s.stages.encode_ms + s.stages.step_ms + s.stages.decode_ms + s.stages.record_ms;
  }
  s.dropped_display_frames = dropped_display_;
  s.recorder_queue_depth = recorder_depth_;
  s.recorder_stalls = recorder_stalls_;
  s.rss_mb = currentRssMb();
  s.peak_rss_mb = peakRssMb();
  return s;
}

}  // namespace liveframe
