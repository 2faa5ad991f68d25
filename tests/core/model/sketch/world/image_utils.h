// Small image measurements shared by the world tests: render, checksum, region means,
// masks of what a subject changed, and a hue classifier.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "world/world.h"

namespace liveframe::sketch::world_testing {

struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;

  std::array<float, 3> at(int x, int y) const {
    const std::size_t i = (static_cast<std::size_t>(y) * width + x) * 3;
    return {rgb[i] / 255.0f, rgb[i + 1] / 255.0f, rgb[i + 2] / 255.0f};
  }
};

inline Image render(const World& world, int width = 256, int height = 256) {
  Image image{width, height,
              std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * 3)};
  world.render(image.rgb.data(), width, height);
  return image;
}

inline Image renderAfter(World& world, int frames, int size = 256) {
  for (int i = 0; i < frames; ++i) world.advance();
  return render(world, size, size);
}

inline std::uint64_t checksum(const std::vector<std::uint8_t>& bytes) {  // FNV-1a
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (std::uint8_t byte : bytes) hash = (hash ^ byte) * 0x100000001b3ull;
  return hash;
}

// Mean colour (0..1) of rows [y0, y1) and columns [x0, x1), as fractions of the frame.
inline std::array<float, 3> meanColour(const Image& image, float y0, float y1, float x0 = 0.0f,
                                       float x1 = 1.0f) {
  std::array<double, 3> sum{};
  int count = 0;
  for (int y = static_cast<int>(y0 * image.height); y < static_cast<int>(y1 * image.height); ++y) {
    for (int x = static_cast<int>(x0 * image.width); x < static_cast<int>(x1 * image.width); ++x) {
      const auto c = image.at(x, y);
      for (int k = 0; k < 3; ++k) sum[k] += c[k];
      ++count;
    }
  }
  return {static_cast<float>(sum[0] / count), static_cast<float>(sum[1] / count),
          static_cast<float>(sum[2] / count)};
}

inline float distance(const std::array<float, 3>& a, const std::array<float, 3>& b) {
  return std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
                   (a[2] - b[2]) * (a[2] - b[2]));
}

// Pixels where two frames differ clearly: what a subject covers (same seed, with/without).
struct Mask {
  std::vector<bool> on;
  int count = 0;
  float centre_x = 0.0f;  // fractions of the frame
  float centre_y = 0.0f;
  std::array<float, 3> mean{};  // mean colour of `with` under the mask
};

inline Mask differenceMask(const Image& with, const Image& without, float threshold = 0.12f) {
  Mask mask;
  mask.on.assign(static_cast<std::size_t>(with.width) * with.height, false);
  double sx = 0, sy = 0;
  std::array<double, 3> sum{};
  for (int y = 0; y < with.height; ++y) {
    for (int x = 0; x < with.width; ++x) {
      const auto a = with.at(x, y);
      if (distance(a, without.at(x, y)) < threshold) continue;
      mask.on[static_cast<std::size_t>(y) * with.width + x] = true;
      ++mask.count;
      sx += x;
      sy += y;
      for (int k = 0; k < 3; ++k) sum[k] += a[k];
    }
  }
  if (mask.count > 0) {
    mask.centre_x = static_cast<float>(sx / mask.count + 0.5) / with.width;
    mask.centre_y = static_cast<float>(sy / mask.count + 0.5) / with.height;
    for (int k = 0; k < 3; ++k) mask.mean[k] = static_cast<float>(sum[k] / mask.count);
  }
  return mask;
}

// The palette colour whose chromaticity (colour / brightest channel) is nearest.
inline Colour nearestColour(const std::array<float, 3>& colour) {
  static const std::array<std::array<float, 3>, 7> kPalette = {{{1.0f, 0.11f, 0.11f},
                                                                {1.0f, 0.50f, 0.04f},
                                                                {1.0f, 0.88f, 0.08f},
                                                                {0.13f, 1.0f, 0.23f},
                                                                {0.12f, 0.32f, 1.0f},
                                                                {0.66f, 0.18f, 1.0f},
                                                                {1.0f, 1.0f, 1.0f}}};
  const float peak = std::max({colour[0], colour[1], colour[2], 1e-3f});
  const std::array<float, 3> chroma = {colour[0] / peak, colour[1] / peak, colour[2] / peak};
  int best = 0;
  for (int i = 1; i < 7; ++i) {
    if (distance(chroma, kPalette[i]) < distance(chroma, kPalette[best])) best = i;
  }
  return static_cast<Colour>(best);
}

inline Scene makeScene(Sky sky, Scenery scenery, Weather weather = Weather::kClear,
                       std::vector<Subject> subjects = {},
                       CameraMove camera = CameraMove::kStatic) {
  Scene scene;
  scene.sky = sky;
  scene.scenery = scenery;
  scene.weather = weather;
  scene.subjects = std::move(subjects);
  scene.camera = camera;
  return scene;
}

}  // namespace liveframe::sketch::world_testing
