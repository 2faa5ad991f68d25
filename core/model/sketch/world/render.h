// Internal to world/: the data the render passes share (sky.cpp, scenery.cpp, subjects.cpp,
// weather.cpp) and the passes themselves. World::render() builds a FrameContext, then runs
// background -> fog -> subjects -> precipitation into a float canvas and quantizes it.
//
// Coordinates. The "camera plane" has its origin at the frame centre, x (called s) to the
// right and t DOWNWARD, in units of the frame height at zoom 1: a square frame at zoom 1
// spans s, t in [-0.5, 0.5]. Zoom z > 1 magnifies: pixel (px, py) sees camera-plane point
// ((px + 0.5 - width / 2) / (height * z), (py + 0.5 - height / 2) / (height * z)).
// A layer with parallax k sees x = s + pan * k: panning right (pan grows) slides content
// left on screen, far layers (small k) slowest.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "world/attributes.h"
#include "world/render_math.h"

namespace liveframe::sketch::world_detail {

inline constexpr float kHorizonT = 0.08f;     // the horizon sits a little below the centre
inline constexpr double kWorldPeriod = 16.0;  // every horizontal feature repeats with this
inline constexpr float kSkyParallax = 0.15f;
inline constexpr float kFarParallax = 0.3f;
inline constexpr float kNearParallax = 0.6f;
inline constexpr float kSubjectParallax = 0.8f;
// The ground is a perspective plane: a ground point at depth d below the horizon moves by
// pan * kGroundParallax * d on screen (about 1.0 at the bottom of the frame).
inline constexpr float kGroundParallax = 2.4f;
inline constexpr double kAnimationPeriodS = 1200.0;  // animation clocks wrap (precision)

struct View {
  int width = 0;
  int height = 0;
  float zoom = 1.0f;
  double pan = 0.0;
  float pixel = 0.0f;  // one pixel in camera-plane units
  float s0 = 0.0f;     // camera-plane s of column 0's centre
  float t0 = 0.0f;     // camera-plane t of row 0's centre

