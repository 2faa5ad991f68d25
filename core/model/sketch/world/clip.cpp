#include "world/clip.h"

#include <algorithm>

namespace liveframe::sketch {

namespace {

Subject randomSubject(Rng& rng) {
  Subject subject;
  subject.shape = rng.pick<Shape>();
  subject.colour = rng.pick<Colour>();
  subject.motion = rng.pick<Motion>();
  return subject;
}

// A value of E other than `current`, uniformly.
template <typename E>
E otherValue(E current, Rng& rng) {
  const int offset = 1 + rng.below(kValueCount<E> - 1);
  return static_cast<E>((static_cast<int>(current) + offset) % kValueCount<E>);
}

enum class Change { kSky, kWeather, kColour, kPresence, kScenery };

Change pickChange(Rng& rng) {
  const int roll = rng.below(100);  // sky 30, weather 25, colour 20, presence 20, scenery 5
  if (roll < 30) return Change::kSky;
  if (roll < 55) return Change::kWeather;
  if (roll < 75) return Change::kColour;
  if (roll < 95) return Change::kPresence;
  return Change::kScenery;
}

void applyChange(Change change, Scene& scene, Rng& rng) {
  if (change == Change::kColour && scene.subjects.empty()) change = Change::kPresence;
  switch (change) {
    case Change::kSky:
      scene.sky = otherValue(scene.sky, rng);
      break;
    case Change::kWeather:
      scene.weather = otherValue(scene.weather, rng);
      break;
    case Change::kScenery:
      scene.scenery = otherValue(scene.scenery, rng);
      break;
    case Change::kColour: {
      Subject& subject = scene.subjects[static_cast<std::size_t>(
          rng.below(static_cast<int>(scene.subjects.size())))];
      subject.colour = otherValue(subject.colour, rng);
      break;
    }
    case Change::kPresence: {
      const auto count = static_cast<int>(scene.subjects.size());
      const bool add = count == 0 || (count < kMaxSubjects && rng.chance(0.5));
      if (add) {
        scene.subjects.push_back(randomSubject(rng));
      } else {
        scene.subjects.erase(scene.subjects.begin() + rng.below(count));
      }
      break;
    }
  }
}

std::vector<SceneChange> planChanges(const Scene& initial, int frames, Rng& rng) {
  std::vector<SceneChange> changes;
  if (!rng.chance(0.5)) return changes;
  const int count = rng.chance(0.35) ? 2 : 1;
  Scene scene = initial;
  int earliest = std::max(4, frames / 8);
  for (int i = 0; i < count; ++i) {
    SceneChange change;
    change.transition_frames = rng.range(12, 36);
    const int latest = frames - change.transition_frames - 2;
    if (earliest > latest) break;
    change.frame = rng.range(earliest, std::min(latest, earliest + frames / 3));
    const Change first = pickChange(rng);
    applyChange(first, scene, rng);
    if (rng.chance(0.3)) {
      Change second = pickChange(rng);
      if (second == first && second != Change::kPresence) second = Change::kWeather;
      if (second == first) second = Change::kSky;
      applyChange(second, scene, rng);
    }
    change.scene = scene;
    change.caption = caption(scene, rng);
    earliest = change.frame + change.transition_frames + 4;
    changes.push_back(std::move(change));
  }
  return changes;
}

std::vector<ActionSegment> planActions(int frames, Rng& rng) {
  std::vector<ActionSegment> segments;
  if (!rng.chance(0.3)) return segments;
  constexpr std::array<unsigned, 6> kChoices = {kActionPanLeft,
                                                kActionPanRight,
                                                kActionZoomIn,
                                                kActionZoomOut,
                                                kActionPanLeft | kActionZoomIn,
                                                kActionPanRight | kActionZoomOut};
  const int count = rng.chance(0.3) ? 2 : 1;
  int earliest = 0;
  for (int i = 0; i < count; ++i) {
    ActionSegment segment;
    segment.frame_count = std::min(rng.range(12, 48), frames - earliest);
    if (segment.frame_count < 6) break;
    segment.first_frame = rng.range(earliest, frames - segment.frame_count);
    segment.actions = rng.below(10) < 8 ? kChoices[static_cast<std::size_t>(rng.below(4))]
                                        : kChoices[static_cast<std::size_t>(4 + rng.below(2))];
    earliest = segment.first_frame + segment.frame_count + 6;
    segments.push_back(segment);
    if (earliest >= frames) break;
  }
  return segments;
}

}  // namespace

Scene randomScene(Rng& rng) {
  Scene scene;
  scene.sky = rng.pick<Sky>();
  scene.scenery = rng.pick<Scenery>();
  scene.weather = rng.chance(0.4) ? Weather::kClear : static_cast<Weather>(1 + rng.below(3));
  const int roll = rng.below(10);
  const int count = roll < 2 ? 0 : (roll < 7 ? 1 : 2);
  for (int i = 0; i < count; ++i) scene.subjects.push_back(randomSubject(rng));
  scene.camera = rng.chance(0.55) ? CameraMove::kStatic : static_cast<CameraMove>(1 + rng.below(4));
  return scene;
}

Scene sceneFromPrompt(const ParsedPrompt& prompt, Rng& rng) {
  Scene scene = randomScene(rng);
  if (prompt.sky) scene.sky = *prompt.sky;
  if (prompt.scenery) scene.scenery = *prompt.scenery;
  if (prompt.weather) scene.weather = *prompt.weather;
  if (prompt.camera) scene.camera = *prompt.camera;
  if (prompt.no_subjects) scene.subjects.clear();
  if (!prompt.subjects.empty()) {
    scene.subjects.clear();
    const std::size_t count =
        std::min(prompt.subjects.size(), static_cast<std::size_t>(kMaxSubjects));
    for (std::size_t i = 0; i < count; ++i) {
      const ParsedSubject& said = prompt.subjects[i];
      Subject subject = randomSubject(rng);
      if (said.shape) subject.shape = *said.shape;
      if (said.colour) subject.colour = *said.colour;
      if (said.motion) subject.motion = *said.motion;
      scene.subjects.push_back(subject);
    }
  }
  return scene;
}

ClipSpec planClip(std::uint64_t seed, int frames, int width, int height) {
  Rng rng(seed);
  ClipSpec spec;
  spec.seed = seed;
  spec.frames = std::max(1, frames);
  spec.width = width;
  spec.height = height;
  spec.initial_scene = randomScene(rng);
  spec.initial_caption = caption(spec.initial_scene, rng);
  spec.changes = planChanges(spec.initial_scene, spec.frames, rng);
  spec.actions = planActions(spec.frames, rng);
  return spec;
}

Clip renderClip(const ClipSpec& spec) {
  Clip clip;
  clip.width = spec.width;
  clip.height = spec.height;
  clip.frame_count = spec.frames;
  const std::size_t frame_bytes =
      static_cast<std::size_t>(spec.width) * static_cast<std::size_t>(spec.height) * 3;
  clip.pixels.resize(frame_bytes * static_cast<std::size_t>(spec.frames));
  World world(mixSeed(spec.seed, 1), spec.initial_scene);
  std::string current_caption = spec.initial_caption;
  for (int frame = 0; frame < spec.frames; ++frame) {
    if (frame > 0) world.advance();
    for (const SceneChange& change : spec.changes) {
      if (change.frame != frame) continue;
      world.setScene(change.scene, change.transition_frames);
      current_caption = change.caption;
    }
    unsigned actions = 0;
    for (const ActionSegment& segment : spec.actions) {
      if (frame >= segment.first_frame && frame < segment.first_frame + segment.frame_count) {
        actions |= segment.actions;
      }
    }
    world.setActions(actions);
    world.render(clip.pixels.data() + frame_bytes * static_cast<std::size_t>(frame), spec.width,
                 spec.height);
    clip.labels.push_back(world.labels());
    clip.captions.push_back(current_caption);
    clip.actions.push_back(actions);
  }
  return clip;
}

Clip generateClip(std::uint64_t seed, int frames, int width, int height) {
  return renderClip(planClip(seed, frames, width, height));
}

}  // namespace liveframe::sketch
