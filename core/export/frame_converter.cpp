#include "frame_converter.h"

#include <algorithm>
#include <cmath>

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

}  // namespace

Result<std::unique_ptr<FrameConverter>> FrameConverter::create(const ConverterSettings& settings) {
  std::unique_ptr<FrameConverter> converter(new FrameConverter(settings));
  converter->transforms_ = settings.color && !settings.color->isNoOp();
  const bool to_floats = settings.pixel_format == AV_PIX_FMT_NONE;
  const bool scales =
      settings.width != settings.source_width || settings.height != settings.source_height;
  const std::size_t values = static_cast<std::size_t>(settings.width) * settings.height * 3;
  if (!converter->transforms_ && settings.label.empty() && !to_floats) {
    auto direct = makeScaler(settings.source_width, settings.source_height, AV_PIX_FMT_RGB24,
                             settings, settings.pixel_format);
    if (!direct) return Error{direct.error()};
    converter->direct_ = std::move(direct).value();
    return converter;
  }
  if (scales) {
    auto scaler = makeScaler(settings.source_width, settings.source_height, AV_PIX_FMT_RGB24,
                             settings, AV_PIX_FMT_RGB48);
    if (!scaler) return Error{scaler.error()};
    converter->to_rgb48_ = std::move(scaler).value();
  }
  if (!to_floats) {
    auto scaler = makeScaler(settings.width, settings.height, AV_PIX_FMT_RGB48, settings,
                             settings.pixel_format);
    if (!scaler) return Error{scaler.error()};
    converter->from_rgb48_ = std::move(scaler).value();
  }
  converter->rgb48_.resize(values);
  if (converter->transforms_ || to_floats) converter->floats_.resize(values);
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

Status FrameConverter::toIntermediate(const Frame& in, bool need_floats) {
  if (to_rgb48_) {
    const std::uint8_t* source[] = {in.rgb.data()};
    const int source_stride[] = {in.width * 3};
    std::uint8_t* target[] = {reinterpret_cast<std::uint8_t*>(rgb48_.data())};
    const int target_stride[] = {settings_.width * 6};
    sws_scale(to_rgb48_.get(), source, source_stride, 0, in.height, target, target_stride);
  } else {
    // 8 to 16 bits exactly: v * 257 maps 0..255 onto 0..65535 and back by taking the high byte.
    std::transform(in.rgb.begin(), in.rgb.end(), rgb48_.begin(),
                   [](std::uint8_t v) { return static_cast<std::uint16_t>(v * 257); });
  }
  if (!settings_.label.empty()) burnLabel(rgb48_, settings_.width, settings_.height, settings_.label);
  if (!need_floats) return Status::success();
  std::transform(rgb48_.begin(), rgb48_.end(), floats_.begin(),
                 [](std::uint16_t v) { return static_cast<float>(v) / 65535.0f; });
  if (transforms_) return settings_.color->apply(floats_, floats_);
  return Status::success();
}

Status FrameConverter::toVideoFrame(const Frame& in, AVFrame& out) {
  if (auto status = checkInput(in); !status) return status;
  const std::uint8_t* source[] = {in.rgb.data()};
  const int source_stride[] = {in.width * 3};
  if (direct_) {
    sws_scale(direct_.get(), source, source_stride, 0, in.height, out.data, out.linesize);
    return Status::success();
  }
  if (auto status = toIntermediate(in, transforms_); !status) return status;
  if (transforms_) {
    std::transform(floats_.begin(), floats_.end(), rgb48_.begin(), [](float v) {
      return static_cast<std::uint16_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 65535.0f));
    });
  }
  const std::uint8_t* rgb48[] = {reinterpret_cast<const std::uint8_t*>(rgb48_.data())};
  const int rgb48_stride[] = {settings_.width * 6};
  sws_scale(from_rgb48_.get(), rgb48, rgb48_stride, 0, settings_.height, out.data, out.linesize);
  return Status::success();
}

Result<std::span<const float>> FrameConverter::toFloatRgb(const Frame& in) {
  if (auto status = checkInput(in); !status) return Error{status.error()};
  if (auto status = toIntermediate(in, true); !status) return Error{status.error()};
  return std::span<const float>(floats_);
}

}  // namespace liveframe::export_internal
