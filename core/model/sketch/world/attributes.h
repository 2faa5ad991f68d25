// The attributes of the sketch world: what a scene can show, and the names captions and
// labels use for them. Plain values; no rendering, no randomness.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace liveframe::sketch {

enum class Sky : std::uint8_t { kDawn, kDay, kSunset, kNight, kAurora };
enum class Scenery : std::uint8_t { kOcean, kDesert, kMeadow, kSnowyHills, kCity };
enum class Weather : std::uint8_t { kClear, kRain, kSnow, kFog };
enum class Shape : std::uint8_t { kBall, kCube, kPyramid, kRing, kStar };
enum class Colour : std::uint8_t { kRed, kOrange, kYellow, kGreen, kBlue, kPurple, kWhite };
enum class Motion : std::uint8_t { kBouncing, kDriftingLeft, kDriftingRight, kSpinning, kRising };
// Sign convention (like a real camera): kPanLeft turns the camera to the left, so the content
// slides to the RIGHT on screen; kPanRight slides it to the left. kZoomIn magnifies.
enum class CameraMove : std::uint8_t { kStatic, kPanLeft, kPanRight, kZoomIn, kZoomOut };

// Number of values of each attribute enum: kValueCount<Sky> == 5.
template <typename E>
inline constexpr int kValueCount = 0;
template <>
inline constexpr int kValueCount<Sky> = 5;
template <>
inline constexpr int kValueCount<Scenery> = 5;
template <>
inline constexpr int kValueCount<Weather> = 4;
template <>
inline constexpr int kValueCount<Shape> = 5;
template <>
inline constexpr int kValueCount<Colour> = 7;
template <>
inline constexpr int kValueCount<Motion> = 5;
template <>
inline constexpr int kValueCount<CameraMove> = 5;

// Every value of E in declaration order, for loops in tests and generators.
template <typename E>
constexpr std::array<E, kValueCount<E>> allValues() {
  std::array<E, kValueCount<E>> values{};
  for (int i = 0; i < kValueCount<E>; ++i) values[static_cast<std::size_t>(i)] = static_cast<E>(i);
  return values;
}

// Canonical lower-case names: "sunset", "snowy hills", "drifting left", "pan left".
std::string_view name(Sky sky);
std::string_view name(Scenery scenery);
std::string_view name(Weather weather);
std::string_view name(Shape shape);
std::string_view name(Colour colour);
std::string_view name(Motion motion);
std::string_view name(CameraMove camera);

// The inverse of name() for canonical names only (captions have synonyms: see caption.h).
template <typename E>
std::optional<E> valueFromName(std::string_view text) {
  for (E value : allValues<E>()) {
    if (name(value) == text) return value;
  }
  return std::nullopt;
}

inline constexpr int kMaxSubjects = 2;

struct Subject {
  Shape shape = Shape::kBall;
  Colour colour = Colour::kRed;
  Motion motion = Motion::kBouncing;

  bool operator==(const Subject&) const = default;
};

struct Scene {
  Sky sky = Sky::kDay;
  Scenery scenery = Scenery::kMeadow;
  Weather weather = Weather::kClear;
  std::vector<Subject> subjects;  // 0..kMaxSubjects, drawn in this order (later on top)
  CameraMove camera = CameraMove::kStatic;

  bool operator==(const Scene&) const = default;
};

// "sky=sunset scenery=ocean weather=rain subjects=[red ball bouncing] camera=static", for
// logs and test failure messages.
std::string describe(const Scene& scene);

// Camera actions (arrow keys), OR-ed into the `actions` bit set of World::setActions.
inline constexpr unsigned kActionPanLeft = 1u;
inline constexpr unsigned kActionPanRight = 2u;
inline constexpr unsigned kActionZoomIn = 4u;
inline constexpr unsigned kActionZoomOut = 8u;
inline constexpr unsigned kAllActions = 15u;

inline constexpr int kFramesPerSecond = 24;

}  // namespace liveframe::sketch
