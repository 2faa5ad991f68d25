// The evaluator's measurements on inputs whose answer is known: synthetic images and readings,
// and frames rendered straight from the world (not from the model).
#include "sketch/eval/image_measures.h"

#include <gtest/gtest.h>

#include <vector>

#include "trained_probe.h"
#include "world/world.h"

namespace liveframe::sketch {
namespace {

constexpr int kSize = 256;

std::vector<std::uint8_t> render(const World& world) {
  std::vector<std::uint8_t> rgb(kSize * kSize * 3);
  world.render(rgb.data(), kSize, kSize);
  return rgb;
}

Scene cityScene() {
  Scene scene;
  scene.sky = Sky::kDay;
  scene.scenery = Scenery::kCity;
  scene.weather = Weather::kClear;
  scene.subjects = {{Shape::kCube, Colour::kWhite, Motion::kSpinning}};
  return scene;
}

TEST(ImageStatsTest, GreyAndRedImages) {
  std::vector<std::uint8_t> grey(16 * 16 * 3, 128);
  const ImageStats g = imageStats(grey.data(), 16, 16);
  EXPECT_NEAR(g.luminance_mean, 100.0 * 128 / 255, 0.01);
  EXPECT_NEAR(g.luminance_stddev, 0.0, 1e-3);
  EXPECT_NEAR(g.saturation_mean, 0.0, 1e-9);
  std::vector<std::uint8_t> red(16 * 16 * 3, 0);
  for (std::size_t i = 0; i < red.size(); i += 3) red[i] = 255;
  EXPECT_NEAR(imageStats(red.data(), 16, 16).saturation_mean, 100.0, 1e-9);
}

TEST(HorizontalShiftTest, FindsAKnownShiftOfAWorldFrame) {
  World world(5, cityScene());
  const auto frame = render(world);
  // The same frame moved 5 px to the right (the left edge repeats).
  std::vector<std::uint8_t> moved(frame.size());
  for (int y = 0; y < kSize; ++y) {
    for (int x = 0; x < kSize; ++x) {
      const int from = std::max(0, x - 5);
      for (int c = 0; c < 3; ++c)
        moved[(y * kSize + x) * 3 + c] = frame[(y * kSize + from) * 3 + c];
    }
  }
  EXPECT_NEAR(horizontalShift(frame.data(), moved.data(), kSize, kSize, 16), 5.0, 0.3);
  EXPECT_NEAR(horizontalShift(moved.data(), frame.data(), kSize, kSize, 16), -5.0, 0.3);
  EXPECT_NEAR(horizontalShift(frame.data(), frame.data(), kSize, kSize, 16), 0.0, 1e-6);
}

// Pan left turns the camera left, so content slides right: positive shifts (world/camera.h).
TEST(HorizontalShiftTest, PanningWorldFramesMoveTheExpectedWay) {
  for (const auto& [action, sign] :
       {std::pair{kActionPanLeft, 1.0}, std::pair{kActionPanRight, -1.0}}) {
    World world(9, cityScene());
    world.setActions(action);
    for (int i = 0; i < 10; ++i) world.advance();  // past the camera's velocity ramp
    auto previous = render(world);
    int agreeing = 0;
    for (int i = 0; i < 12; ++i) {
      world.advance();
      auto current = render(world);
      const double shift = horizontalShift(previous.data(), current.data(), kSize, kSize, 24);
      agreeing += sign * shift > 0.25;
      previous = std::move(current);
    }
    EXPECT_EQ(agreeing, 12) << "action " << action;
  }
}

TEST(SwitchLatencyTest, CountsFromTheFirstNewFrameToAConfirmedRun) {
  const Sky s = Sky::kSunset, n = Sky::kNight;
  const std::vector<Sky> skies = {s, s, n, s, n, n, n, n};
  std::vector<SkyReading> readings;
  for (std::size_t i = 0; i < skies.size(); ++i) {
    readings.push_back({100 + static_cast<std::int64_t>(i),
                        1'000'000 + 40'000 * static_cast<std::int64_t>(i), skies[i]});
  }
  const SwitchLatency latency = switchLatency(readings, n, 900'000, 3);
  ASSERT_TRUE(latency.detected);
  EXPECT_EQ(latency.frames, 5);  // frames 100..104; the run starts at 104
  EXPECT_DOUBLE_EQ(latency.ms, (1'000'000 + 4 * 40'000 - 900'000) / 1000.0);
  EXPECT_FALSE(switchLatency(std::span(readings).first(6), n, 0, 3).detected);
  EXPECT_FALSE(switchLatency({}, n, 0, 3).detected);
}

TEST(SwitchLatencyTest, AWorldTurningFromSunsetToNightIsSeenWithinTheTransition) {
  auto& trained = test::sharedTrainedProbe();
  ASSERT_GT(trained.report.steps, 0);
  Scene scene = cityScene();
  scene.sky = Sky::kSunset;
  scene.scenery = Scenery::kOcean;
  World world(21, scene);
  for (int i = 0; i < 24; ++i) world.advance();
  Scene night = scene;
  night.sky = Sky::kNight;
  world.setScene(night, 12);
  std::vector<SkyReading> readings;
  for (int i = 0; i < 36; ++i) {
    world.advance();  // frame i of the switch shows the new scene's first change
    const auto rgb = render(world);
    readings.push_back({world.frameIndex(), 41'667 * world.frameIndex(),
                        trained.probe->classify(rgb.data(), kSize, kSize).labels.sky()});
  }
  const SwitchLatency latency = switchLatency(readings, Sky::kNight, readings.front().time_us);
  ASSERT_TRUE(latency.detected);
  EXPECT_GE(latency.frames, 1);
  EXPECT_LE(latency.frames, 24);
  EXPECT_GE(latency.ms, 0.0);
}

TEST(SummaryTest, MedianAndMax) {
  const Summary summary = summarize({4, 1, 3, 2});
  EXPECT_DOUBLE_EQ(summary.p50, 2.5);
  EXPECT_DOUBLE_EQ(summary.max, 4);
  EXPECT_EQ(summary.count, 4);
  EXPECT_EQ(summarize({}).count, 0);
}

}  // namespace
}  // namespace liveframe::sketch
