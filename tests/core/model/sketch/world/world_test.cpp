// Tests world.h: determinism, any frame size, subject motions, transitions, labels, speed.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

#include "image_utils.h"
#include "world/world.h"

namespace liveframe::sketch {
namespace {

using world_testing::checksum;
using world_testing::makeScene;
using world_testing::render;
using world_testing::renderAfter;

const Subject kRedBall{Shape::kBall, Colour::kRed, Motion::kBouncing};
const Subject kBlueCube{Shape::kCube, Colour::kBlue, Motion::kSpinning};

Scene busyScene() {
  return makeScene(Sky::kSunset, Scenery::kOcean, Weather::kRain, {kRedBall, kBlueCube},
                   CameraMove::kPanRight);
}

// Renders `frames` frames of a scripted run: a scene change and an action along the way.
std::vector<std::uint64_t> scriptedRun(std::uint64_t seed, int frames) {
  World world(seed, busyScene());
  std::vector<std::uint64_t> sums;
  for (int i = 0; i < frames; ++i) {
    if (i == 5)
      world.setScene(makeScene(Sky::kNight, Scenery::kOcean, Weather::kSnow, {kBlueCube}), 12);
    if (i == 9) world.setActions(kActionZoomIn | kActionPanLeft);
    sums.push_back(checksum(render(world, 96, 96).rgb));
    world.advance();
  }
  return sums;
}

TEST(World, SameSeedSameFramesDifferentSeedDifferentFrames) {
  const auto first = scriptedRun(17, 24);
  EXPECT_EQ(first, scriptedRun(17, 24));
  const auto other = scriptedRun(18, 24);
  for (std::size_t i = 0; i < first.size(); ++i) {
    EXPECT_NE(first[i], other[i]) << "frame " << i;
  }
}

TEST(World, RenderIsRepeatableAndLeavesTheStateAlone) {
  World world(3, busyScene());
  for (int i = 0; i < 7; ++i) world.advance();
  const auto before = world.labels();
  const auto a = render(world);
  const auto b = render(world);
  EXPECT_EQ(a.rgb, b.rgb);
  EXPECT_EQ(world.labels().subjects.size(), before.subjects.size());
  EXPECT_EQ(world.frameIndex(), 7);
}

TEST(World, RendersAnySize) {
  World world(5, busyScene());
  for (auto [width, height] : {std::pair{256, 256}, std::pair{64, 64}, std::pair{100, 60},
                               std::pair{37, 200}, std::pair{1, 1}}) {
    const auto image = render(world, width, height);
    ASSERT_EQ(image.rgb.size(), static_cast<std::size_t>(width * height * 3));
    if (width >= 37) {
      const auto top = world_testing::meanColour(image, 0.0f, 0.3f);
      const auto bottom = world_testing::meanColour(image, 0.8f, 1.0f);
      EXPECT_GT(world_testing::distance(top, bottom), 0.1f) << width << "x" << height;
    }
  }
  world.render(nullptr, 64, 64);  // ignored
  std::vector<std::uint8_t> none;
  world.render(none.data(), 0, 0);
}

std::vector<SubjectLabel> track(const Subject& subject, int frames, std::uint64_t seed = 9) {
  World world(seed, makeScene(Sky::kDay, Scenery::kMeadow, Weather::kClear, {subject}));
  std::vector<SubjectLabel> positions;
  for (int i = 0; i < frames; ++i) {
    const FrameLabels labels = world.labels();
    positions.push_back(labels.subjects.empty() ? SubjectLabel{} : labels.subjects.front());
    world.advance();
  }
  return positions;
}

TEST(World, BouncingSubjectGoesUpAndDown) {
  const auto positions = track(kRedBall, 48);
  float low = 1.0f, high = 0.0f;
  for (const SubjectLabel& p : positions) {
    low = std::min(low, p.centre_y);
    high = std::max(high, p.centre_y);
    EXPECT_NEAR(p.centre_x, positions.front().centre_x, 1e-4f);
  }
  EXPECT_GT(high - low, 0.15f);
  // The pixels agree with the label: the ball's rendered centre follows it.
  World with(9, makeScene(Sky::kDay, Scenery::kMeadow, Weather::kClear, {kRedBall}));
  World without(9, makeScene(Sky::kDay, Scenery::kMeadow));
  for (int step : {0, 6, 6}) {
    const auto mask =
        world_testing::differenceMask(renderAfter(with, step), renderAfter(without, step));
    EXPECT_NEAR(mask.centre_y, with.labels().subjects.front().centre_y, 0.04f);
  }
}

TEST(World, SubjectsMoveAsTheirMotionSays) {
  const auto left = track({Shape::kStar, Colour::kYellow, Motion::kDriftingLeft}, 24);
  const auto right = track({Shape::kStar, Colour::kYellow, Motion::kDriftingRight}, 24);
  const auto rising = track({Shape::kRing, Colour::kGreen, Motion::kRising}, 24);
  const auto spinning = track({Shape::kCube, Colour::kWhite, Motion::kSpinning}, 24);
  for (std::size_t i = 1; i < 24; ++i) {
    const float dx_left = left[i].centre_x - left[i - 1].centre_x;
    const float dx_right = right[i].centre_x - right[i - 1].centre_x;
    if (std::abs(dx_left) < 0.5f) {  // (a wrap jumps back)
      EXPECT_LT(dx_left, 0.0f);
    }
    if (std::abs(dx_right) < 0.5f) {
      EXPECT_GT(dx_right, 0.0f);
    }
    if (std::abs(rising[i].centre_y - rising[i - 1].centre_y) < 0.5f) {
      EXPECT_LT(rising[i].centre_y, rising[i - 1].centre_y);
    }
    EXPECT_FLOAT_EQ(spinning[i].centre_x, spinning[0].centre_x);
    EXPECT_FLOAT_EQ(spinning[i].centre_y, spinning[0].centre_y);
  }
  // A spinning cube looks different from one frame to the next, a drifting one does not turn.
  World world(9, makeScene(Sky::kDay, Scenery::kCity, Weather::kClear,
                           {{Shape::kCube, Colour::kWhite, Motion::kSpinning}}));
  const auto a = render(world);
  const auto b = renderAfter(world, 6);
  EXPECT_GT(world_testing::differenceMask(b, a).count, 300);
}

TEST(World, DriftingSubjectLeavesTheLabelsWhileOutOfFrame) {
  const auto positions = track({Shape::kBall, Colour::kBlue, Motion::kDriftingRight}, 24 * 12);
  int visible = 0;
  for (const SubjectLabel& p : positions) visible += p.radius > 0.0f;
  EXPECT_LT(visible, static_cast<int>(positions.size()));  // it wrapped around at least once
  EXPECT_GT(visible, static_cast<int>(positions.size()) * 2 / 3);
}

TEST(World, TransitionTakesTheRequestedNumberOfFrames) {
  for (int frames : {1, 12, 24, 36}) {
    World world(4, makeScene(Sky::kSunset, Scenery::kDesert, Weather::kClear));
    world.advance();
    world.setScene(makeScene(Sky::kNight, Scenery::kDesert, Weather::kFog), frames);
    EXPECT_EQ(world.transitionProgress(), 0.0f);
    for (int i = 1; i <= frames; ++i) {
      world.advance();
      EXPECT_FLOAT_EQ(world.transitionProgress(), static_cast<float>(i) / frames) << i;
      const bool second_half = 2 * i >= frames;
      EXPECT_EQ(world.labels().sky, second_half ? Sky::kNight : Sky::kSunset) << i << "/" << frames;
      EXPECT_EQ(world.labels().weather, second_half ? Weather::kFog : Weather::kClear);
    }
    // Once done, the frame is exactly that of a world that started in the target scene.
    World fresh(4, makeScene(Sky::kNight, Scenery::kDesert, Weather::kFog));
    for (int i = 0; i < world.frameIndex(); ++i) fresh.advance();
    EXPECT_EQ(render(world, 64, 64).rgb, render(fresh, 64, 64).rgb) << frames;
  }
  World instant(4, makeScene(Sky::kDay, Scenery::kOcean));
  instant.setScene(makeScene(Sky::kDawn, Scenery::kCity, Weather::kSnow), 0);
  EXPECT_EQ(instant.transitionProgress(), 1.0f);
  EXPECT_EQ(instant.labels().sky, Sky::kDawn);
  EXPECT_EQ(instant.labels().scenery, Scenery::kCity);
}

TEST(World, SkyCrossfadesGradually) {
  World world(6, makeScene(Sky::kSunset, Scenery::kOcean));
  const auto night = [] {
    World target(6, makeScene(Sky::kNight, Scenery::kOcean));
    return world_testing::meanColour(render(target, 64, 64), 0.0f, 0.55f);
  }();
  world.setScene(makeScene(Sky::kNight, Scenery::kOcean), 24);
  float previous = 1e9f;
  for (int i = 0; i <= 24; ++i) {
    const float gap = world_testing::distance(
        world_testing::meanColour(render(world, 64, 64), 0.0f, 0.55f), night);
    EXPECT_LE(gap, previous + 0.01f) << i;
    if (i == 12) {
      EXPECT_GT(gap, 0.05f);  // half way: still clearly in between
    }
    previous = gap;
    world.advance();
  }
  EXPECT_LT(previous, 0.03f);
}

TEST(World, SubjectColourBlendsInPlace) {
  const Subject red{Shape::kBall, Colour::kRed, Motion::kSpinning};
  const Subject blue{Shape::kBall, Colour::kBlue, Motion::kSpinning};
  World world(8, makeScene(Sky::kDay, Scenery::kCity, Weather::kClear, {red}));
  World background(8, makeScene(Sky::kDay, Scenery::kCity));
  const SubjectLabel start = world.labels().subjects.at(0);
  world.setScene(makeScene(Sky::kDay, Scenery::kCity, Weather::kClear, {blue}), 20);
  for (int i = 1; i <= 20; ++i) {
    world.advance();
    background.advance();
    const FrameLabels labels = world.labels();
    ASSERT_EQ(labels.subjects.size(), 1u);
    EXPECT_EQ(labels.subjects[0].subject.colour, i >= 10 ? Colour::kBlue : Colour::kRed);
    EXPECT_FLOAT_EQ(labels.subjects[0].centre_x, start.centre_x);  // same subject, same place
    if (i == 10) {
      const auto mask = world_testing::differenceMask(render(world), render(background));
      EXPECT_GT(mask.mean[0], 0.25f);  // between red and blue: purple-ish
      EXPECT_GT(mask.mean[2], 0.25f);
    }
  }
  const auto mask = world_testing::differenceMask(render(world), render(background));
  EXPECT_EQ(world_testing::nearestColour(mask.mean), Colour::kBlue);
}

TEST(World, RemovedSubjectFadesOutAndANewOneFadesIn) {
  World world(2, makeScene(Sky::kDay, Scenery::kMeadow, Weather::kClear, {kRedBall}));
  world.setScene(makeScene(Sky::kDay, Scenery::kMeadow, Weather::kClear, {kBlueCube}), 16);
  for (int i = 1; i <= 16; ++i) {
    world.advance();
    const FrameLabels labels = world.labels();
    ASSERT_EQ(labels.subjects.size(), 1u) << i;  // never both, never neither (both in frame)
    EXPECT_EQ(labels.subjects[0].subject, i >= 8 ? kBlueCube : kRedBall) << i;
  }
  // Removing the last subject: once faded, the frame is the empty scene's.
  world.setScene(makeScene(Sky::kDay, Scenery::kMeadow), 10);
  for (int i = 0; i < 10; ++i) world.advance();
  EXPECT_TRUE(world.labels().subjects.empty());
  World empty(2, makeScene(Sky::kDay, Scenery::kMeadow));
  for (int i = 0; i < world.frameIndex(); ++i) empty.advance();
  EXPECT_EQ(render(world, 64, 64).rgb, render(empty, 64, 64).rgb);
  // Adding one back.
  world.setScene(makeScene(Sky::kDay, Scenery::kMeadow, Weather::kClear, {kRedBall, kBlueCube}),
                 12);
  for (int i = 0; i < 12; ++i) world.advance();
  EXPECT_EQ(world.labels().subjects.size(), 2u);
}

TEST(World, AtMostTwoSubjects) {
  World world(
      1, makeScene(Sky::kDay, Scenery::kMeadow, Weather::kClear, {kRedBall, kBlueCube, kRedBall}));
  EXPECT_EQ(world.scene().subjects.size(), 2u);
  // Many quick changes never run out of subject slots.
  for (int i = 0; i < 20; ++i) {
    const Subject subject{static_cast<Shape>(i % 5), Colour::kGreen, static_cast<Motion>(i % 5)};
    world.setScene(makeScene(Sky::kDay, Scenery::kMeadow, Weather::kClear, {subject, kRedBall}), 8);
    world.advance();
    render(world, 32, 32);
  }
}

// Where a subject first shows depends on the scene alone, not the seed: one subject in the
// middle, two side by side, the same size and motion phase every time.
TEST(World, SubjectsAppearAtTheirSlotsPlaceWhateverTheSeed) {
  std::vector<std::vector<SubjectLabel>> starts;
  for (std::uint64_t seed : {1u, 2u, 77u}) {
    World one(seed, makeScene(Sky::kDay, Scenery::kMeadow, Weather::kClear, {kRedBall}));
    World two(seed, makeScene(Sky::kDay, Scenery::kMeadow, Weather::kClear, {kRedBall, kBlueCube}));
    starts.push_back(
        {one.labels().subjects.at(0), two.labels().subjects.at(0), two.labels().subjects.at(1)});
  }
  const auto& first = starts.front();
  EXPECT_NEAR(first[0].centre_x, 0.5f, 0.01f);
  EXPECT_LT(first[1].centre_x, 0.4f);
  EXPECT_GT(first[2].centre_x, 0.6f);
  for (const auto& start : starts) {
    for (std::size_t i = 0; i < start.size(); ++i) {
      EXPECT_FLOAT_EQ(start[i].centre_x, first[i].centre_x);
      EXPECT_FLOAT_EQ(start[i].centre_y, first[i].centre_y);
      EXPECT_FLOAT_EQ(start[i].radius, first[i].radius);
    }
  }
  // A subject that joins mid-stream appears at its place too.
  World world(5, makeScene(Sky::kDay, Scenery::kMeadow));
  for (int i = 0; i < 30; ++i) world.advance();
  world.setScene(makeScene(Sky::kDay, Scenery::kMeadow, Weather::kClear, {kRedBall}), 12);
  for (int i = 0; i < 12; ++i) world.advance();
  ASSERT_EQ(world.labels().subjects.size(), 1u);
  EXPECT_FLOAT_EQ(world.labels().subjects[0].centre_x, first[0].centre_x);
}

TEST(World, RenderSpeed) {
  std::vector<std::uint8_t> frame(256 * 256 * 3);
  double worst_ms = 0.0, total_ms = 0.0;
  int scenes = 0;
  for (Scenery scenery : allValues<Scenery>()) {
    for (Weather weather : allValues<Weather>()) {
      World world(
          1,
          makeScene(static_cast<Sky>((static_cast<int>(scenery) + static_cast<int>(weather)) % 5),
                    scenery, weather, {kRedBall, kBlueCube}));
      constexpr int kFrames = 20;
      const auto start = std::chrono::steady_clock::now();
      for (int i = 0; i < kFrames; ++i) {
        world.render(frame.data(), 256, 256);
        world.advance();
      }
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count() /
          kFrames;
      worst_ms = std::max(worst_ms, ms);
      total_ms += ms;
      ++scenes;
    }
  }
  std::cout << "[ speed    ] world 256x256 render+advance: mean " << total_ms / scenes
            << " ms, worst " << worst_ms << " ms per frame (one thread, target < 3 ms)\n";
}

}  // namespace
}  // namespace liveframe::sketch
