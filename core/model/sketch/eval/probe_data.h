// Labelled frames for the probe classifier that evaluates the built-in model: what the probe
// predicts (one class per head), how a frame is reduced to the probe's input, and the world
// frames it is trained and tested on. No libtorch here, so measurement code and tests can use it.
// Thread-safety: every function here may run on any thread (no shared mutable state).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "world/attributes.h"
#include "world/world.h"

namespace liveframe::sketch {

// The probe sees 64x64 frames: enough for sky, scenery, weather and a subject (whose radius is
// 4-13 pixels at this size) while a CNN over it trains in minutes on one core.
inline constexpr int kProbeImageSize = 64;
inline constexpr int kProbeRenderSize = 256;  // what the model outputs; training frames match
inline constexpr int kProbePixels = 3 * kProbeImageSize * kProbeImageSize;

// The probe's heads. The subject heads describe the largest visible subject and have one
// class more than the attribute, "none", for frames without a visible subject.
enum class ProbeHead : int { kSky, kScenery, kWeather, kColour, kShape };
inline constexpr int kProbeHeadCount = 5;
inline constexpr std::array<ProbeHead, kProbeHeadCount> kProbeHeads = {
    ProbeHead::kSky, ProbeHead::kScenery, ProbeHead::kWeather, ProbeHead::kColour,
    ProbeHead::kShape};

std::string_view name(ProbeHead head);  // "sky", "scenery", "weather", "colour", "shape"
int classCount(ProbeHead head);         // 5, 5, 4, 8, 6
int noneClass(ProbeHead head);          // the "none" class of a subject head; -1 for the others
std::string className(ProbeHead head, int class_index);  // "sunset", ..., "none"

// One class index per head, and where the largest subject is.
struct ProbeLabels {
  std::array<int, kProbeHeadCount> classes{};
  // Centre of the largest visible subject in fractions of the frame (0,0 = top left); -1 when
  // there is none. The probe finds it first and reads colour and shape from a crop around it.
  float subject_x = -1.0f, subject_y = -1.0f;
  // Another visible subject nearly as large (kNearlyAsLarge): no eye can tell which of the two
  // is larger, so its colour, shape and place count as right too. -1 when there is none.
  int near_colour = -1, near_shape = -1;
  float near_x = -1.0f, near_y = -1.0f;

  int operator[](ProbeHead head) const { return classes[static_cast<std::size_t>(head)]; }
  int& operator[](ProbeHead head) { return classes[static_cast<std::size_t>(head)]; }
  Sky sky() const { return static_cast<Sky>((*this)[ProbeHead::kSky]); }
  Scenery scenery() const { return static_cast<Scenery>((*this)[ProbeHead::kScenery]); }
  Weather weather() const { return static_cast<Weather>((*this)[ProbeHead::kWeather]); }
  std::optional<Colour> colour() const;  // empty: no visible subject
  std::optional<Shape> shape() const;
  // Whether `predicted` is a right answer for `head` (the class, or the near subject's).
  bool accepts(ProbeHead head, int predicted) const;
  bool operator==(const ProbeLabels&) const = default;
};

// Visible area ratio above which two subjects count as equally large: their radii then differ
// by under 11% (about one pixel at the probe's size).
inline constexpr float kNearlyAsLarge = 0.8f;

// The probe's targets for a world frame. "Largest" is by the visible part of the subject's
// bounding square (clipped to the frame), since that is what the pixels show; a second subject
// with at least kNearlyAsLarge of that area is the near one.
ProbeLabels probeLabels(const FrameLabels& labels);

// Area average of an RGB8 frame (any size >= 64x64) to 64x64, channel-planar floats in [0, 1]:
// writes kProbePixels values to `planar`.
void downsampleForProbe(const std::uint8_t* rgb, int width, int height, float* planar);

// Training and held-out frames come from disjoint world seeds (even and odd), so held-out
// accuracy is measured on scenes the probe never saw.
enum class ProbeSplit { kTraining, kHeldOut };

// Frame `index` of a split: a random scene (randomScene), shown after a random number of
// frames so subject motion and the camera vary; some frames are mid-way through a transition
// to another scene or under a held camera action. Rendered at 256x256, then downsampled.
// `rgb_scratch` is reused between calls; `world_labels`, when given, receives all the labels.
// `filter`, when given, changes the rendered RGB frame before it is downsampled (e.g. an
// autoencoder round trip: what the probe would read if a model drew the world perfectly).
using FrameFilter = std::function<void(std::uint8_t* rgb, int width, int height)>;
void renderProbeSample(ProbeSplit split, std::uint64_t index,
                       std::vector<std::uint8_t>& rgb_scratch, float* planar, ProbeLabels& labels,
                       FrameLabels* world_labels = nullptr, const FrameFilter& filter = {});

}  // namespace liveframe::sketch
