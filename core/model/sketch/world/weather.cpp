// Weather overlays: fog (a lerp toward grey, thickest at the horizon), rain (slanted streaks
// falling fast, the scene darkened and greyed) and snow (flakes drifting down, the scene
// hazed). Rain and snow sit in screen space, in front of the camera: pan and zoom leave them.
#include <cmath>

#include "world/render.h"

namespace liveframe::sketch::world_detail {

namespace {

struct RainLayer {
  float cell;    // streak spacing across (frame heights)
  float length;  // streak length
  float period;  // vertical spacing of streaks in one column
  float speed;   // frame heights per second
  float opacity;
};
constexpr std::array<RainLayer, 2> kRainLayers = {RainLayer{0.018f, 0.09f, 0.32f, 1.7f, 0.55f},
                                                  RainLayer{0.011f, 0.05f, 0.23f, 1.2f, 0.35f}};
constexpr float kRainSlant = 0.22f;  // streaks lean: down and to the left
constexpr float kRainHalfWidth = 0.0016f;

struct SnowLayer {
  float cell;
  float radius;
  float speed;
  float wobble;
};
constexpr std::array<SnowLayer, 2> kSnowLayers = {SnowLayer{0.075f, 0.010f, 0.11f, 0.012f},
                                                  SnowLayer{0.048f, 0.0060f, 0.07f, 0.008f}};

// Draws every rain streak of one layer that crosses the frame: streaks are sparse, so this
// touches a few percent of the pixels.
void drawRain(const RainLayer& layer, int layer_index, const FrameContext& context, Rgb colour,
              Canvas& canvas) {
  const float pixel = 1.0f / static_cast<float>(canvas.height);  // frame heights
  const float aspect = static_cast<float>(canvas.width) * pixel;
  const float half_width = std::max(kRainHalfWidth, 0.6f * pixel);
  const float energy = kRainHalfWidth / half_width;  // thin streaks dim instead of vanishing
  const float fraction = layer.length / layer.period;
  const int last_column = static_cast<int>((aspect + kRainSlant) / layer.cell) + 1;
  for (int column = 0; column <= last_column; ++column) {
    const std::uint32_t hash = hashCell(column, layer_index + 7, context.seed);
    const float centre = (static_cast<float>(column) + 0.25f + 0.5f * unitFloat(hash)) * layer.cell;
    // Streak k covers along in [k, k + fraction), along = (v - time * speed) / period + offset.
    const float offset = unitFloat(hash >> 5) * 7.0f;
    const float shift = context.time_s * layer.speed;
    const int first_k = static_cast<int>(std::floor(-shift / layer.period + offset - fraction));
    const int last_k = static_cast<int>(std::floor((1.0f - shift) / layer.period + offset));
    for (int k = first_k; k <= last_k; ++k) {
      const float v_start = (static_cast<float>(k) - offset) * layer.period + shift;
      const int y0 = std::max(0, static_cast<int>(v_start / pixel));
      const int y1 =
          std::min(canvas.height - 1, static_cast<int>((v_start + layer.length) / pixel) + 1);
      for (int py = y0; py <= y1; ++py) {
        const float v = (static_cast<float>(py) + 0.5f) * pixel;
        const float position = (v - v_start) / layer.period;
        if (position < 0.0f || position >= fraction) continue;
        const float u_centre = centre - kRainSlant * v;  // across = u + slant * v
        const int x0 = std::max(0, static_cast<int>((u_centre - half_width) / pixel));
        const int x1 =
            std::min(canvas.width - 1, static_cast<int>((u_centre + half_width) / pixel) + 1);
        for (int px = x0; px <= x1; ++px) {
          const float u = (static_cast<float>(px) + 0.5f) * pixel;
          const float distance = std::fabs(u - u_centre);
          if (distance >= half_width) continue;
          const float amount = (1.0f - distance / half_width) * (position / fraction) *
                               layer.opacity * energy * context.rain;
          canvas.at(px, py) = lerp(canvas.at(px, py), colour, amount);
        }
      }
    }
  }
}

// Draws every snowflake of one layer; each cell of the falling grid may hold one flake.
void drawSnow(const SnowLayer& layer, int layer_index, const FrameContext& context, Rgb colour,
              Canvas& canvas) {
  const float pixel = 1.0f / static_cast<float>(canvas.height);
  const float aspect = static_cast<float>(canvas.width) * pixel;
  const float radius = std::max(layer.radius, 0.7f * pixel);
  const float size = layer.radius / radius;
  const float fall = context.time_s * layer.speed;  // v = fall_coordinate + fall
  const int first_y = static_cast<int>(std::floor(-fall / layer.cell));
  const int last_y = static_cast<int>(std::floor((1.0f - fall) / layer.cell));
  const int last_x = static_cast<int>(aspect / layer.cell);
  for (int cell_y = first_y; cell_y <= last_y; ++cell_y) {
    for (int cell_x = 0; cell_x <= last_x; ++cell_x) {
      const std::uint32_t hash = hashCell(cell_x, cell_y * 4 + layer_index, context.seed ^ 0x5A0Au);
      if ((hash & 0xFFu) >= 150u) continue;  // ~60% of cells hold a flake
      const float sway = layer.wobble * sine(context.time_s * 1.3f + unitFloat(hash >> 4) * kTau);
      const float cu =
          (static_cast<float>(cell_x) + 0.3f + 0.4f * unitFloat(hash >> 8)) * layer.cell + sway;
      const float cv =
          (static_cast<float>(cell_y) + 0.3f + 0.4f * unitFloat(hashCell(cell_x, cell_y, hash))) *
              layer.cell +
          fall;
      const int x0 = std::max(0, static_cast<int>((cu - radius) / pixel));
      const int x1 = std::min(canvas.width - 1, static_cast<int>((cu + radius) / pixel) + 1);
      const int y0 = std::max(0, static_cast<int>((cv - radius) / pixel));
      const int y1 = std::min(canvas.height - 1, static_cast<int>((cv + radius) / pixel) + 1);
      for (int py = y0; py <= y1; ++py) {
        const float dy = ((static_cast<float>(py) + 0.5f) * pixel - cv) / radius;
        for (int px = x0; px <= x1; ++px) {
          const float dx = ((static_cast<float>(px) + 0.5f) * pixel - cu) / radius;
          const float distance2 = dx * dx + dy * dy;
          if (distance2 >= 1.0f) continue;
          const float amount = clamp01((1.0f - distance2) * 1.6f) * size * size * context.snow;
          canvas.at(px, py) = lerp(canvas.at(px, py), colour, amount);
        }
      }
    }
  }
}

}  // namespace

Rgb fogColour(const FrameContext& context) {
  // Grey, darker at night but still clearly lighter than a clear night sky.
  return Rgb{0.76f, 0.78f, 0.82f} * lerp(Rgb{1, 1, 1}, context.tint, 0.7f);
}

void applyFog(const FrameContext& context, Canvas& canvas) {
  if (context.fog <= 0.0f) return;
  const Rgb grey = fogColour(context);
  const View& view = context.view;
  for (int py = 0; py < canvas.height; ++py) {
    const float t = view.tAt(py);
    // Thickest along the horizon (far away), thinner up the sky and near the camera.
    const float distance = std::fabs(t - kHorizonT);
    const float density = 0.92f - 0.5f * smoothstep(0.0f, 0.5f, distance);
    const float amount = context.fog * density;
    Rgb* row = &canvas.at(0, py);
    for (int px = 0; px < canvas.width; ++px) row[px] = lerp(row[px], grey, amount);
  }
}

void applyPrecipitation(const FrameContext& context, Canvas& canvas) {
  if (context.rain <= 0.0f && context.snow <= 0.0f) return;
  const float light = 0.35f + 0.65f * luminance(context.tint);
  const Rgb haze = Rgb{0.85f, 0.87f, 0.92f} * light;
  // Overcast first: rain greys and darkens the scene, snow hazes it, so the weather reads
  // even where streaks and flakes are too fine to see.
  const float grey_amount = 0.4f * context.rain;
  const float darkening = 1.0f - 0.2f * context.rain;
  const float haze_amount = 0.15f * context.snow;
  for (Rgb& pixel : canvas.pixels) {
    const float grey = luminance(pixel);
    pixel = lerp(pixel, Rgb{grey, grey, grey}, grey_amount) * darkening;
    pixel = lerp(pixel, haze, haze_amount);
  }
  if (context.rain > 0.0f) {
    const Rgb rain_colour = Rgb{0.80f, 0.84f, 0.92f} * light;
    for (int i = 0; i < 2; ++i) {
      drawRain(kRainLayers[static_cast<std::size_t>(i)], i, context, rain_colour, canvas);
    }
  }
  if (context.snow > 0.0f) {
    const Rgb snow_colour = Rgb{0.97f, 0.98f, 1.0f} * (0.55f + 0.45f * light);
    for (int i = 0; i < 2; ++i) {
      drawSnow(kSnowLayers[static_cast<std::size_t>(i)], i, context, snow_colour, canvas);
    }
  }
}

}  // namespace liveframe::sketch::world_detail