  View() = default;
  View(int width_px, int height_px, float zoom_factor, double pan_amount);
  float sAt(int px) const { return s0 + static_cast<float>(px) * pixel; }
  float tAt(int py) const { return t0 + static_cast<float>(py) * pixel; }
  // x seen by a layer with parallax k at column px, kept in [-1, kWorldPeriod + 1).
  float layerOffset(float parallax) const { return wrap(pan * parallax, kWorldPeriod); }
};

// ---- sky.cpp -------------------------------------------------------------------------------
struct SkyStyle {
  Rgb zenith, middle, horizon;  // gradient stops, top to horizon
  Rgb light_tint;               // multiplies scenery colours at this time of day
  float stars = 0.0f;           // star visibility 0..1
  float aurora = 0.0f;          // aurora band strength 0..1
  Rgb sun_colour;               // sun by day, moon by night
  float sun_radius = 0.0f;      // 0: no disc
  float sun_t = 0.0f;
  float glow_radius = 0.0f;
  float glow_strength = 0.0f;
  float reflection = 0.0f;    // glitter of the sun/moon on the ocean
  float window_light = 0.0f;  // fraction of city windows lit
};
const SkyStyle& skyStyle(Sky sky);
Rgb skyGradient(const SkyStyle& style, float t);
// Camera-plane x of the sun/moon of this sky (it sits on the sky layer, seeded).
float sunS(Sky sky, const View& view, std::uint32_t seed);

struct SkyFrame {
  Sky sky = Sky::kDay;
  const SkyStyle* style = nullptr;
  float sun_s = 0.0f;
  float time_s = 0.0f;
  std::uint32_t seed = 0;
  float overcast = 0.0f;          // 0..1: rain, snow or fog hide the sun, moon and stars
  std::vector<float> layer_x;     // per column: x on the sky layer
  std::vector<int> star_slot;     // per column: index into star_row
  std::vector<float> star_local;  // per column: x within its star grid cell
  int star_first_cell = 0;        // unwrapped star grid column of slot 0
  struct StarCell {
    bool exists = false;
    float x = 0.0f, y = 0.0f;  // position in the cell
    float brightness = 0.0f, rate = 0.0f, phase = 0.0f;
  };
  std::vector<StarCell> star_row;  // the stars of one grid row, per slot
  int star_row_y = 0;              // which grid row star_row holds
  bool star_row_valid = false;
  std::vector<float> aurora_low;  // per column: t of the lower band's bright edge
  std::vector<float> aurora_high;
  std::vector<float> aurora_rays;  // per column: curtain ray brightness 0..1
};
void prepareSky(Sky sky, const View& view, float time_s, std::uint32_t seed, SkyFrame& out);
// Readies the per-row star table for camera-plane row t (cheap when the grid row is unchanged).
void prepareSkyRow(SkyFrame& frame, float t);
// The sky colour at column px (with t = view.tAt(row)) given the row's gradient colour.
Rgb skyPixel(const SkyFrame& frame, const View& view, int px, float t, Rgb gradient);

// ---- scenery.cpp ---------------------------------------------------------------------------
// One silhouette layer (far hills, near dunes, buildings) at one column.
struct LayerColumn {
  float top_t = kHorizonT;  // the layer covers kHorizon > t >= top_t (t grows downward)
  float x = 0.0f;           // layer x
  float shade = 1.0f;       // slope or building tone
  float local_x = 0.0f;     // city: x from the building's left edge (window grid)
  std::uint32_t id = 0;     // city: building hash
};
struct SceneryFrame {
  Scenery scenery = Scenery::kMeadow;
  std::vector<LayerColumn> far, near;
  float ground_offset = 0.0f;  // ground texture x offset from the pan
};
void prepareScenery(Scenery scenery, const View& view, std::uint32_t seed, SceneryFrame& out);

struct Reflection {  // the sun's or moon's glitter column on water
  float s = 0.0f;
  float radius = 0.0f;
  Rgb colour;
  float strength = 0.0f;
};

struct FrameContext {
  View view;
  float time_s = 0.0f;
  std::uint32_t seed = 0;
  std::array<SkyFrame*, 2> sky{};  // [1] only while crossfading
  float sky_mix = 0.0f;
  std::array<const SceneryFrame*, 2> scenery{};
  float scenery_mix = 0.0f;
  Rgb tint{1.0f, 1.0f, 1.0f};
  Rgb sky_horizon;
  float window_light = 0.0f;
  std::array<Reflection, 2> reflections{};
  float rain = 0.0f;
  float snow = 0.0f;
  float fog = 0.0f;
};

struct Canvas {
  int width = 0;
  int height = 0;
  std::vector<Rgb> pixels;  // row-major
  Rgb& at(int x, int y) { return pixels[static_cast<std::size_t>(y) * width + x]; }
};

void renderBackground(const FrameContext& context, Canvas& canvas);

// ---- weather.cpp ---------------------------------------------------------------------------
Rgb fogColour(const FrameContext& context);
void applyFog(const FrameContext& context, Canvas& canvas);
void applyPrecipitation(const FrameContext& context, Canvas& canvas);

// ---- subjects.cpp --------------------------------------------------------------------------
Rgb subjectColour(Colour colour);

struct SubjectInstance {
  Shape shape = Shape::kBall;
  Rgb colour;
  float alpha = 1.0f;
  float s = 0.0f;  // centre, camera plane
  float t = 0.0f;
  float radius = 0.1f;
  float spin = 0.0f;  // radians: in-plane for the star, about the vertical axis otherwise
  float squash_x = 1.0f;
  float squash_y = 1.0f;
  float shadow = 0.0f;  // 0: none; else the shadow's opacity (bouncing subjects)
  float shadow_t = 0.0f;
  float shadow_scale = 1.0f;
};
void drawSubject(const FrameContext& context, const SubjectInstance& subject, Canvas& canvas);

}  // namespace liveframe::sketch::world_detail
