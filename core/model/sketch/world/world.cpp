// World state: transitions, subject slots and their motion, labels, and the render pipeline
// (background -> fog -> subjects -> rain/snow -> 8-bit sRGB).
#include "world/world.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "world/render.h"
#include "world/rng.h"

namespace liveframe::sketch {

namespace world_detail {
struct RenderScratch {
  Canvas canvas;
  std::array<SkyFrame, 2> sky;
  std::array<SceneryFrame, 2> scenery;
};

View::View(int width_px, int height_px, float zoom_factor, double pan_amount)
    : width(width_px), height(height_px), zoom(zoom_factor), pan(pan_amount) {
  pixel = 1.0f / (static_cast<float>(height) * zoom);
  s0 = (0.5f - 0.5f * static_cast<float>(width)) * pixel;
  t0 = (0.5f - 0.5f * static_cast<float>(height)) * pixel;
}
}  // namespace world_detail

using world_detail::Rgb;

namespace {

constexpr float kFrameSeconds = 1.0f / kFramesPerSecond;
constexpr float kSpawnRadius = 0.11f;
constexpr float kDriftSpeed = 0.16f;  // camera-plane units per second
constexpr float kRiseSpeed = 0.13f;
constexpr float kBounceHeight = 0.24f;  // apex above the contact point
constexpr float kSpinRate = 1.7f;       // radians per second
constexpr float kWrapMargin = 1.3f;     // radii beyond the frame edge before wrapping

Rgb toRgb(const std::array<float, 3>& c) { return {c[0], c[1], c[2]}; }
std::array<float, 3> toArray(Rgb c) { return {c.r, c.g, c.b}; }

// Wraps x into [-half, half]: a subject leaving one side re-enters from the other.
float wrapInto(float x, float half) {
  const float span = 2.0f * half;
  return x - span * std::floor((x + half) / span);
}

float restAngle(Shape shape) {
  switch (shape) {
    case Shape::kCube:
      return 0.6f;
    case Shape::kPyramid:
      return 0.5f;
    case Shape::kBall:
      return 0.7f;
    case Shape::kRing:
    case Shape::kStar:
      return 0.0f;
  }
  return 0.0f;
}

Scene clampSubjects(Scene scene) {
  if (scene.subjects.size() > static_cast<std::size_t>(kMaxSubjects)) {
    scene.subjects.resize(static_cast<std::size_t>(kMaxSubjects));
  }
  return scene;
}

}  // namespace

struct World::SubjectPose {
  float s = 0.0f;
  float t = 0.0f;
  float spin = 0.0f;
  float squash_x = 1.0f;
  float squash_y = 1.0f;
  float shadow = 0.0f;
  float shadow_t = 0.0f;
  float shadow_scale = 1.0f;
};

World::World(std::uint64_t seed, const Scene& scene)
    : seed_(seed),
      target_(clampSubjects(scene)),
      sky_from_(target_.sky),
      scenery_from_(target_.scenery),
      camera_(target_.camera),
      scratch_(std::make_unique<world_detail::RenderScratch>()) {
  weather_start_[static_cast<std::size_t>(target_.weather)] = 1.0f;
  const int count = static_cast<int>(target_.subjects.size());
  for (int i = 0; i < count; ++i) {
    SubjectSlot& slot = spawn(i, count, target_.subjects[static_cast<std::size_t>(i)]);
    slot.alpha_start = 1.0f;
  }
}

World::~World() = default;
World::World(World&&) noexcept = default;
World& World::operator=(World&&) noexcept = default;

float World::transitionProgress() const {
  if (transition_frames_ <= 0) return 1.0f;
  return static_cast<float>(transition_done_) / static_cast<float>(transition_frames_);
}

float World::weatherAmount(Weather weather) const {
  const float end = target_.weather == weather ? 1.0f : 0.0f;
  return world_detail::lerp(weather_start_[static_cast<std::size_t>(weather)], end,
                            transitionProgress());
}

float World::slotAlpha(const SubjectSlot& slot) const {
  return world_detail::lerp(slot.alpha_start, slot.alpha_end, transitionProgress());
}

std::array<float, 3> World::slotColour(const SubjectSlot& slot) const {
  return toArray(world_detail::lerp(toRgb(slot.colour_start),
                                    world_detail::subjectColour(slot.subject.colour),
                                    transitionProgress()));
}

void World::setScene(const Scene& target, int transition_frames) {
  beginTransition(std::max(0, transition_frames));
  target_ = clampSubjects(target);
  matchSubjects(target_);
  if (transition_frames_ == 0) finishTransition();
}

void World::setActions(unsigned actions) { actions_ = actions & kAllActions; }

// Freezes the current look as the transition's starting point.
void World::beginTransition(int transition_frames) {
  const float progress = transitionProgress();
  for (Weather weather : allValues<Weather>()) {
    weather_start_[static_cast<std::size_t>(weather)] = weatherAmount(weather);
  }
  if (progress >= 0.5f) {
    sky_from_ = target_.sky;
    scenery_from_ = target_.scenery;
  }
  for (SubjectSlot& slot : slots_) {
    if (!slot.used) continue;
    slot.alpha_start = slotAlpha(slot);
    slot.colour_start = slotColour(slot);
    if (progress >= 0.5f) slot.colour_from = slot.subject.colour;
  }
  transition_frames_ = transition_frames;
  transition_done_ = 0;
}

void World::finishTransition() {
  for (SubjectSlot& slot : slots_) {
    if (!slot.used) continue;
    if (slot.alpha_end <= 0.0f) {
      slot = SubjectSlot{};
      continue;
    }
    slot.alpha_start = slot.alpha_end;
    slot.colour_start = toArray(world_detail::subjectColour(slot.subject.colour));
    slot.colour_from = slot.subject.colour;
  }
  sky_from_ = target_.sky;
  scenery_from_ = target_.scenery;
  weather_start_ = {};
  weather_start_[static_cast<std::size_t>(target_.weather)] = 1.0f;
  transition_frames_ = 0;
  transition_done_ = 0;
}

World::SubjectSlot* World::activeSlot(int scene_index) {
  for (SubjectSlot& slot : slots_) {
    if (slot.used && slot.scene_index == scene_index) return &slot;
  }
  return nullptr;
}

void World::matchSubjects(const Scene& target) {
  const int count = static_cast<int>(target.subjects.size());
  for (int i = 0; i < kMaxSubjects; ++i) {
    SubjectSlot* slot = activeSlot(i);
    if (i >= count) {
      if (slot != nullptr) retire(*slot);
      continue;
    }
    const Subject& want = target.subjects[static_cast<std::size_t>(i)];
    if (slot != nullptr && slot->subject.shape == want.shape &&
        slot->subject.motion == want.motion) {
      slot->subject.colour = want.colour;  // blends over the transition
      slot->alpha_end = 1.0f;
      continue;
    }
    std::optional<SubjectSlot> replaced;
    if (slot != nullptr) {
      replaced = *slot;
      retire(*slot);
    }
    SubjectSlot& fresh = spawn(i, count, want);
    if (replaced) {  // a changed subject appears where the old one fades
      fresh.x = replaced->x;
      fresh.lane_t = replaced->lane_t;
      fresh.rise_t = replaced->rise_t;
      fresh.radius = replaced->radius;
    }
  }
}

World::SubjectSlot& World::spawn(int scene_index, int subject_count, const Subject& subject) {
  auto free =
      std::find_if(slots_.begin(), slots_.end(), [](const SubjectSlot& s) { return !s.used; });
  if (free == slots_.end()) {  // all busy: replace the faintest leaving subject
    free = std::min_element(
        slots_.begin(), slots_.end(), [](const SubjectSlot& a, const SubjectSlot& b) {
          const bool a_leaving = a.scene_index < 0, b_leaving = b.scene_index < 0;
          if (a_leaving != b_leaving) return a_leaving;
          return a.alpha_start < b.alpha_start;
        });
  }
  Rng rng(mixSeed(seed_, ++spawn_count_));
  SubjectSlot slot;
  slot.used = true;
  slot.scene_index = scene_index;
  slot.subject = subject;
  slot.colour_from = subject.colour;
  slot.colour_start = toArray(world_detail::subjectColour(subject.colour));
  slot.alpha_start = 0.0f;
  slot.alpha_end = 1.0f;
  // A subject appears at its slot's fixed place, size and motion phase (one subject centred, two
  // side by side): where a new subject shows up is then decided by the caption alone, which a
  // few-step sampler can draw (its first pass predicts the mean picture, and a subject placed
  // at random averages away; the step-23,837 model never drew one from an empty context).
  slot.radius = kSpawnRadius;
  if (subject_count <= 1) {
    slot.x = 0.0f;
    slot.lane_t = 0.02f;
  } else if (scene_index == 0) {
    slot.x = -0.23f;
    slot.lane_t = -0.08f;
  } else {
    slot.x = 0.23f;
    slot.lane_t = 0.09f;
  }
  slot.rise_t = slot.lane_t;
  slot.speed = static_cast<float>(rng.uniform(0.9, 1.1));
  slot.period_s = static_cast<float>(rng.uniform(0.9, 1.15));
  slot.clock_s = 0.0;
  *free = slot;
  return *free;
}

void World::retire(SubjectSlot& slot) {
  slot.scene_index = -1;
  slot.alpha_end = 0.0f;
}

void World::moveSubjects(double pan_delta) {
  const float zoom = camera_.zoom();
  for (SubjectSlot& slot : slots_) {
    if (!slot.used) continue;
    slot.clock_s += kFrameSeconds;
    if (slot.subject.motion == Motion::kDriftingLeft)
      slot.x -= kDriftSpeed * slot.speed * kFrameSeconds;
    if (slot.subject.motion == Motion::kDriftingRight)
      slot.x += kDriftSpeed * slot.speed * kFrameSeconds;
    if (slot.subject.motion == Motion::kRising) {
      slot.rise_t -= kRiseSpeed * slot.speed * kFrameSeconds;
      slot.rise_t = wrapInto(slot.rise_t, 0.5f / zoom + kWrapMargin * slot.radius);
    }
    slot.x -= static_cast<float>(pan_delta) * world_detail::kSubjectParallax;
    slot.x = wrapInto(slot.x, 0.5f / zoom + kWrapMargin * slot.radius);
  }
}

void World::advance() {
  const double pan_before = camera_.pan();
  camera_.step(target_.camera, actions_);
  moveSubjects(camera_.pan() - pan_before);
  ++frame_index_;
  if (transition_frames_ > 0 && ++transition_done_ >= transition_frames_) finishTransition();
}

World::SubjectPose World::pose(const SubjectSlot& slot) const {
  SubjectPose pose;
  pose.s = slot.x;
  pose.t = slot.lane_t;
  pose.spin = restAngle(slot.subject.shape);
  const auto clock = static_cast<float>(std::fmod(slot.clock_s, world_detail::kAnimationPeriodS));
  switch (slot.subject.motion) {
    case Motion::kBouncing: {
      const float phase = world_detail::fract(clock / slot.period_s);
      const float height = 4.0f * phase * (1.0f - phase);  // a parabola per bounce
      const float contact_t = slot.lane_t + 0.5f * kBounceHeight;
      pose.t = contact_t - kBounceHeight * height;
      const float impact = std::max(0.0f, 1.0f - std::min(phase, 1.0f - phase) / 0.07f);
      pose.squash_y = 1.0f - 0.18f * impact;
      pose.squash_x = 1.0f + 0.12f * impact;
      pose.shadow = 0.5f * (1.0f - 0.5f * height);
      pose.shadow_t = contact_t + slot.radius;
      pose.shadow_scale = 1.0f - 0.35f * height;
      break;
    }
    case Motion::kDriftingLeft:
    case Motion::kDriftingRight:
      pose.t += 0.01f * world_detail::sine(clock * 2.0f);
      break;
    case Motion::kSpinning:
      pose.spin += clock * kSpinRate;
      break;
    case Motion::kRising:
      pose.t = slot.rise_t;
      pose.s += 0.02f * world_detail::sine(clock * 1.5f);
      break;
  }
  return pose;
}

FrameLabels World::labels() const {
  const float progress = transitionProgress();
  const bool second_half = progress >= 0.5f;
  FrameLabels labels;
  labels.frame_index = frame_index_;
  labels.sky = second_half ? target_.sky : sky_from_;
  labels.scenery = second_half ? target_.scenery : scenery_from_;
  float strongest = 0.5f;
  for (Weather weather : {Weather::kRain, Weather::kSnow, Weather::kFog}) {
    if (weatherAmount(weather) >= strongest) {
      strongest = weatherAmount(weather);
      labels.weather = weather;
    }
  }
  labels.camera = camera_.motion();
  const float zoom = camera_.zoom();
  // Active subjects in scene order, then leaving ones still more than half opaque.
  std::array<const SubjectSlot*, 2 * kMaxSubjects> order{};
  std::size_t count = 0;
  for (int i = 0; i < kMaxSubjects; ++i) {
    for (const SubjectSlot& slot : slots_) {
      if (slot.used && slot.scene_index == i) order[count++] = &slot;
    }
  }
  for (const SubjectSlot& slot : slots_) {
    if (slot.used && slot.scene_index < 0) order[count++] = &slot;
  }
  for (std::size_t i = 0; i < count; ++i) {
    const SubjectSlot& slot = *order[i];
    // Half way through a swap the newcomer counts, the leaver does not.
    const bool leaving = slot.scene_index < 0;
    if (leaving ? slotAlpha(slot) <= 0.5f : slotAlpha(slot) < 0.5f) continue;
    const SubjectPose p = pose(slot);
    const float radius = slot.radius * zoom;
    const float cx = 0.5f + p.s * zoom, cy = 0.5f + p.t * zoom;
    const float visible_w = std::min(cx + radius, 1.0f) - std::max(cx - radius, 0.0f);
    const float visible_h = std::min(cy + radius, 1.0f) - std::max(cy - radius, 0.0f);
    if (visible_w < radius || visible_h < radius) continue;  // less than half in frame
    Subject subject = slot.subject;
    if (!second_half) subject.colour = slot.colour_from;
    labels.subjects.push_back({subject, cx, cy, radius});
  }
  return labels;
}

// Everything the render passes need to know about this frame; fills the scratch's sky and
// scenery frames (two of each while crossfading).
void World::prepareFrame(world_detail::FrameContext& context, int width, int height) const {
  world_detail::RenderScratch& scratch = *scratch_;
  context.view = world_detail::View(width, height, camera_.zoom(), camera_.pan());
  const world_detail::View& view = context.view;
  context.time_s = world_detail::wrap(frame_index_ * static_cast<double>(kFrameSeconds),
                                      world_detail::kAnimationPeriodS);
  context.seed = static_cast<std::uint32_t>(seed_ ^ (seed_ >> 32));
  const float progress = transitionProgress();

  const float sky_mix = world_detail::smoothstep(0.0f, 1.0f, progress);
  world_detail::prepareSky(sky_from_, view, context.time_s, context.seed, scratch.sky[0]);
  context.sky[0] = &scratch.sky[0];
  if (target_.sky != sky_from_) {
    world_detail::prepareSky(target_.sky, view, context.time_s, context.seed, scratch.sky[1]);
    context.sky[1] = &scratch.sky[1];
    context.sky_mix = sky_mix;
  }
  world_detail::prepareScenery(scenery_from_, view, context.seed, scratch.scenery[0]);
  context.scenery[0] = &scratch.scenery[0];
  if (target_.scenery != scenery_from_) {
    world_detail::prepareScenery(target_.scenery, view, context.seed, scratch.scenery[1]);
    context.scenery[1] = &scratch.scenery[1];
    context.scenery_mix = sky_mix;
  }
  const world_detail::SkyStyle& from = world_detail::skyStyle(sky_from_);
  const world_detail::SkyStyle& to = world_detail::skyStyle(target_.sky);
  context.tint = world_detail::lerp(from.light_tint, to.light_tint, context.sky_mix);
  context.sky_horizon = world_detail::lerp(from.horizon, to.horizon, context.sky_mix);
  context.window_light = world_detail::lerp(from.window_light, to.window_light, context.sky_mix);
  const std::array<const world_detail::SkyStyle*, 2> styles = {&from, &to};
  const std::array<Sky, 2> skies = {sky_from_, target_.sky};
  for (std::size_t i = 0; i < 2; ++i) {
    const float weight = i == 0 ? 1.0f - context.sky_mix : context.sky_mix;
    context.reflections[i] = {world_detail::sunS(skies[i], view, context.seed),
                              styles[i]->sun_radius, styles[i]->sun_colour,
                              styles[i]->reflection * weight};
  }
  context.rain = weatherAmount(Weather::kRain);
  context.snow = weatherAmount(Weather::kSnow);
  context.fog = weatherAmount(Weather::kFog);
  const float overcast = std::max({context.rain, context.snow, context.fog});
  scratch.sky[0].overcast = overcast;
  scratch.sky[1].overcast = overcast;
  for (world_detail::Reflection& reflection : context.reflections) {
    reflection.strength *= 1.0f - 0.8f * overcast;
  }
}

void World::render(std::uint8_t* rgb, int width, int height) const {
  if (rgb == nullptr || width <= 0 || height <= 0) return;
  world_detail::FrameContext context;
  prepareFrame(context, width, height);
  world_detail::Canvas& canvas = scratch_->canvas;
  canvas.width = width;
  canvas.height = height;
  canvas.pixels.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
  world_detail::renderBackground(context, canvas);
  world_detail::applyFog(context, canvas);
  drawSubjects(context, canvas);
  world_detail::applyPrecipitation(context, canvas);
  for (std::size_t i = 0; i < canvas.pixels.size(); ++i) {
    const Rgb c = canvas.pixels[i];
    rgb[3 * i + 0] = static_cast<std::uint8_t>(world_detail::clamp01(c.r) * 255.0f + 0.5f);
    rgb[3 * i + 1] = static_cast<std::uint8_t>(world_detail::clamp01(c.g) * 255.0f + 0.5f);
    rgb[3 * i + 2] = static_cast<std::uint8_t>(world_detail::clamp01(c.b) * 255.0f + 0.5f);
  }
}

// Leaving subjects first (behind), then the scene's in order (later on top).
void World::drawSubjects(const world_detail::FrameContext& context,
                         world_detail::Canvas& canvas) const {
  for (int pass = -1; pass < kMaxSubjects; ++pass) {
    for (const SubjectSlot& slot : slots_) {
      if (!slot.used || slot.scene_index != pass) continue;
      const SubjectPose p = pose(slot);
      world_detail::SubjectInstance instance;
      instance.shape = slot.subject.shape;
      instance.colour = toRgb(slotColour(slot));
      instance.alpha = slotAlpha(slot);
      instance.s = p.s;
      instance.t = p.t;
      instance.radius = slot.radius;
      instance.spin = p.spin;
      instance.squash_x = p.squash_x;
      instance.squash_y = p.squash_y;
      instance.shadow = p.shadow * instance.alpha;
      instance.shadow_t = p.shadow_t;
      instance.shadow_scale = p.shadow_scale;
      world_detail::drawSubject(context, instance, canvas);
    }
  }
}

}  // namespace liveframe::sketch
