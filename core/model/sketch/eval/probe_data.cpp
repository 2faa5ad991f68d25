#include "sketch/eval/probe_data.h"

#include <algorithm>
#include <stdexcept>

#include "world/clip.h"
#include "world/rng.h"

namespace liveframe::sketch {
namespace {

constexpr std::uint64_t kProbeSeedStream = 0x70726F6265ull;  // "probe": apart from clip seeds
constexpr int kMaxWarmupFrames = 120;       // 5 s: subjects bounce, drift and wrap; cameras move
constexpr double kTransitionChance = 0.15;  // frames a stream shows around a prompt switch
constexpr double kActionChance = 0.15;
constexpr double kAddSubjectChance = 0.75;

template <typename E>
std::string enumClassName(int class_index) {
  if (class_index == kValueCount<E>) return "none";
  return std::string(name(static_cast<E>(class_index)));
}

float visibleArea(const SubjectLabel& subject) {
  const float left = std::max(subject.centre_x - subject.radius, 0.0f);
  const float right = std::min(subject.centre_x + subject.radius, 1.0f);
  const float top = std::max(subject.centre_y - subject.radius, 0.0f);
  const float bottom = std::min(subject.centre_y + subject.radius, 1.0f);
  return std::max(0.0f, right - left) * std::max(0.0f, bottom - top);
}

}  // namespace

std::string_view name(ProbeHead head) {
  switch (head) {
    case ProbeHead::kSky:
      return "sky";
    case ProbeHead::kScenery:
      return "scenery";
    case ProbeHead::kWeather:
      return "weather";
    case ProbeHead::kColour:
      return "colour";
    case ProbeHead::kShape:
      return "shape";
  }
  return "?";
}

int classCount(ProbeHead head) {
  switch (head) {
    case ProbeHead::kSky:
      return kValueCount<Sky>;
    case ProbeHead::kScenery:
      return kValueCount<Scenery>;
    case ProbeHead::kWeather:
      return kValueCount<Weather>;
    case ProbeHead::kColour:
      return kValueCount<Colour> + 1;
    case ProbeHead::kShape:
      return kValueCount<Shape> + 1;
  }
  return 0;
}

int noneClass(ProbeHead head) {
  if (head == ProbeHead::kColour) return kValueCount<Colour>;
  if (head == ProbeHead::kShape) return kValueCount<Shape>;
  return -1;
}

std::string className(ProbeHead head, int class_index) {
  switch (head) {
    case ProbeHead::kSky:
      return enumClassName<Sky>(class_index);
    case ProbeHead::kScenery:
      return enumClassName<Scenery>(class_index);
    case ProbeHead::kWeather:
      return enumClassName<Weather>(class_index);
    case ProbeHead::kColour:
      return enumClassName<Colour>(class_index);
    case ProbeHead::kShape:
      return enumClassName<Shape>(class_index);
  }
  return "?";
}

std::optional<Colour> ProbeLabels::colour() const {
  const int value = (*this)[ProbeHead::kColour];
  if (value == noneClass(ProbeHead::kColour)) return std::nullopt;
  return static_cast<Colour>(value);
}

std::optional<Shape> ProbeLabels::shape() const {
  const int value = (*this)[ProbeHead::kShape];
  if (value == noneClass(ProbeHead::kShape)) return std::nullopt;
  return static_cast<Shape>(value);
}

bool ProbeLabels::accepts(ProbeHead head, int predicted) const {
  if (predicted == (*this)[head]) return true;
  if (head == ProbeHead::kColour) return predicted == near_colour;
  if (head == ProbeHead::kShape) return predicted == near_shape;
  return false;
}

ProbeLabels probeLabels(const FrameLabels& labels) {
  ProbeLabels out;
  out[ProbeHead::kSky] = static_cast<int>(labels.sky);
  out[ProbeHead::kScenery] = static_cast<int>(labels.scenery);
  out[ProbeHead::kWeather] = static_cast<int>(labels.weather);
  out[ProbeHead::kColour] = noneClass(ProbeHead::kColour);
  out[ProbeHead::kShape] = noneClass(ProbeHead::kShape);
  const SubjectLabel* largest = nullptr;
  for (const SubjectLabel& subject : labels.subjects) {
    if (!largest || visibleArea(subject) > visibleArea(*largest)) largest = &subject;
  }
  if (!largest) return out;
  out[ProbeHead::kColour] = static_cast<int>(largest->subject.colour);
  out[ProbeHead::kShape] = static_cast<int>(largest->subject.shape);
  out.subject_x = largest->centre_x;
  out.subject_y = largest->centre_y;
  for (const SubjectLabel& subject : labels.subjects) {
    if (&subject == largest || visibleArea(subject) < kNearlyAsLarge * visibleArea(*largest)) {
      continue;
    }
    out.near_colour = static_cast<int>(subject.subject.colour);
    out.near_shape = static_cast<int>(subject.subject.shape);
    out.near_x = subject.centre_x;
    out.near_y = subject.centre_y;
  }
  return out;
}

void downsampleForProbe(const std::uint8_t* rgb, int width, int height, float* planar) {
  if (width < kProbeImageSize || height < kProbeImageSize) {
    throw std::invalid_argument("the probe needs frames of at least 64x64 pixels");
  }
  constexpr int kSize = kProbeImageSize;
  constexpr int kPlane = kSize * kSize;
  for (int oy = 0; oy < kSize; ++oy) {
    const int y0 = oy * height / kSize, y1 = (oy + 1) * height / kSize;
    for (int ox = 0; ox < kSize; ++ox) {
      const int x0 = ox * width / kSize, x1 = (ox + 1) * width / kSize;
      std::array<int, 3> sum{};
      for (int y = y0; y < y1; ++y) {
        const std::uint8_t* row = rgb + (static_cast<std::size_t>(y) * width + x0) * 3;
        for (int x = x0; x < x1; ++x, row += 3) {
          sum[0] += row[0];
          sum[1] += row[1];
          sum[2] += row[2];
        }
      }
      const float scale = 1.0f / (255.0f * static_cast<float>((y1 - y0) * (x1 - x0)));
      for (int c = 0; c < 3; ++c) planar[c * kPlane + oy * kSize + ox] = sum[c] * scale;
    }
  }
}

void renderProbeSample(ProbeSplit split, std::uint64_t index,
                       std::vector<std::uint8_t>& rgb_scratch, float* planar, ProbeLabels& labels,
                       FrameLabels* world_labels, const FrameFilter& filter) {
  const std::uint64_t seed = 2 * index + (split == ProbeSplit::kHeldOut ? 1 : 0);
  Rng rng(mixSeed(seed, kProbeSeedStream));
  Scene scene = randomScene(rng);
  // Subjects are what the probe finds hardest; scenes without one are rarer than in training
  // clips (5% instead of 20%) so more frames teach them.
  if (scene.subjects.empty() && rng.chance(kAddSubjectChance)) {
    scene.subjects.push_back({rng.pick<Shape>(), rng.pick<Colour>(), rng.pick<Motion>()});
  }
  World world(seed, scene);
  if (rng.chance(kActionChance)) {
    world.setActions(static_cast<unsigned>(1 + rng.below(static_cast<int>(kAllActions))));
  }
  const int warmup_frames = rng.range(0, kMaxWarmupFrames);
  for (int i = 0; i < warmup_frames; ++i) world.advance();
  if (rng.chance(kTransitionChance)) {
    // A prompt switch: the frame lands anywhere in the transition or just after it.
    const int transition_frames = rng.range(12, 36);
    world.setScene(randomScene(rng), transition_frames);
    const int shown = rng.range(1, transition_frames + 6);
    for (int i = 0; i < shown; ++i) world.advance();
  }
  rgb_scratch.resize(static_cast<std::size_t>(kProbeRenderSize) * kProbeRenderSize * 3);
  world.render(rgb_scratch.data(), kProbeRenderSize, kProbeRenderSize);
  if (filter) filter(rgb_scratch.data(), kProbeRenderSize, kProbeRenderSize);
  downsampleForProbe(rgb_scratch.data(), kProbeRenderSize, kProbeRenderSize, planar);
  const FrameLabels all = world.labels();
  labels = probeLabels(all);
  if (world_labels) *world_labels = all;
}

}  // namespace liveframe::sketch
