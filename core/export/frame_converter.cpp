#include "frame_converter.h"

#include <algorithm>

#include "visible_label.h"

namespace liveframe::export_internal {
namespace {

// Lanczos for scaling; accurate rounding and full-resolution chroma input so that an unscaled
// RGB to Y'CbCr conversion loses no more than the format must.
constexpr int kScaleFlags = SWS_LANCZOS | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INP;

int swscaleMatrix(AVColorSpace matrix) {
  switch (matrix) {
    case AVCOL_SPC_BT470BG:
    case AVCOL_SPC_SMPTE170M:
      return SWS_CS_ITU601;
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL:
      return SWS_CS_BT2020;
    default:
      return SWS_CS_ITU709;
  }
}

}  // namespace

Result<ScalerPtr> makeScaler(int source_width, int source_height, AVPixelFormat source_format,
                             const ConverterSettings& settings, AVPixelFormat format) {
  ScalerPtr scaler(sws_getContext(source_width, source_height, source_format, settings.width,
                                  settings.height, format, kScaleFlags, nullptr, nullptr, nullptr));
  if (!scaler) {
    return Error{std::string("cannot convert ") + av_get_pix_fmt_name(source_format) + " " +
                 std::to_string(source_width) + "x" + std::to_string(source_height) + " to " +
                 av_get_pix_fmt_name(format) + " " + std::to_string(settings.width) + "x" +
                 std::to_string(settings.height)};
  }
  // Without this swscale encodes Y'CbCr with BT.601 whatever the stream is tagged with.
  const int* coefficients = sws_getCoefficients(swscaleMatrix(settings.matrix));
  const int full_range = settings.range == AVCOL_RANGE_JPEG ? 1 : 0;
  sws_setColorspaceDetails(scaler.get(), coefficients, /*srcRange=*/1, coefficients, full_range,
                           0, 1 << 16, 1 << 16);
  return scaler;
}

Result<std::unique_ptr<FrameConverter>> FrameConverter::create(const ConverterSettings& settings) {
  std::unique_ptr<FrameConverter> converter(new FrameConverter(settings));
  FrameConverter& c = *converter;
  c.transforms_ = settings.color && !settings.color->isNoOp();
  c.scales_ = settings.width != settings.source_width || settings.height != settings.source_height;
  const bool to_floats = settings.pixel_format == AV_PIX_FMT_NONE;
  const auto scaler = [&](ScalerPtr& out, AVPixelFormat from, AVPixelFormat to, bool scaled) {
    auto made = makeScaler(scaled ? settings.source_width : settings.width,
                           scaled ? settings.source_height : settings.height, from, settings, to);
    if (made) out = std::move(made).value();
    return made ? Status::success() : Status(Error{made.error()});
  };
  if (!c.transforms_ && settings.label.empty() && !to_floats) {
    if (auto status = scaler(c.direct_, AV_PIX_FMT_RGB24, settings.pixel_format, true); !status) {
      return Error{status.error()};
    }
    return converter;
  }
  const std::size_t source_values =
      static_cast<std::size_t>(settings.source_width) * settings.source_height * 3;
  const std::size_t values = static_cast<std::size_t>(settings.width) * settings.height * 3;
  Status status;
  if (c.scales_ && c.transforms_) {
    status = scaler(c.rescale_, AV_PIX_FMT_RGB48, AV_PIX_FMT_RGB48, true);
    c.source_rgb48_.resize(source_values);
  } else if (c.scales_) {
    status = scaler(c.widen_, AV_PIX_FMT_RGB24, AV_PIX_FMT_RGB48, true);
  }
  if (status && !to_floats) {
    status = scaler(c.from_rgb48_, AV_PIX_FMT_RGB48, settings.pixel_format, false);
  }
  if (!status) return Error{status.error()};
  if (c.transforms_) c.source_floats_.resize(source_values);
  c.rgb48_.resize(values);
  if (to_floats) c.floats_.resize(values);
  return converter;
}

FrameConverter::~FrameConverter() = default;

Status FrameConverter::checkInput(const Frame& in) const {
  if (in.width != settings_.source_width || in.height != settings_.source_height ||
      in.rgb.size() != static_cast<std::size_t>(in.width) * in.height * 3) {
    return Error{"frame " + std::to_string(in.frame_index) + " is " + std::to_string(in.width) +
                 "x" + std::to_string(in.height) + ", not the session's " +
                 std::to_string(settings_.source_width) + "x" +
                 std::to_string(settings_.source_height)};
  }
  return Status::success();
}

void scalePacked(SwsContext* scaler, const void* in, int in_width, int in_height,
                 int in_pixel_bytes, void* out, int out_width, int out_pixel_bytes) {
  const std::uint8_t* source[] = {static_cast<const std::uint8_t*>(in)};
  const int source_stride[] = {in_width * in_pixel_bytes};
  std::uint8_t* target[] = {static_cast<std::uint8_t*>(out)};
  const int target_stride[] = {out_width * out_pixel_bytes};
  sws_scale(scaler, source, source_stride, 0, in_height, target, target_stride);
}

Status FrameConverter::toRgb48(const Frame& in) {
  const auto& s = settings_;
  if (transforms_) {
    if (auto status = s.color->apply(std::span<const std::uint8_t>(in.rgb),
                                     std::span<float>(source_floats_));
        !status) {
      return status;
    }
    auto& quantized = scales_ ? source_rgb48_ : rgb48_;
    std::transform(source_floats_.begin(), source_floats_.end(), quantized.begin(), quantize16);
    if (scales_) {
      scalePacked(rescale_.get(), source_rgb48_.data(), in.width, in.height, 6, rgb48_.data(),
                  s.width, 6);
    }
  } else if (scales_) {
    scalePacked(widen_.get(), in.rgb.data(), in.width, in.height, 3, rgb48_.data(), s.width, 6);
  } else {
    // 8 to 16 bits exactly: v * 257 maps 0..255 onto 0..65535 and back by taking the high byte.
    std::transform(in.rgb.begin(), in.rgb.end(), rgb48_.begin(),
                   [](std::uint8_t v) { return static_cast<std::uint16_t>(v * 257); });
  }
  if (!s.label.empty()) burnLabel(rgb48_, s.width, s.height, s.label);
  return Status::success();
}

Status FrameConverter::toVideoFrame(const Frame& in, AVFrame& out) {
  if (auto status = checkInput(in); !status) return status;
  if (direct_) {
    const std::uint8_t* source[] = {in.rgb.data()};
    const int source_stride[] = {in.width * 3};
    sws_scale(direct_.get(), source, source_stride, 0, in.height, out.data, out.linesize);
    return Status::success();
  }
  if (auto status = toRgb48(in); !status) return status;
  const std::uint8_t* rgb48[] = {reinterpret_cast<const std::uint8_t*>(rgb48_.data())};
  const int rgb48_stride[] = {settings_.width * 6};
  sws_scale(from_rgb48_.get(), rgb48, rgb48_stride, 0, settings_.height, out.data, out.linesize);
  return Status::success();
}

Result<std::span<const float>> FrameConverter::toFloatRgb(const Frame& in) {
  if (auto status = checkInput(in); !status) return Error{status.error()};
  // Unscaled and unlabelled, the transform's floats go out as they are (no 16-bit step).
  if (!scales_ && settings_.label.empty()) {
    if (!transforms_) {
      std::transform(in.rgb.begin(), in.rgb.end(), floats_.begin(),
                     [](std::uint8_t v) { return static_cast<float>(v) / 255.0f; });
      return std::span<const float>(floats_);
    }
    if (auto status = settings_.color->apply(std::span<const std::uint8_t>(in.rgb),
                                             std::span<float>(floats_));
        !status) {
      return Error{status.error()};
    }
    return std::span<const float>(floats_);
  }
  if (auto status = toRgb48(in); !status) return Error{status.error()};
  std::transform(rgb48_.begin(), rgb48_.end(), floats_.begin(),
                 [](std::uint16_t v) { return static_cast<float>(v) / 65535.0f; });
  return std::span<const float>(floats_);
}

}  // namespace liveframe::export_internal
