#include "overlay_compositor.h"

#include <algorithm>
#include <limits>
#include <string>

#include "frame_converter.h"

namespace liveframe::export_internal {
namespace {

constexpr int kMaxOverlaySide = 16384;  // as the output size

Error overlayError(const OverlayLayer& overlay, std::size_t index, const std::string& why) {
  return Error{"overlay " + std::to_string(index + 1) + " ('" + overlay.name + "') " + why};
}

// Straight 8-bit RGBA to premultiplied 16-bit: colour * alpha, exact to half a 16-bit step.
std::vector<std::uint16_t> premultiply(const std::vector<std::uint8_t>& rgba) {
  std::vector<std::uint16_t> out(rgba.size());
  for (std::size_t i = 0; i < rgba.size(); i += 4) {
    const unsigned alpha = rgba[i + 3];
    for (std::size_t c = 0; c < 3; ++c) {
      out[i + c] = static_cast<std::uint16_t>((rgba[i + c] * 257u * alpha + 127u) / 255u);
    }
    out[i + 3] = static_cast<std::uint16_t>(alpha * 257u);
  }
  return out;
}

// Premultiplied RGBA64 scaled with Lanczos; its ringing can leave colour above alpha, which
// would brighten what the overlay covers: clamped back.
Result<std::vector<std::uint16_t>> scalePremultiplied(const std::vector<std::uint16_t>& rgba,
                                                      int width, int height, int to_width,
                                                      int to_height) {
  ConverterSettings target;
  target.width = to_width;
  target.height = to_height;
  auto scaler = makeScaler(width, height, AV_PIX_FMT_RGBA64, target, AV_PIX_FMT_RGBA64);
  if (!scaler) return Error{scaler.error()};
  std::vector<std::uint16_t> out(static_cast<std::size_t>(to_width) * to_height * 4);
  scalePacked(scaler->get(), rgba.data(), width, height, 8, out.data(), to_width, 8);
  for (std::size_t i = 0; i < out.size(); i += 4) {
    for (std::size_t c = 0; c < 3; ++c) out[i + c] = std::min(out[i + c], out[i + 3]);
  }
  return out;
}

}  // namespace

Status checkOverlays(const std::vector<OverlayLayer>& overlays) {
  for (std::size_t i = 0; i < overlays.size(); ++i) {
    const OverlayLayer& overlay = overlays[i];
    if (overlay.width <= 0 || overlay.height <= 0 || overlay.width > kMaxOverlaySide ||
        overlay.height > kMaxOverlaySide) {
      return overlayError(overlay, i,
                          "is " + std::to_string(overlay.width) + "x" +
                              std::to_string(overlay.height) + ": give a size from 1x1 to " +
                              std::to_string(kMaxOverlaySide) + "x" +
                              std::to_string(kMaxOverlaySide));
    }
    const std::size_t expected = static_cast<std::size_t>(overlay.width) * overlay.height * 4;
    if (overlay.rgba.size() != expected) {
      return overlayError(overlay, i,
                          "has " + std::to_string(overlay.rgba.size()) + " bytes; " +
                              std::to_string(overlay.width) + "x" + std::to_string(overlay.height) +
                              " RGBA needs " + std::to_string(expected));
    }
    if (overlay.from_frame < 0 || overlay.to_frame <= overlay.from_frame) {
      return overlayError(overlay, i,
                          "has the range " + std::to_string(overlay.from_frame) + "-" +
                              std::to_string(overlay.to_frame) +
                              ": it must start at 0 or later and end after it starts");
    }
    if (overlay.fade_in_frames < 0 || overlay.fade_out_frames < 0) {
      return overlayError(overlay, i, "has a negative fade");
    }
  }
  return Status::success();
}

OverlayTiming OverlayTiming::of(const OverlayLayer& overlay) {
  OverlayTiming timing{overlay.from_frame, overlay.to_frame, overlay.fade_in_frames,
                       overlay.fade_out_frames};
  const std::int64_t length = timing.to_frame - timing.from_frame;
  if (std::int64_t{timing.fade_in_frames} + timing.fade_out_frames > length) {
    const auto half =
        static_cast<int>(std::min<std::int64_t>(length / 2, std::numeric_limits<int>::max()));
    timing.fade_in_frames = std::min(timing.fade_in_frames, half);
    timing.fade_out_frames = std::min(timing.fade_out_frames, half);
  }
  return timing;
}

double OverlayTiming::opacityAt(std::int64_t timeline_frame) const {
  if (!showsAt(timeline_frame)) return 0;
  double opacity = 1;
  if (fade_in_frames > 0) {
    opacity = static_cast<double>(timeline_frame - from_frame + 1) / fade_in_frames;
  }
  if (fade_out_frames > 0) {
    opacity = std::min(opacity, static_cast<double>(to_frame - timeline_frame) / fade_out_frames);
  }
  return std::clamp(opacity, 0.0, 1.0);
}

Result<OverlayCompositor> OverlayCompositor::create(const std::vector<OverlayLayer>& overlays,
                                                    int width, int height) {
  if (auto status = checkOverlays(overlays); !status) return Error{status.error()};
  OverlayCompositor compositor;
  compositor.pixels_ = static_cast<std::size_t>(width) * height;
  for (const OverlayLayer& overlay : overlays) {
    Prepared prepared{OverlayTiming::of(overlay), premultiply(overlay.rgba)};
    if (overlay.width != width || overlay.height != height) {
      auto scaled =
          scalePremultiplied(prepared.premultiplied, overlay.width, overlay.height, width, height);
      if (!scaled) return Error{"overlay '" + overlay.name + "': " + scaled.error()};
      prepared.premultiplied = std::move(scaled).value();
    }
    compositor.overlays_.push_back(std::move(prepared));
  }
  return compositor;
}

bool OverlayCompositor::showsAt(std::int64_t timeline_frame) const {
  return std::any_of(overlays_.begin(), overlays_.end(), [&](const Prepared& overlay) {
    return overlay.timing.opacityAt(timeline_frame) > 0;
  });
}

void OverlayCompositor::compositeOnto(std::span<std::uint8_t> rgb,
                                      std::int64_t timeline_frame) const {
  for (const Prepared& overlay : overlays_) {
    const auto fade = static_cast<float>(overlay.timing.opacityAt(timeline_frame));
    if (fade <= 0) continue;
    const float alpha_scale = fade / 65535.0f;
    const float colour_scale = fade * 255.0f / 65535.0f;  // premultiplied 16 bits to codes
    const std::uint16_t* pixel = overlay.premultiplied.data();
    for (std::size_t i = 0; i < pixels_; ++i, pixel += 4) {
      if (pixel[3] == 0) continue;
      const float keep = 1.0f - pixel[3] * alpha_scale;
      std::uint8_t* out = &rgb[i * 3];
      for (int c = 0; c < 3; ++c) {
        const float value = out[c] * keep + pixel[c] * colour_scale;
        out[c] = static_cast<std::uint8_t>(std::min(value + 0.5f, 255.0f));
      }
    }
  }
}

void OverlayCompositor::renderLayer(std::span<float> rgba, std::int64_t timeline_frame) const {
  std::fill(rgba.begin(), rgba.end(), 0.0f);
  for (const Prepared& overlay : overlays_) {
    const auto fade = static_cast<float>(overlay.timing.opacityAt(timeline_frame));
    if (fade <= 0) continue;
    const float scale = fade / 65535.0f;
    const std::uint16_t* pixel = overlay.premultiplied.data();
    for (std::size_t i = 0; i < pixels_; ++i, pixel += 4) {
      if (pixel[3] == 0) continue;
      float* out = &rgba[i * 4];
      const float keep = 1.0f - pixel[3] * scale;
      for (int c = 0; c < 4; ++c) out[c] = out[c] * keep + pixel[c] * scale;
    }
  }
}

}  // namespace liveframe::export_internal
