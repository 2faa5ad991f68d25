// The scenery: silhouette layers standing on the horizon (dunes, hills, tree lines, city
// blocks) and the ground plane below it (sea, sand, grass, snow, streets), lit by the time
// of day's tint. renderBackground() composes them with the sky, one pixel at a time.
#include <cmath>

#include "world/render.h"

namespace liveframe::sketch::world_detail {

namespace {

constexpr float kF = kTau / static_cast<float>(kWorldPeriod);  // one cycle per world period
constexpr float kFarCityCell = static_cast<float>(kWorldPeriod) / 224;
constexpr float kNearCityCell = static_cast<float>(kWorldPeriod) / 150;
constexpr float kWindowWidth = 0.014f;
constexpr float kWindowHeight = 0.018f;

// A sharp-crested ridge profile in [0, 1]: 1 at the crests.
float ridge(float x) {
  const float wave = 1.0f - std::fabs(sine(x));
  return wave * wave;
}

float height(Scenery scenery, bool near, float x) {
  switch (scenery) {
    case Scenery::kOcean:
      return 0.0f;
    case Scenery::kDesert:
      return near ? 0.004f + 0.035f * ridge(x * 14 * kF + 0.7f)
                  : 0.02f + 0.06f * ridge(x * 9 * kF) + 0.015f * ridge(x * 23 * kF + 1.0f);
    case Scenery::kMeadow:
      return near ? 0.012f + 0.012f * std::fabs(sine(x * 120 * kF)) + 0.01f * sine(x * 31 * kF)
                  : 0.045f + 0.03f * sine(x * 7 * kF) + 0.012f * sine(x * 19 * kF + 2.0f);
    case Scenery::kSnowyHills:
      return near ? 0.03f + 0.022f * sine(x * 9 * kF) + 0.01f * sine(x * 23 * kF + 1.0f)
                  : 0.09f + 0.05f * sine(x * 5 * kF + 0.4f) + 0.025f * sine(x * 13 * kF);
    case Scenery::kCity:
      return 0.0f;  // buildings: see cityColumn()
  }
  return 0.0f;
}

LayerColumn slopeColumn(Scenery scenery, bool near, float x) {
  constexpr float kStep = 0.004f;
  LayerColumn column;
  column.x = x;
  const float h = height(scenery, near, x);
  column.top_t = kHorizonT - h;
  const float slope =
      (height(scenery, near, x + kStep) - height(scenery, near, x - kStep)) / (2.0f * kStep);
  // Light comes from the left: slopes facing left (rising to the right) are lit.
  column.shade = 1.0f + 0.5f * std::max(-0.5f, std::min(0.3f, slope * 0.6f));
  return column;
}

LayerColumn cityColumn(bool near, float x, std::uint32_t seed) {
  const float cell = near ? kNearCityCell : kFarCityCell;
  const int count = near ? 150 : 224;
  const int index = wrappedCell(x, cell, count);
  const std::uint32_t hash = hashCell(index, near ? 1 : 2, seed);
  const float local = x - std::floor(x / cell) * cell;
  const float width = (0.55f + 0.4f * unitFloat(hash)) * cell;
  LayerColumn column;
  column.x = x;
  if (local > width) return column;  // a gap between buildings
  const float tall = (hash & 0x7u) == 0u ? 0.1f : 0.0f;
  const float h = near ? 0.05f + 0.15f * unitFloat(hash >> 4) + tall
                       : 0.10f + 0.18f * unitFloat(hash >> 4) + tall;
  column.top_t = kHorizonT - h;
  column.local_x = local;
  column.shade = 0.82f + 0.3f * unitFloat(hash >> 12);
  column.id = hash;
  return column;
}

// ---- Silhouette colours --------------------------------------------------------------------

Rgb windowColour(const LayerColumn& column, float t, Rgb wall, const FrameContext& context) {
  const Rgb glass = Rgb{0.42f, 0.52f, 0.66f} * context.tint;
  const Rgb lamp{1.0f, 0.82f, 0.42f};
  const float windows_per_pixel = context.view.pixel / kWindowWidth;
  const float depth = t - column.top_t;
  if (depth < kWindowHeight * 0.6f) return wall;  // roof edge
  const float average = 0.25f;                    // window area / facade area
  const Rgb mean = lerp(glass, lamp, context.window_light);
  if (windows_per_pixel > 0.45f) return lerp(wall, mean, average);  // too small: averaged
  const float wx = column.local_x / kWindowWidth;
  const float wy = depth / kWindowHeight;
  const float fx = wx - std::floor(wx);
  const float fy = wy - std::floor(wy);
  if (fx < 0.3f || fx > 0.75f || fy < 0.35f || fy > 0.85f) return wall;
  const std::uint32_t hash = hashCell(static_cast<int>(wx), static_cast<int>(wy), column.id);
  const bool lit = unitFloat(hash) < context.window_light;
  return lit ? lamp : glass;
}

Rgb silhouetteColour(Scenery scenery, bool near, const LayerColumn& column, float t,
                     const FrameContext& context) {
  switch (scenery) {
    case Scenery::kDesert: {
      const Rgb sand = near ? Rgb{0.93f, 0.70f, 0.38f} : Rgb{0.90f, 0.72f, 0.48f};
      return sand * column.shade * context.tint;
    }
    case Scenery::kMeadow: {
      const Rgb green = near ? Rgb{0.10f, 0.30f, 0.11f} : Rgb{0.30f, 0.52f, 0.36f};
      return green * column.shade * context.tint;
    }
    case Scenery::kSnowyHills: {
      if (near) return Rgb{0.95f, 0.96f, 1.0f} * column.shade * context.tint;
      // Distant hills: snow on top, blue-grey in the haze below.
      const Rgb snow{0.90f, 0.93f, 1.0f};
      const Rgb haze{0.62f, 0.69f, 0.84f};
      return lerp(snow, haze, smoothstep(0.0f, 0.1f, t - column.top_t)) * column.shade *
             context.tint;
    }
    case Scenery::kCity: {
      const Rgb wall = (near ? Rgb{0.16f, 0.16f, 0.22f} : Rgb{0.34f, 0.37f, 0.46f}) * column.shade *
                       context.tint;
      return windowColour(column, t, wall, context);
    }
    case Scenery::kOcean:
      break;
  }
  return {};
}

// ---- Ground colours ------------------------------------------------------------------------

struct GroundPoint {
  float s;
  float d;    // depth below the horizon (camera plane)
  float gx;   // ground texture coordinates (periodic in x)
  float gy;   // 1 / d: distance
  float dgy;  // change of gy across one pixel
  // sin/cos of gx * kF and gx * 2kF, stepped along the row by rotation (no per-pixel sine).
  float sin1, cos1, sin2, cos2;
  // Per-row waves across the ground: sin/cos of gy * 0.9 and gy * 2.1.
  float row_sin_a, row_cos_a, row_sin_b, row_cos_b;
};

Rgb oceanGround(const GroundPoint& g, const FrameContext& context) {
  const Rgb deep{0.03f, 0.20f, 0.48f};
  const Rgb far = lerp(context.sky_horizon, Rgb{0.14f, 0.40f, 0.70f}, 0.55f);
  Rgb colour =
      lerp(far, deep, smoothstep(0.0f, 0.3f, g.d)) * lerp(Rgb{1, 1, 1}, context.tint, 0.8f);
  const float sin3 = g.sin1 * (3.0f - 4.0f * g.sin1 * g.sin1);  // sin(3x)
  const float phase = g.gy * 3.2f + 0.9f * sin3 + context.time_s * 1.6f;
  const float wave = sine(phase);
  const float fade = clamp01(1.2f - g.dgy * 3.2f);
  colour = colour * (1.0f + 0.22f * wave * fade);
  if (wave > 0.8f) colour = colour + context.tint * (0.5f * (wave - 0.8f) * fade);
  for (const Reflection& reflection : context.reflections) {
    if (reflection.strength <= 0.0f) continue;
    const float width = reflection.radius * (0.9f + 2.5f * g.d);
    const float offset = std::fabs(g.s - reflection.s);
    if (offset >= width) continue;
    const float glitter =
        clamp01(0.5f + 0.8f * sine(g.gy * 11.0f + g.gx * 4 * kF * 8 + context.time_s * 3.0f));
    colour = colour + reflection.colour * (reflection.strength * (1.0f - offset / width) * glitter);
  }
  return colour;
}

Rgb desertGround(const GroundPoint& g, const FrameContext& context) {
  const Rgb sand{0.94f, 0.74f, 0.42f};
  const float phase = g.gy * 1.6f + 1.3f * g.sin2;
  const float ripple = sine(phase);
  const float shade = ripple > 0.0f ? 1.0f + 0.08f * ripple : 1.0f + 0.30f * ripple;
  const float fade = clamp01(1.2f - g.dgy * 1.6f);
  return sand * lerp(1.0f, shade, fade) * context.tint;
}

Rgb meadowGround(const GroundPoint& g, const FrameContext& context) {
  const Rgb dark{0.18f, 0.46f, 0.12f};
  const Rgb light{0.42f, 0.74f, 0.22f};
  // 0.5 + 0.25 sin(2 gx kF + 0.9 gy) + 0.25 sin(2.1 gy - gx kF), by angle sums.
  const float patches = 0.5f + 0.25f * (g.sin2 * g.row_cos_a + g.cos2 * g.row_sin_a) +
                        0.25f * (g.row_sin_b * g.cos1 - g.row_cos_b * g.sin1);
  Rgb colour = lerp(dark, light, patches);
  // Grass blades: narrow, tall cells with their own brightness.
  const float blade_fade =
      clamp01(1.5f - 64.0f * context.view.pixel / g.d) * clamp01(1.5f - 6.0f * g.dgy);
  if (blade_fade > 0.0f) {
    const int cell_x = wrappedCellPow2(g.gx, 64.0f, 1024u);  // 16 units * 64 cells
    const int cell_y = static_cast<int>(std::floor(g.gy * 6.0f));
    const float blade = unitFloat(hashCell(cell_x, cell_y, context.seed)) - 0.5f;
    colour = colour * (1.0f + 0.35f * blade * blade_fade);
  }
  return colour * context.tint;
}

Rgb snowGround(const GroundPoint& g, const FrameContext& context) {
  const Rgb white{0.96f, 0.97f, 1.0f};
  const Rgb shadow{0.66f, 0.74f, 0.90f};
  const float roll = sine(g.gy * 0.9f + 1.4f * g.sin2);
  const float fade = clamp01(1.2f - g.dgy * 0.9f);
  const float lit = lerp(0.8f, smoothstep(-0.5f, 0.7f, roll), fade);
  return lerp(shadow, white, lit) * context.tint;
}

Rgb cityGround(const GroundPoint& g, const FrameContext& context) {
  const Rgb asphalt{0.23f, 0.23f, 0.26f};
  const Rgb line{0.55f, 0.55f, 0.58f};
  const float along = std::fabs(g.gx * 0.5f - std::floor(g.gx * 0.5f) - 0.5f);
  const float across = std::fabs(g.gy * 0.5f - std::floor(g.gy * 0.5f) - 0.5f);
  const float fade_x = clamp01(1.0f - (context.view.pixel / g.d) * 8.0f);
  const float fade_y = clamp01(1.0f - g.dgy * 8.0f);
  float stripe = 0.0f;
  if (along > 0.46f) stripe = std::max(stripe, fade_x);
  if (across > 0.46f) stripe = std::max(stripe, fade_y);
  Rgb colour = lerp(asphalt, line, 0.5f * stripe) * context.tint;
  // Lit windows reflect on wet-looking pavement at night.
  return colour + Rgb{0.35f, 0.26f, 0.12f} * (0.25f * context.window_light);
}

Rgb groundColour(Scenery scenery, const GroundPoint& g, const FrameContext& context) {
  switch (scenery) {
    case Scenery::kOcean:
      return oceanGround(g, context);
    case Scenery::kDesert:
      return desertGround(g, context);
    case Scenery::kMeadow:
      return meadowGround(g, context);
    case Scenery::kSnowyHills:
      return snowGround(g, context);
    case Scenery::kCity:
      return cityGround(g, context);
  }
  return {};
}

// The sky colour at (px, t), crossfading two skies while a transition runs.
Rgb skyAt(const FrameContext& context, int px, float t, const std::array<Rgb, 2>& gradient) {
  Rgb colour = skyPixel(*context.sky[0], context.view, px, t, gradient[0]);
  if (context.sky[1] != nullptr) {
    const Rgb other = skyPixel(*context.sky[1], context.view, px, t, gradient[1]);
    colour = lerp(colour, other, context.sky_mix);
  }
  return colour;
}

Rgb backgroundPixel(const FrameContext& context, const SceneryFrame& frame, int px, float t,
                    const GroundPoint* ground, const std::array<Rgb, 2>& gradient) {
  if (ground != nullptr) return groundColour(frame.scenery, *ground, context);
  if (frame.scenery != Scenery::kOcean) {
    const auto column = static_cast<std::size_t>(px);
    if (t >= frame.near[column].top_t) {
      return silhouetteColour(frame.scenery, true, frame.near[column], t, context);
    }
    if (t >= frame.far[column].top_t) {
      return silhouetteColour(frame.scenery, false, frame.far[column], t, context);
    }
  }
  return skyAt(context, px, t, gradient);
}

}  // namespace

void prepareScenery(Scenery scenery, const View& view, std::uint32_t seed, SceneryFrame& out) {
  out.scenery = scenery;
  const auto width = static_cast<std::size_t>(view.width);
  out.far.resize(width);
  out.near.resize(width);
  out.ground_offset = view.layerOffset(kGroundParallax);
  const float far_offset = view.layerOffset(kFarParallax);
  const float near_offset = view.layerOffset(kNearParallax);
  for (std::size_t px = 0; px < width; ++px) {
    const float s = view.sAt(static_cast<int>(px));
    if (scenery == Scenery::kCity) {
      out.far[px] = cityColumn(false, s + far_offset, seed);
      out.near[px] = cityColumn(true, s + near_offset, seed);
    } else {
      out.far[px] = slopeColumn(scenery, false, s + far_offset);
      out.near[px] = slopeColumn(scenery, true, s + near_offset);
    }
  }
}

void renderBackground(const FrameContext& context, Canvas& canvas) {
  const View& view = context.view;
  for (int py = 0; py < view.height; ++py) {
    const float t = view.tAt(py);
    std::array<Rgb, 2> gradient{};
    for (std::size_t i = 0; i < 2; ++i) {
      if (context.sky[i] == nullptr) continue;
      gradient[i] = skyGradient(*context.sky[i]->style, t);
      prepareSkyRow(*context.sky[i], t);
    }
    const float d = t - kHorizonT;
    const bool is_ground = d > 0.0f;
    GroundPoint g{};
    if (is_ground) {
      g.d = std::max(d, 0.25f * view.pixel);  // bounded texture coordinates at the horizon
      g.gy = 1.0f / g.d;
      g.dgy = view.pixel / (g.d * g.d);
      g.row_sin_a = sine(g.gy * 0.9f);
      g.row_cos_a = cosine(g.gy * 0.9f);
      g.row_sin_b = sine(g.gy * 2.1f);
      g.row_cos_b = cosine(g.gy * 2.1f);
    }
    // The ground's x phase kF * gx grows by a fixed step per pixel along a row.
    const float phase0 = kF * (view.sAt(0) * g.gy + context.scenery[0]->ground_offset);
    const float phase_step = kF * view.pixel * g.gy;
    const float step_sin = sine(phase_step), step_cos = cosine(phase_step);
    float wave_sin = sine(phase0), wave_cos = cosine(phase0);
    Rgb* row = &canvas.at(0, py);
    for (int px = 0; px < view.width; ++px) {
      const GroundPoint* ground = nullptr;
      if (is_ground) {
        g.s = view.sAt(px);
        g.gx = g.s * g.gy + context.scenery[0]->ground_offset;
        g.sin1 = wave_sin;
        g.cos1 = wave_cos;
        g.sin2 = 2.0f * wave_sin * wave_cos;
        g.cos2 = wave_cos * wave_cos - wave_sin * wave_sin;
        const float next_sin = wave_sin * step_cos + wave_cos * step_sin;
        wave_cos = wave_cos * step_cos - wave_sin * step_sin;
        wave_sin = next_sin;
        ground = &g;
      }
      Rgb colour = backgroundPixel(context, *context.scenery[0], px, t, ground, gradient);
      if (context.scenery[1] != nullptr) {
        const Rgb other = backgroundPixel(context, *context.scenery[1], px, t, ground, gradient);
        colour = lerp(colour, other, context.scenery_mix);
      }
      row[px] = colour;
    }
  }
}

}  // namespace liveframe::sketch::world_detail
