#include "layer_converter.h"

#include <algorithm>

namespace liveframe::export_internal {
namespace {

std::size_t pixelsOf(int width, int height) { return static_cast<std::size_t>(width) * height; }

// Premultiplied 16-bit colour back to straight, on a 0..`scale` scale.
unsigned straighten(std::uint16_t colour, std::uint16_t alpha, unsigned scale) {
  return std::min(scale, (colour * scale + alpha / 2u) / alpha);
}

}  // namespace

Result<std::unique_ptr<LayerConverter>> LayerConverter::create(const ConverterSettings& settings) {
  const AVPixelFormat format = settings.pixel_format;
  if (format != AV_PIX_FMT_RGBA && format != AV_PIX_FMT_YUVA444P10LE && format != AV_PIX_FMT_NONE) {
    return Error{std::string("an overlays-only layer cannot be written as ") +
                 av_get_pix_fmt_name(format)};
  }
  std::unique_ptr<LayerConverter> converter(new LayerConverter(settings));
  LayerConverter& c = *converter;
  c.transforms_ = settings.color && !settings.color->isNoOp();
  const std::size_t source_pixels = pixelsOf(settings.source_width, settings.source_height);
  const std::size_t pixels = pixelsOf(settings.width, settings.height);
  if (settings.width != settings.source_width || settings.height != settings.source_height) {
    auto scaler = makeScaler(settings.source_width, settings.source_height, AV_PIX_FMT_RGBA64,
                             settings, AV_PIX_FMT_RGBA64);
    if (!scaler) return Error{scaler.error()};
    c.rescale_ = std::move(scaler).value();
    c.source_premultiplied_.resize(source_pixels * 4);
  }
  if (format == AV_PIX_FMT_YUVA444P10LE) {
    auto scaler = makeScaler(settings.width, settings.height, AV_PIX_FMT_RGBA64, settings, format);
    if (!scaler) return Error{scaler.error()};
    c.to_yuva_ = std::move(scaler).value();
    c.straight_.resize(pixels * 4);
  }
  if (c.transforms_) c.straight_rgb_.resize(source_pixels * 3);
  c.premultiplied_.resize(pixels * 4);
  if (format == AV_PIX_FMT_NONE) c.floats_.resize(pixels * 4);
  return converter;
}

Status LayerConverter::toPremultiplied(std::span<const float> layer) {
  const auto& s = settings_;
  const std::size_t source_pixels = pixelsOf(s.source_width, s.source_height);
  if (layer.size() != source_pixels * 4) return Error{"an overlay layer has the wrong size"};
  auto& target = rescale_ ? source_premultiplied_ : premultiplied_;
  if (transforms_) {
    // The transform is for colours, not colours times alpha: straighten, convert, premultiply.
    for (std::size_t i = 0; i < source_pixels; ++i) {
      const float alpha = layer[i * 4 + 3];
      for (std::size_t c = 0; c < 3; ++c) {
        straight_rgb_[i * 3 + c] = alpha > 0 ? layer[i * 4 + c] / alpha : 0.0f;
      }
    }
    if (auto status =
            s.color->apply(std::span<const float>(straight_rgb_), std::span<float>(straight_rgb_));
        !status) {
      return status;
    }
    for (std::size_t i = 0; i < source_pixels; ++i) {
      const float alpha = std::clamp(layer[i * 4 + 3], 0.0f, 1.0f);
      for (std::size_t c = 0; c < 3; ++c) {
        target[i * 4 + c] = quantize16(straight_rgb_[i * 3 + c] * alpha);
      }
      target[i * 4 + 3] = quantize16(alpha);
    }
  } else {
    std::transform(layer.begin(), layer.end(), target.begin(), quantize16);
  }
  if (rescale_) {
    scalePacked(rescale_.get(), source_premultiplied_.data(), s.source_width, s.source_height, 8,
                premultiplied_.data(), s.width, 8);
    // Lanczos ringing can leave colour above alpha: clamped, or it would brighten the picture.
    for (std::size_t i = 0; i < premultiplied_.size(); i += 4) {
      for (std::size_t c = 0; c < 3; ++c) {
        premultiplied_[i + c] = std::min(premultiplied_[i + c], premultiplied_[i + 3]);
      }
    }
  }
  return Status::success();
}

Status LayerConverter::toVideoFrame(std::span<const float> layer, AVFrame& out) {
  if (auto status = toPremultiplied(layer); !status) return status;
  const int width = settings_.width;
  if (to_yuva_) {
    for (std::size_t i = 0; i < premultiplied_.size(); i += 4) {
      const std::uint16_t alpha = premultiplied_[i + 3];
      for (std::size_t c = 0; c < 3; ++c) {
        straight_[i + c] = static_cast<std::uint16_t>(
            alpha > 0 ? straighten(premultiplied_[i + c], alpha, 65535u) : 0u);
      }
      straight_[i + 3] = alpha;
    }
    const std::uint8_t* source[] = {reinterpret_cast<const std::uint8_t*>(straight_.data())};
    const int stride[] = {width * 8};
    sws_scale(to_yuva_.get(), source, stride, 0, settings_.height, out.data, out.linesize);
    return Status::success();
  }
  for (int y = 0; y < settings_.height; ++y) {
    std::uint8_t* row = out.data[0] + static_cast<std::ptrdiff_t>(y) * out.linesize[0];
    const std::uint16_t* pixel = &premultiplied_[pixelsOf(width, y) * 4];
    for (int x = 0; x < width; ++x, pixel += 4, row += 4) {
      const std::uint16_t alpha = pixel[3];
      row[3] = static_cast<std::uint8_t>((alpha + 128u) / 257u);
      // What 8 bits of alpha cannot show keeps no colour: transparent black, as elsewhere.
      for (int c = 0; c < 3; ++c) {
        row[c] = static_cast<std::uint8_t>(row[3] > 0 ? straighten(pixel[c], alpha, 255u) : 0u);
      }
    }
  }
  return Status::success();
}

Result<std::span<const float>> LayerConverter::toFloatRgba(std::span<const float> layer) {
  if (auto status = toPremultiplied(layer); !status) return Error{status.error()};
  std::transform(premultiplied_.begin(), premultiplied_.end(), floats_.begin(),
                 [](std::uint16_t v) { return static_cast<float>(v) / 65535.0f; });
  return std::span<const float>(floats_);
}

}  // namespace liveframe::export_internal
