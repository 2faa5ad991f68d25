// Turns an overlays-only layer (premultiplied RGBA floats at the recorded size, in the frames'
// sRGB code space) into what a writer takes: the colour through the output transform (applied
// to straight colour, as the picture's would be), scaled with Lanczos on premultiplied values
// (so transparent pixels do not bleed dark fringes), then straight 8-bit RGBA for PNG, straight
// Y'CbCrA 4:4:4 for ProRes 4444, or premultiplied float RGBA for EXR (OpenEXR's convention).
// Buffers are allocated once. Internal to core/export.
// Thread-safety: Unsafe; one export thread owns a converter.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "frame_converter.h"

namespace liveframe::export_internal {

class LayerConverter {
 public:
  // `settings.pixel_format`: AV_PIX_FMT_RGBA, AV_PIX_FMT_YUVA444P10LE or NONE (floats, EXR).
  static Result<std::unique_ptr<LayerConverter>> create(const ConverterSettings& settings);

  // `layer`: source width * height * 4 values. Fills `out`, a writable frame of the settings'
  // format and output size.
  Status toVideoFrame(std::span<const float> layer, AVFrame& out);
  // Premultiplied RGBA floats at the output size, valid until the next call.
  Result<std::span<const float>> toFloatRgba(std::span<const float> layer);

 private:
  explicit LayerConverter(const ConverterSettings& settings) : settings_(settings) {}
  // premultiplied_ at the output size: transformed, quantized, scaled.
  Status toPremultiplied(std::span<const float> layer);

  ConverterSettings settings_;
  bool transforms_ = false;
  ScalerPtr rescale_;                                // RGBA64 premultiplied, source to output size
  ScalerPtr to_yuva_;                                // RGBA64 straight to the encoder's Y'CbCrA
  std::vector<float> straight_rgb_;                  // source size, for the colour transform
  std::vector<std::uint16_t> source_premultiplied_;  // source size, when scaling
  std::vector<std::uint16_t> premultiplied_;         // output size
  std::vector<std::uint16_t> straight_;              // output size, for ProRes
  std::vector<float> floats_;                        // output size, for EXR
};

}  // namespace liveframe::export_internal
