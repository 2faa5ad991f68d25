// Stats: the numbers of DESIGN §7, one definition for bench, HUD, eval and README.
// Thread-safety: StatsSnapshot is a value; Stats (engine-internal) is fed by the engine thread
// and read through Engine::stats() from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace liveframe {

struct Percentiles {
  double p50 = 0, p95 = 0, max = 0;
  std::int64_t count = 0;
};

struct StageTimes {  // mean milliseconds per frame
  double encode_ms = 0, step_ms = 0, decode_ms = 0, record_ms = 0, total_ms = 0;
};

struct StatsSnapshot {
  std::int64_t frames = 0;         // frames that left the engine
  double fps = 0;                  // over the last window (>= 10 s when the stream is long enough)
  double window_s = 0;             // the window fps was measured over
  Percentiles latency_ms;          // engine prompt-to-photon latency
  Percentiles display_latency_ms;  // to the first displayed frame (when a display reports it)
  double interval_stddev_ms = 0;   // frame pacing
  double interval_max_ms = 0;
  StageTimes stages;
  std::int64_t dropped_display_frames = 0;
  std::int64_t recorder_queue_depth = 0;
  std::int64_t recorder_stalls = 0;  // times the engine waited on the recorder (back-pressure)
  double rss_mb = 0;
  double peak_rss_mb = 0;
};

// Process memory (Linux /proc/self/status).
double currentRssMb();
double peakRssMb();

// Nearest-rank percentiles of a sample (the input is copied and sorted).
Percentiles percentiles(std::vector<double> samples);

}  // namespace liveframe
