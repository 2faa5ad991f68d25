// The sketch world: a procedural scene (sky, scenery, weather, up to two moving subjects, a
// camera) that the built-in "sketch" video model is trained on. Deterministic: the same seed,
// scene and call sequence give the same frames. Rendered on the CPU (about 1.5 ms per
// 256x256 frame on one core, 2.5 ms at worst), with per-frame labels of what is visible.
//
// Camera sign convention, as with a real camera: "pan left" turns the camera to the left, so
// the image content slides to the RIGHT on screen (and "pan right" slides it left). Far
// layers slide slower than near ones (parallax). "Zoom in" magnifies about the frame centre.
//
// Frame timeline: the world starts at frame 0; advance() steps one frame (1/24 s). Scene
// changes and actions take effect in the next advance(): the camera velocity ramps over
// ~0.25 s, a transition of N frames is complete after N advances.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "world/attributes.h"
#include "world/camera.h"

namespace liveframe::sketch {

namespace world_detail {
struct RenderScratch;
struct FrameContext;
struct Canvas;
}  // namespace world_detail

struct SubjectLabel {
  Subject subject;
  float centre_x = 0.0f;  // fraction of the frame width, 0 = left edge
  float centre_y = 0.0f;  // fraction of the frame height, 0 = top edge
  float radius = 0.0f;    // fraction of the frame height
};

// What dominates the current frame (a crossfade switches labels half way through).
struct FrameLabels {
  int frame_index = 0;
  Sky sky = Sky::kDay;
  Scenery scenery = Scenery::kMeadow;
  Weather weather = Weather::kClear;
  std::vector<SubjectLabel> subjects;       // visible ones: mostly in frame and mostly opaque
  CameraMove camera = CameraMove::kStatic;  // how the camera moved into this frame
};

// Thread-safety: Unsafe (one thread at a time; render() is const but reuses scratch memory,
// allocating only when the frame size grows). A moved-from World may only be destroyed or
// assigned to.
class World {
 public:
  World(std::uint64_t seed, const Scene& scene);
  ~World();
  World(World&&) noexcept;
  World& operator=(World&&) noexcept;
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // Changes the scene naturally over `transition_frames` advances (0: at once): the sky and
  // scenery crossfade, weather fades in/out, a subject that keeps its shape and motion
  // blends its colour, a subject removed (or replaced) fades out while it keeps moving, a
  // new one fades in. The camera move changes at once (its velocity ramps).
  void setScene(const Scene& target, int transition_frames);

  // kAction* bits held from the next advance() on; any held action overrides the scene's
  // camera move. Camera state accumulates: holding kActionPanLeft keeps sliding the image
  // content to the right.
  void setActions(unsigned actions);

  void advance();

  // RGB8 (sRGB), row-major, width * height * 3 bytes; any size. Subjects wrap around the
  // edges of a square frame, so frames wider than tall may show them pop at the sides.
  void render(std::uint8_t* rgb, int width, int height) const;

  FrameLabels labels() const;

  const Scene& scene() const { return target_; }  // the scene being shown or faded to
  int frameIndex() const { return frame_index_; }
  float transitionProgress() const;  // 0 .. 1; 1 when no transition is under way
  unsigned actions() const { return actions_; }
  double pan() const { return camera_.pan(); }
  float zoom() const { return camera_.zoom(); }

 private:
  struct SubjectSlot {
    bool used = false;
    int scene_index = -1;  // index into target_.subjects; -1 once it is leaving
    Subject subject;       // shape, motion and the colour it is blending to
    Colour colour_from = Colour::kRed;
    std::array<float, 3> colour_start{};  // RGB when the current transition began
    float alpha_start = 0.0f;
    float alpha_end = 1.0f;
    float radius = 0.1f;
    float x = 0.0f;       // camera-plane centre x (before the motion's own offsets)
    float lane_t = 0.0f;  // camera-plane centre t of its lane
    float rise_t = 0.0f;  // rising subjects: current t
    float speed = 0.0f;
    float period_s = 1.0f;
    double clock_s = 0.0;  // seconds since it appeared, plus a random phase
  };
  struct SubjectPose;

  void beginTransition(int transition_frames);
  void finishTransition();
  void matchSubjects(const Scene& target);
  SubjectSlot* activeSlot(int scene_index);
  SubjectSlot& spawn(int scene_index, int subject_count, const Subject& subject);
  void retire(SubjectSlot& slot);
  void moveSubjects(double pan_delta);
  float slotAlpha(const SubjectSlot& slot) const;
  std::array<float, 3> slotColour(const SubjectSlot& slot) const;
  SubjectPose pose(const SubjectSlot& slot) const;
  float weatherAmount(Weather weather) const;
  void prepareFrame(world_detail::FrameContext& context, int width, int height) const;
  void drawSubjects(const world_detail::FrameContext& context, world_detail::Canvas& canvas) const;

  std::uint64_t seed_;
  std::uint64_t spawn_count_ = 0;
  int frame_index_ = 0;
  Scene target_;
  Sky sky_from_;
  Scenery scenery_from_;
  std::array<float, 4> weather_start_{};  // amounts per Weather when the transition began
  int transition_frames_ = 0;
  int transition_done_ = 0;
  unsigned actions_ = 0;
  CameraRig camera_;
  std::array<SubjectSlot, 2 * kMaxSubjects> slots_{};
  std::unique_ptr<world_detail::RenderScratch> scratch_;
};

}  // namespace liveframe::sketch
