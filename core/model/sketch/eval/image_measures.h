// Measurements on frames and on the probe's per-frame readings that the evaluator reports:
// simple image statistics, the horizontal shift between consecutive frames, and semantic
// switch latency. Pure functions of their inputs (no model, no engine), so tests can feed
// world frames whose right answer is known.
// Thread-safety: every function here may run on any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "world/attributes.h"

namespace liveframe::sketch {

// Per-frame image statistics on a 0..100 scale (so drift is reported in points).
struct ImageStats {
  double luminance_mean = 0;    // Rec. 709 luma of the sRGB values
  double luminance_stddev = 0;  // contrast
  double saturation_mean = 0;   // HSV saturation, (max - min) / max
};
ImageStats imageStats(const std::uint8_t* rgb, int width, int height);

// How far the content moved horizontally from `previous` to `current`, in pixels of these
// frames: positive = content moved RIGHT on screen (what kActionPanLeft does, see
// world/camera.h). Found by cross-correlating each row's luminance (mean removed, so flat sky
// rows count for nothing) over shifts up to `max_shift_px`, summed over rows, with a parabola
// through the peak for sub-pixel precision. Frames must have the same size.
double horizontalShift(const std::uint8_t* previous, const std::uint8_t* current, int width,
                       int height, int max_shift_px);

// What the probe read from one frame of a stream after a prompt switch.
struct SkyReading {
  std::int64_t frame_index = 0;
  std::int64_t time_us = 0;  // when the frame left the engine (Frame::time_us)
  Sky sky = Sky::kDay;
};

struct SwitchLatency {
  bool detected = false;
  // Frames from the first frame generated under the new prompt to the first frame of the
  // first run of `confirm_frames` consecutive readings of the new sky, counting both: 1 means
  // the very first new frame already showed it.
  std::int64_t frames = 0;
  double ms = 0;  // from the prompt's submission to when that detected frame left the engine
};

// `readings`: consecutive frames from the first one generated under the new prompt (whose
// index is readings.front().frame_index) on. `submitted_us` is the submission on the same
// clock as Frame::time_us. Undetected when no such run exists in the readings.
SwitchLatency switchLatency(std::span<const SkyReading> readings, Sky target,
                            std::int64_t submitted_us, int confirm_frames = 3);

// p50 and max of a list (linear interpolation between order statistics for p50).
struct Summary {
  double p50 = 0, max = 0;
  int count = 0;
};
Summary summarize(std::vector<double> values);

}  // namespace liveframe::sketch
