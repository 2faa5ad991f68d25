// Turns recorded frames (8-bit sRGB RGB) into what a writer takes: through the output colour
// transform (first, on the 8-bit codes, where OCIO's CPU path is a fast lookup), scaled with
// Lanczos in the output encoding, with the visible label, in the encoder's pixel format with
// the Y'CbCr matrix and range the stream is tagged with. Buffers are allocated once, so the
// per-frame path allocates nothing. Internal to core/export.
// Thread-safety: Unsafe; one export thread owns a converter.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "av_handles.h"
#include "liveframe/color.h"
#include "liveframe/frame.h"
#include "liveframe/result.h"

namespace liveframe::export_internal {

struct ConverterSettings {
  int source_width = 0, source_height = 0;
  int width = 0, height = 0;  // output
  ColorProcessorPtr color;    // null or a no-op: the recorded values go out as they are
  std::string label;          // empty: no visible label
  // The encoder's format, or AV_PIX_FMT_NONE for float RGB (EXR).
  AVPixelFormat pixel_format = AV_PIX_FMT_NONE;
  AVColorSpace matrix = AVCOL_SPC_BT709;  // for Y'CbCr formats
  AVColorRange range = AVCOL_RANGE_MPEG;
};

// Shared with the overlay code: a swscale context from a source format and size to the
// settings' output size in `format` (Lanczos, with the settings' Y'CbCr matrix and range) ...
Result<ScalerPtr> makeScaler(int source_width, int source_height, AVPixelFormat source_format,
                             const ConverterSettings& settings, AVPixelFormat format);
// ... and one packed picture through it.
void scalePacked(SwsContext* scaler, const void* in, int in_width, int in_height,
                 int in_pixel_bytes, void* out, int out_width, int out_pixel_bytes);
// 0..1 to 16 bits, clamped, rounded half up inline: lround() is a library call per value.
inline std::uint16_t quantize16(float value) {
  return static_cast<std::uint16_t>(std::clamp(value, 0.0f, 1.0f) * 65535.0f + 0.5f);
}

class FrameConverter {
 public:
  static Result<std::unique_ptr<FrameConverter>> create(const ConverterSettings& settings);
  ~FrameConverter();

  // Fills `out`, a writable frame of the settings' format and output size.
  Status toVideoFrame(const Frame& in, AVFrame& out);
  // Packed float RGB, width * height * 3 values (1.0 = white of the input), valid until the
  // next call.
  Result<std::span<const float>> toFloatRgb(const Frame& in);

 private:
  explicit FrameConverter(const ConverterSettings& settings) : settings_(settings) {}
  Status checkInput(const Frame& in) const;
  // rgb48_ at the output size: through the colour transform, scaled, with the label.
  Status toRgb48(const Frame& in);

  ConverterSettings settings_;
  bool transforms_ = false;  // a colour processor that changes values
  bool scales_ = false;
  ScalerPtr direct_;         // rgb24 -> output format, scaled (no transform, no label)
  ScalerPtr widen_;          // rgb24 -> rgb48, scaled (no transform)
  ScalerPtr rescale_;        // rgb48 -> rgb48, scaled (after the transform)
  ScalerPtr from_rgb48_;     // rgb48 -> output format, same size
  std::vector<float> source_floats_;          // transformed, source size
  std::vector<std::uint16_t> source_rgb48_;   // transformed and quantized, source size
  std::vector<std::uint16_t> rgb48_;          // output size
  std::vector<float> floats_;                 // output size (EXR)
};

}  // namespace liveframe::export_internal
