#include "world/camera.h"

#include <algorithm>
#include <cmath>

namespace liveframe::sketch {

namespace {

constexpr float kFrameSeconds = 1.0f / kFramesPerSecond;
constexpr float kPanRampSeconds = 0.25f;  // from rest to full speed
constexpr float kZoomRampSeconds = 0.4f;
constexpr float kPanAcceleration = CameraRig::kPanSpeed / kPanRampSeconds;
constexpr float kZoomAcceleration = CameraRig::kZoomSpeed / kZoomRampSeconds;
constexpr float kMinZoomLog = -0.356674944f;  // log(kMinZoom)
constexpr float kMaxZoomLog = 0.470003629f;   // log(kMaxZoom)

float approach(float value, float target, float max_step) {
  return value + std::clamp(target - value, -max_step, max_step);
}

// Whether a zoom moving at `velocity` in `direction` must start braking now to stop before
// the end of the range.
bool mustBrake(float zoom_log, float velocity, float direction) {
  const float room = direction > 0.0f ? kMaxZoomLog - zoom_log : zoom_log - kMinZoomLog;
  const float speed = std::max(0.0f, velocity * direction);
  const float braking = speed * speed / (2.0f * kZoomAcceleration) + speed * kFrameSeconds;
  return room <= braking + 1e-4f;
}

}  // namespace

CameraRig::CameraRig(CameraMove scene_move) {
  if (scene_move == CameraMove::kZoomIn) zoom_log_ = kMinZoomLog;
  if (scene_move == CameraMove::kZoomOut) zoom_log_ = kMaxZoomLog;
}

float CameraRig::zoom() const { return std::exp(zoom_log_); }

void CameraRig::step(CameraMove scene_move, unsigned actions) {
  float pan_target = 0.0f;
  float zoom_target = 0.0f;
  if ((actions & kAllActions) != 0u) {
    const float pan_direction =
        ((actions & kActionPanRight) ? 1.0f : 0.0f) - ((actions & kActionPanLeft) ? 1.0f : 0.0f);
    const float zoom_direction =
        ((actions & kActionZoomIn) ? 1.0f : 0.0f) - ((actions & kActionZoomOut) ? 1.0f : 0.0f);
    pan_target = pan_direction * kPanSpeed;
    if (zoom_direction != 0.0f && !mustBrake(zoom_log_, zoom_velocity_, zoom_direction)) {
      zoom_target = zoom_direction * kZoomSpeed;
    }
    scene_zoom_direction_ = 0.0f;  // a scene zoom resumes from where the user left it
  } else {
    if (scene_move == CameraMove::kPanLeft) pan_target = -kPanSpeed;
    if (scene_move == CameraMove::kPanRight) pan_target = kPanSpeed;
    const bool zooming = scene_move == CameraMove::kZoomIn || scene_move == CameraMove::kZoomOut;
    if (!zooming) {
      scene_zoom_direction_ = 0.0f;
    } else {
      if (scene_zoom_direction_ == 0.0f) {
        scene_zoom_direction_ = scene_move == CameraMove::kZoomIn ? 1.0f : -1.0f;
      }
      if (mustBrake(zoom_log_, zoom_velocity_, scene_zoom_direction_)) {
        scene_zoom_direction_ = -scene_zoom_direction_;  // ping-pong within the range
      }
      zoom_target = scene_zoom_direction_ * kZoomSpeed;
    }
  }
  pan_velocity_ = approach(pan_velocity_, pan_target, kPanAcceleration * kFrameSeconds);
  zoom_velocity_ = approach(zoom_velocity_, zoom_target, kZoomAcceleration * kFrameSeconds);
  pan_ += static_cast<double>(pan_velocity_) * kFrameSeconds;
  zoom_log_ = std::clamp(zoom_log_ + zoom_velocity_ * kFrameSeconds, kMinZoomLog, kMaxZoomLog);
}

CameraMove CameraRig::motion() const {
  const float pan_amount = std::fabs(pan_velocity_) / kPanSpeed;
  const float zoom_amount = std::fabs(zoom_velocity_) / kZoomSpeed;
  if (std::max(pan_amount, zoom_amount) < 0.25f) return CameraMove::kStatic;
  if (pan_amount >= zoom_amount) {
    return pan_velocity_ > 0.0f ? CameraMove::kPanRight : CameraMove::kPanLeft;
  }
  return zoom_velocity_ > 0.0f ? CameraMove::kZoomIn : CameraMove::kZoomOut;
}

}  // namespace liveframe::sketch
