// What each output frame of an export shows, ready for its writer: the recorded frame with the
// overlays composited over it, or, for an overlays-only export, the overlays alone with alpha.
// Internal to core/export.
// Thread-safety: Unsafe; one export thread owns it.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "export_plan.h"
#include "frame_converter.h"
#include "layer_converter.h"
#include "overlay_compositor.h"
#include "session_frames.h"

namespace liveframe::export_internal {

class OutputPictures {
 public:
  // `plan` must outlive this; `overlays` are the ones it was planned with.
  static Result<std::unique_ptr<OutputPictures>> create(const ExportPlan& plan,
                                                        std::shared_ptr<const Session> session,
                                                        const std::vector<OverlayLayer>& overlays);

  // Fills `out` (the plan's pixel format and size) with output frame `index`.
  Status toVideoFrame(std::size_t index, AVFrame& out);
  // Output frame `index` as floats for EXR: packed RGB, or premultiplied RGBA when the plan is
  // overlays only. Valid until the next call.
  Result<std::span<const float>> toFloatPixels(std::size_t index);

 private:
  OutputPictures(const ExportPlan& plan, std::shared_ptr<const Session> session,
                 OverlayCompositor overlays)
      : plan_(plan), reader_(std::move(session)), overlays_(std::move(overlays)) {}
  // The recorded frame with the overlays over it (the reader's frame when none shows).
  Result<const Frame*> picture(std::size_t index);
  std::span<const float> layer(std::size_t index);

  const ExportPlan& plan_;
  SessionFrameReader reader_;
  OverlayCompositor overlays_;
  std::unique_ptr<FrameConverter> frames_;  // the picture
  std::unique_ptr<LayerConverter> layers_;  // overlays only
  Frame composited_;
  std::vector<float> layer_;
};

// What the converters need from a plan.
ConverterSettings converterSettings(const ExportPlan& plan);

}  // namespace liveframe::export_internal
