// Tests camera.h and the camera as seen in rendered frames. Sign convention under test:
// "pan left" turns the camera left, so image content moves RIGHT (a positive shift here).
#include <gtest/gtest.h>

#include <cmath>

#include "image_utils.h"
#include "world/camera.h"
#include "world/world.h"

namespace liveframe::sketch {
namespace {

using world_testing::Image;
using world_testing::makeScene;
using world_testing::render;
using world_testing::renderAfter;

// The horizontal shift (pixels, positive = content moved right from `before` to `after`)
// that best aligns the luminance of rows [y0, y1), by cross-correlation.
int contentShift(const Image& before, const Image& after, float y0, float y1, int max_shift = 40) {
  auto luma = [](const Image& image, int x, int y) {
    const auto c = image.at(x, y);
    return 0.2126f * c[0] + 0.7152f * c[1] + 0.0722f * c[2];
  };
  int best_shift = 0;
  double best_score = -1e18;
  for (int shift = -max_shift; shift <= max_shift; ++shift) {
    double score = 0;
    int count = 0;
    for (int y = static_cast<int>(y0 * before.height); y < static_cast<int>(y1 * before.height);
         ++y) {
      double mean_a = 0, mean_b = 0;
      for (int x = max_shift; x < before.width - max_shift; ++x) {
        mean_a += luma(before, x, y);
        mean_b += luma(after, x + shift, y);
      }
      const double n = before.width - 2 * max_shift;
      mean_a /= n, mean_b /= n;
      for (int x = max_shift; x < before.width - max_shift; ++x) {
        score += (luma(before, x, y) - mean_a) * (luma(after, x + shift, y) - mean_b);
      }
      ++count;
    }
    if (score > best_score) best_score = score, best_shift = shift;
  }
  return best_shift;
}

int panShift(unsigned actions, CameraMove scene_move, float y0, float y1, Scenery scenery,
             int frames = 12) {
  World world(1, makeScene(Sky::kDay, scenery, Weather::kClear, {}, scene_move));
  world.setActions(actions);
  const Image before = render(world);
  return contentShift(before, renderAfter(world, frames), y0, y1);
}

TEST(Camera, PanLeftMovesContentRightAndPanRightMovesItLeft) {
  // Rows across the city's buildings.
  EXPECT_GT(panShift(kActionPanLeft, CameraMove::kStatic, 0.35f, 0.57f, Scenery::kCity), 3);
  EXPECT_LT(panShift(kActionPanRight, CameraMove::kStatic, 0.35f, 0.57f, Scenery::kCity), -3);
  EXPECT_EQ(panShift(0, CameraMove::kStatic, 0.35f, 0.57f, Scenery::kCity), 0);
  // The scene's own camera move pans the same way.
  EXPECT_GT(panShift(0, CameraMove::kPanLeft, 0.35f, 0.57f, Scenery::kCity), 3);
  EXPECT_LT(panShift(0, CameraMove::kPanRight, 0.35f, 0.57f, Scenery::kCity), -3);
}

TEST(Camera, FartherLayersMoveSlower) {
  // Meadow: distant hills against the sky vs the near grass at the bottom of the frame.
  const int far = panShift(kActionPanLeft, CameraMove::kStatic, 0.40f, 0.56f, Scenery::kMeadow, 16);
  const int near =
      panShift(kActionPanLeft, CameraMove::kStatic, 0.90f, 1.00f, Scenery::kMeadow, 16);
  EXPECT_GT(far, 0);
  EXPECT_GT(near, 2 * far);
}

// Row (fraction of the height) where the ocean's horizon is: the sharpest change of colour.
float horizonRow(const Image& image) {
  int best = 0;
  float best_change = 0;
  for (int y = 1; y < image.height; ++y) {
    const float change = world_testing::distance(
        world_testing::meanColour(image, (y - 1.0f) / image.height,
                                  static_cast<float>(y) / image.height),
        world_testing::meanColour(image, static_cast<float>(y) / image.height,
                                  (y + 1.0f) / image.height));
    if (change > best_change) best_change = change, best = y;
  }
  return static_cast<float>(best) / image.height;
}

TEST(Camera, ZoomInMagnifiesAboutTheCentre) {
  World world(1, makeScene(Sky::kDay, Scenery::kOcean));
  const float before = horizonRow(render(world));
  world.setActions(kActionZoomIn);
  const Image after = renderAfter(world, 36);
  EXPECT_GT(world.zoom(), 1.2f);
  EXPECT_EQ(world.labels().camera, CameraMove::kZoomIn);
  // The horizon (below the centre) moves away from the centre by the zoom factor.
  EXPECT_NEAR(horizonRow(after) - 0.5f, (before - 0.5f) * world.zoom(), 2.0f / 256);
  world.setActions(kActionZoomOut);
  for (int i = 0; i < 24; ++i) world.advance();  // the zoom velocity ramps through zero
  EXPECT_EQ(world.labels().camera, CameraMove::kZoomOut);
}

TEST(Camera, ZoomStaysInRangeAndASceneZoomReversesSmoothly) {
  CameraRig rig(CameraMove::kZoomIn);
  EXPECT_NEAR(rig.zoom(), CameraRig::kMinZoom, 1e-4f);
  bool saw_in = false, saw_out_after_in = false;
  float previous = std::log(rig.zoom());
  for (int i = 0; i < 24 * 20; ++i) {
    rig.step(CameraMove::kZoomIn, 0);
    EXPECT_GE(rig.zoom(), CameraRig::kMinZoom - 1e-4f);
    EXPECT_LE(rig.zoom(), CameraRig::kMaxZoom + 1e-4f);
    const float now = std::log(rig.zoom());
    EXPECT_LE(std::abs(now - previous), CameraRig::kZoomSpeed / kFramesPerSecond + 1e-4f);
    previous = now;
    saw_in |= rig.motion() == CameraMove::kZoomIn;
    saw_out_after_in |= saw_in && rig.motion() == CameraMove::kZoomOut;
  }
  EXPECT_TRUE(saw_in);
  EXPECT_TRUE(saw_out_after_in);
  // A held zoom action stops at the end of the range.
  CameraRig held(CameraMove::kStatic);
  for (int i = 0; i < 24 * 10; ++i) held.step(CameraMove::kStatic, kActionZoomIn);
  EXPECT_NEAR(held.zoom(), CameraRig::kMaxZoom, 0.02f);
  EXPECT_EQ(held.motion(), CameraMove::kStatic);
}

TEST(Camera, ActionsOverrideTheSceneMoveAndRampSmoothly) {
  CameraRig rig(CameraMove::kPanRight);
  for (int i = 0; i < 24; ++i) rig.step(CameraMove::kPanRight, 0);
  EXPECT_EQ(rig.motion(), CameraMove::kPanRight);
  double previous = rig.pan();
  double previous_step = 0;
  for (int i = 0; i < 24; ++i) {
    rig.step(CameraMove::kPanRight, kActionPanLeft);
    const double step = rig.pan() - previous;
    if (i > 0) {
      EXPECT_LE(step, previous_step + 1e-9) << "decelerating, then reversing";
    }
    previous_step = step;
    previous = rig.pan();
  }
  EXPECT_EQ(rig.motion(), CameraMove::kPanLeft);
  EXPECT_LT(previous_step, 0.0);
  for (int i = 0; i < 24; ++i) rig.step(CameraMove::kPanRight, 0);  // released
  EXPECT_EQ(rig.motion(), CameraMove::kPanRight);
  // Opposite actions cancel.
  CameraRig both(CameraMove::kStatic);
  for (int i = 0; i < 24; ++i) both.step(CameraMove::kStatic, kActionPanLeft | kActionPanRight);
  EXPECT_EQ(both.pan(), 0.0);
  EXPECT_EQ(both.motion(), CameraMove::kStatic);
}

TEST(Camera, LabelsReportTheFramesCameraMotion) {
  World world(1, makeScene(Sky::kDay, Scenery::kDesert));
  EXPECT_EQ(world.labels().camera, CameraMove::kStatic);
  world.setActions(kActionPanLeft);
  for (int i = 0; i < 6; ++i) world.advance();
  EXPECT_EQ(world.labels().camera, CameraMove::kPanLeft);
  EXPECT_LT(world.pan(), 0.0);
  world.setActions(0);
  for (int i = 0; i < 12; ++i) world.advance();
  EXPECT_EQ(world.labels().camera, CameraMove::kStatic);
}

}  // namespace
}  // namespace liveframe::sketch
