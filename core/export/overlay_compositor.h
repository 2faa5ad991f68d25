// Overlays (titles, logos) over an export's pictures: checked, brought to the recorded frame
// size and premultiplied once; then, per frame, alpha-over onto the recorded frame in its own
// 8-bit sRGB code space (before the output colour transform and scaling, so an overlay gets the
// picture's output transform), or the overlays alone over transparent black for an
// overlays-only layer. Internal to core/export.
// Thread-safety: immutable after create(); its const calls may run on any thread.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "liveframe/export.h"
#include "liveframe/result.h"

namespace liveframe::export_internal {

// The first problem with the overlays (an empty picture, a pixel count that does not match
// the size, an empty range, negative fades), as one line naming the overlay.
Status checkOverlays(const std::vector<OverlayLayer>& overlays);

// When an overlay shows and how strongly: its range and fade ramps.
struct OverlayTiming {
  std::int64_t from_frame = 0, to_frame = 0;  // timeline frames, [from, to)
  int fade_in_frames = 0, fade_out_frames = 0;

  static OverlayTiming of(const OverlayLayer& overlay);
  bool showsAt(std::int64_t timeline_frame) const {
    return timeline_frame >= from_frame && timeline_frame < to_frame;
  }
  // The fade's opacity, 0 outside the range (OverlayLayer says how the ramps go).
  double opacityAt(std::int64_t timeline_frame) const;
};

class OverlayCompositor {
 public:
  // `width` x `height`: the recorded frames' size, where overlays are composited.
  static Result<OverlayCompositor> create(const std::vector<OverlayLayer>& overlays, int width,
                                          int height);

  bool showsAt(std::int64_t timeline_frame) const;
  // Alpha-over of every overlay showing at `timeline_frame`, in order, onto packed 8-bit RGB of
  // the recorded size; results round to the nearest code.
  void compositeOnto(std::span<std::uint8_t> rgb, std::int64_t timeline_frame) const;
  // The overlays alone over transparent black: packed RGBA floats of the recorded size,
  // colour premultiplied by alpha (1.0 = code 255).
  void renderLayer(std::span<float> rgba, std::int64_t timeline_frame) const;

 private:
  struct Prepared {
    OverlayTiming timing;
    std::vector<std::uint16_t> premultiplied;  // RGBA at the recorded size, 65535 = 1.0
  };
  std::vector<Prepared> overlays_;
  std::size_t pixels_ = 0;
};

}  // namespace liveframe::export_internal
