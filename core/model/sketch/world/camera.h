// The world's camera: a horizontal pan and a bounded zoom, each with a velocity that ramps
// (no jumps), driven by the scene's camera move or, while any is held, by the actions.
//
// Sign convention (a real camera's): pan() grows when the camera pans RIGHT, which slides
// the image content to the LEFT on screen; kPanLeft / kActionPanLeft make pan() shrink and
// the content slide RIGHT. zoom() > 1 magnifies about the frame centre.
#pragma once

#include "world/attributes.h"

namespace liveframe::sketch {

// Thread-safety: Unsafe.
class CameraRig {
 public:
  static constexpr float kPanSpeed = 0.30f;   // camera-plane units per second at parallax 1
  static constexpr float kZoomSpeed = 0.22f;  // natural-log zoom units per second
  static constexpr float kMinZoom = 0.7f;
  static constexpr float kMaxZoom = 1.6f;

  // A scene zooming in starts zoomed out (and the reverse), so it has room to move.
  explicit CameraRig(CameraMove scene_move);

  // One frame: `actions` (kAction* bits) override the scene's move while any is held. A
  // scene zoom reverses smoothly at the end of the range; a held zoom action stops there.
  void step(CameraMove scene_move, unsigned actions);

  double pan() const { return pan_; }
  float zoom() const;
  // How the camera moved during the last step (the dominant of pan and zoom, or static).
  CameraMove motion() const;

 private:
  double pan_ = 0.0;
  float pan_velocity_ = 0.0f;  // units per second, positive = panning right
  float zoom_log_ = 0.0f;
  float zoom_velocity_ = 0.0f;  // log units per second, positive = zooming in
  float scene_zoom_direction_ = 0.0f;
};

}  // namespace liveframe::sketch
