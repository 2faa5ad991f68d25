// The sky: a gradient per time of day, the sun or moon with its glow, twinkling stars and the
// aurora's moving curtains. Features live on the sky layer (parallax kSkyParallax).
#include <cmath>

#include "world/render.h"

namespace liveframe::sketch::world_detail {

namespace {

constexpr float kTopT = -0.5f;          // the top of the frame at zoom 1
constexpr float kMiddleHeight = 0.35f;  // where the middle gradient stop sits (0 horizon, 1 top)
constexpr float kStarCell = 1.0f / 32;  // kWorldPeriod / kStarCell cells: a power of two
constexpr unsigned kStarCellsX = 512;
constexpr float kStarRadius = 0.0035f;
constexpr float kPeriodFrequency = kTau / static_cast<float>(kWorldPeriod);

SkyStyle dawnStyle() {
  SkyStyle s;
  s.zenith = {0.42f, 0.56f, 0.82f};
  s.middle = {0.80f, 0.70f, 0.86f};
  s.horizon = {1.00f, 0.76f, 0.72f};
  s.light_tint = {0.98f, 0.84f, 0.86f};
  s.sun_colour = {1.00f, 0.93f, 0.78f};
  s.sun_radius = 0.045f;
  s.sun_t = kHorizonT - 0.06f;
  s.glow_radius = 0.22f;
  s.glow_strength = 0.30f;
  s.reflection = 0.5f;
  s.window_light = 0.15f;
  return s;
}

SkyStyle dayStyle() {
  SkyStyle s;
  s.zenith = {0.13f, 0.38f, 0.86f};
  s.middle = {0.32f, 0.60f, 0.95f};
  s.horizon = {0.68f, 0.84f, 1.00f};
  s.light_tint = {1.0f, 1.0f, 1.0f};
  s.sun_colour = {1.00f, 0.98f, 0.88f};
  s.sun_radius = 0.04f;
  s.sun_t = -0.33f;
  s.glow_radius = 0.16f;
  s.glow_strength = 0.30f;
  s.reflection = 0.45f;
  return s;
}

SkyStyle sunsetStyle() {
  SkyStyle s;
  s.zenith = {0.28f, 0.16f, 0.44f};
  s.middle = {0.93f, 0.36f, 0.38f};
  s.horizon = {1.00f, 0.60f, 0.16f};
  s.light_tint = {1.0f, 0.66f, 0.46f};
  s.sun_colour = {1.00f, 0.82f, 0.35f};
  s.sun_radius = 0.085f;
  s.sun_t = kHorizonT - 0.035f;
  s.glow_radius = 0.30f;
  s.glow_strength = 0.45f;
  s.reflection = 1.0f;
  s.window_light = 0.3f;
  return s;
}

SkyStyle nightStyle() {
  SkyStyle s;
  s.zenith = {0.01f, 0.02f, 0.07f};
  s.middle = {0.03f, 0.05f, 0.16f};
  s.horizon = {0.07f, 0.12f, 0.30f};
  s.light_tint = {0.26f, 0.31f, 0.52f};
  s.stars = 1.0f;
  s.sun_colour = {0.92f, 0.94f, 1.00f};
  s.sun_radius = 0.035f;
  s.sun_t = -0.27f;
  s.glow_radius = 0.10f;
  s.glow_strength = 0.12f;
  s.reflection = 0.4f;
  s.window_light = 0.55f;
  return s;
}

SkyStyle auroraStyle() {
  SkyStyle s;
  s.zenith = {0.01f, 0.02f, 0.05f};
  s.middle = {0.02f, 0.05f, 0.10f};
  s.horizon = {0.04f, 0.11f, 0.15f};
  s.light_tint = {0.24f, 0.38f, 0.40f};
  s.stars = 0.8f;
  s.aurora = 1.0f;
  s.window_light = 0.5f;
  return s;
}

// Brightness of the star (if any) in the star grid cell at column px (local_y from the
// top of the grid row prepared by prepareSkyRow), twinkling over time.
float starAt(const SkyFrame& frame, int px, float local_y, float pixel) {
  const auto column = static_cast<std::size_t>(px);
  const SkyFrame::StarCell& star =
      frame.star_row[static_cast<std::size_t>(frame.star_slot[column])];
  if (!star.exists) return 0.0f;
  const float dx = frame.star_local[column] - star.x;
  const float dy = local_y - star.y;
  // Below a pixel the star widens to one pixel and dims, keeping its energy (no flicker).
  const float radius = std::max(kStarRadius, 0.7f * pixel);
  const float distance2 = (dx * dx + dy * dy) / (radius * radius);
  if (distance2 >= 1.0f) return 0.0f;
  const float size = kStarRadius / radius;
  const float twinkle = 0.55f + 0.45f * sine(frame.time_s * star.rate + star.phase);
  return (1.0f - distance2) * star.brightness * twinkle * size * size;
}

Rgb auroraAt(const SkyFrame& frame, int px, float t) {
  constexpr float kWidth = 0.05f;
  const Rgb green{0.22f, 1.00f, 0.52f};
  const Rgb purple{0.66f, 0.28f, 0.98f};
  const float rays = frame.aurora_rays[static_cast<std::size_t>(px)];
  // Each curtain: a sharp bright lower edge and a long tail fading upward into purple.
  const float low = (t - frame.aurora_low[static_cast<std::size_t>(px)]) / kWidth;
  const float low_strength = low > 0.0f ? bump(low / 0.5f) : bump(low / 3.2f);
  const Rgb low_colour = lerp(green, purple, clamp01(-low / 3.2f) * 1.2f);
  const float high = (t - frame.aurora_high[static_cast<std::size_t>(px)]) / kWidth;
  const float high_strength = high > 0.0f ? bump(high / 0.6f) : bump(high / 2.5f);
  const Rgb high_colour = lerp(purple, green, clamp01(high + 0.6f) * 0.5f);
  return low_colour * (1.3f * low_strength * rays) + high_colour * (1.1f * high_strength * rays);
}

Rgb sunAt(const SkyFrame& frame, float s, float t, float pixel, Rgb colour) {
  const SkyStyle& style = *frame.style;
  const float ds = s - frame.sun_s;
  const float dt = t - style.sun_t;
  const float distance2 = ds * ds + dt * dt;
  const float glow_r2 = style.glow_radius * style.glow_radius;
  // The glow's long tail is cut where it is below 1/109 of its peak, continuously.
  if (distance2 < 9.0f * glow_r2) {
    const float glow = glow_r2 / (glow_r2 + 12.0f * distance2) - 1.0f / 109.0f;
    const float clear = 1.0f - 0.8f * frame.overcast;
    colour = colour + style.sun_colour * (style.glow_strength * glow * clear);
  }
  const float edge = style.sun_radius + pixel;
  if (distance2 < edge * edge) {
    const float coverage = clamp01((style.sun_radius - std::sqrt(distance2)) / pixel + 0.5f);
    colour = lerp(colour, style.sun_colour, coverage * (1.0f - 0.6f * frame.overcast));
  }
  return colour;
}

}  // namespace

const SkyStyle& skyStyle(Sky sky) {
  static const std::array<SkyStyle, 5> kStyles = {dawnStyle(), dayStyle(), sunsetStyle(),
                                                  nightStyle(), auroraStyle()};
  return kStyles[static_cast<std::size_t>(sky)];
}

Rgb skyGradient(const SkyStyle& style, float t) {
  const float height = (kHorizonT - t) / (kHorizonT - kTopT);
  if (height < kMiddleHeight) {
    return lerp(style.horizon, style.middle, smoothstep(0.0f, kMiddleHeight, height));
  }
  return lerp(style.middle, style.zenith, smoothstep(kMiddleHeight, 1.0f, height));
}

float sunS(Sky sky, const View& view, std::uint32_t seed) {
  const float layer_sun_x =
      -0.3f + 0.6f * unitFloat(hashCell(static_cast<int>(sky), 17, seed));  // on the layer
  const float offset = view.layerOffset(kSkyParallax);                      // [0, period)
  float s = layer_sun_x - offset;
  if (s < -0.5f * static_cast<float>(kWorldPeriod)) s += static_cast<float>(kWorldPeriod);
  return s;
}

void prepareSky(Sky sky, const View& view, float time_s, std::uint32_t seed, SkyFrame& out) {
  out.sky = sky;
  out.style = &skyStyle(sky);
  out.time_s = time_s;
  out.seed = seed;
  out.sun_s = sunS(sky, view, seed);
  const auto width = static_cast<std::size_t>(view.width);
  out.layer_x.resize(width);
  out.aurora_low.resize(width);
  out.aurora_high.resize(width);
  out.aurora_rays.resize(width);
  out.star_slot.resize(width);
  out.star_local.resize(width);
  out.star_row_valid = false;
  const float offset = view.layerOffset(kSkyParallax);
  const float f = kPeriodFrequency;
  for (std::size_t px = 0; px < width; ++px) {
    const float x = view.sAt(static_cast<int>(px)) + offset;
    out.layer_x[px] = x;
    const int cell = static_cast<int>(std::floor(x / kStarCell));
    if (px == 0) out.star_first_cell = cell;
    out.star_slot[px] = cell - out.star_first_cell;
    out.star_local[px] = x - static_cast<float>(cell) * kStarCell;
    if (out.style->aurora <= 0.0f) continue;
    out.aurora_low[px] = -0.10f + 0.06f * sine(x * 5 * f + time_s * 0.30f) +
                         0.03f * sine(x * 13 * f - time_s * 0.55f);
    out.aurora_high[px] = -0.28f + 0.05f * sine(x * 7 * f - time_s * 0.25f + 1.0f) +
                          0.025f * sine(x * 17 * f + time_s * 0.40f);
    // Rays: a few incommensurate waves (no visible period), under slow bright patches.
    const float fold = sine(x * 18 * f + time_s * 0.2f);
    const float rays = 0.5f + 0.22f * sine(x * 173 * f + time_s * 0.9f + 2.0f * fold) +
                       0.18f * sine(x * 67 * f - time_s * 0.5f) +
                       0.10f * sine(x * 311 * f + time_s * 1.3f);
    const float patches = 0.8f + 0.2f * sine(x * 4 * f - time_s * 0.15f + 0.5f * fold);
    out.aurora_rays[px] = rays * patches;
  }
}

void prepareSkyRow(SkyFrame& frame, float t) {
  if (frame.style->stars <= 0.0f) return;
  const int cell_y = static_cast<int>(std::floor(t / kStarCell));
  if (frame.star_row_valid && frame.star_row_y == cell_y) return;
  frame.star_row_valid = true;
  frame.star_row_y = cell_y;
  const std::size_t slots =
      frame.star_slot.empty() ? 0 : static_cast<std::size_t>(frame.star_slot.back()) + 1;
  frame.star_row.resize(slots);
  for (std::size_t slot = 0; slot < slots; ++slot) {
    const int cell_x = static_cast<int>(
        static_cast<unsigned>(frame.star_first_cell + static_cast<int>(slot)) & (kStarCellsX - 1u));
    const std::uint32_t hash = hashCell(cell_x, cell_y, frame.seed);
    SkyFrame::StarCell& star = frame.star_row[slot];
    star.exists = (hash & 0xFFu) < 56u;  // ~22% of cells hold a star
    if (!star.exists) continue;
    star.x = (0.2f + 0.6f * unitFloat(hashCell(cell_x, cell_y, hash))) * kStarCell;
    star.y = (0.2f + 0.6f * unitFloat(hash)) * kStarCell;
    star.rate = 2.0f + static_cast<float>((hash >> 8) & 3u);
    star.phase = unitFloat(hash >> 3) * kTau;
    star.brightness = 0.5f + 0.5f * unitFloat(hash >> 11);
  }
}

Rgb skyPixel(const SkyFrame& frame, const View& view, int px, float t, Rgb gradient) {
  const SkyStyle& style = *frame.style;
  Rgb colour = gradient;
  const float s = view.sAt(px);
  if (style.sun_radius > 0.0f) colour = sunAt(frame, s, t, view.pixel, colour);
  if (style.stars > 0.0f) {
    // Stars fade out toward the horizon's haze.
    const float fade =
        style.stars * smoothstep(kHorizonT, kHorizonT - 0.12f, t) * (1.0f - 0.85f * frame.overcast);
    if (fade > 0.0f) {
      const float local_y = t - static_cast<float>(frame.star_row_y) * kStarCell;
      const float star = starAt(frame, px, local_y, view.pixel);
      colour = colour + Rgb{0.95f, 0.95f, 1.0f} * (star * fade);
    }
  }
  if (style.aurora > 0.0f) {
    colour = colour + auroraAt(frame, px, t) * (style.aurora * (1.0f - 0.4f * frame.overcast));
  }
  return colour;
}

}  // namespace liveframe::sketch::world_detail
