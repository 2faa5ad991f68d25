// The probe: labels and input of rendered frames, a short training run that must clearly beat
// chance on held-out frames, consistent classification, and save/load.
#include "sketch/eval/probe.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "model/weights.h"
#include "trained_probe.h"
#include "world/clip.h"
#include "world/world.h"

namespace liveframe::sketch {
namespace {

namespace fs = std::filesystem;

TEST(ProbeDataTest, HeadsHaveTheAttributeClassesPlusNoneForSubjects) {
  EXPECT_EQ(classCount(ProbeHead::kSky), 5);
  EXPECT_EQ(classCount(ProbeHead::kScenery), 5);
  EXPECT_EQ(classCount(ProbeHead::kWeather), 4);
  EXPECT_EQ(classCount(ProbeHead::kColour), 8);
  EXPECT_EQ(classCount(ProbeHead::kShape), 6);
  EXPECT_EQ(className(ProbeHead::kColour, 7), "none");
  EXPECT_EQ(className(ProbeHead::kSky, static_cast<int>(Sky::kSunset)), "sunset");
  EXPECT_EQ(noneClass(ProbeHead::kSky), -1);
}

TEST(ProbeDataTest, TheLargestVisibleSubjectIsLabelled) {
  FrameLabels labels;
  labels.sky = Sky::kNight;
  EXPECT_FALSE(probeLabels(labels).colour().has_value());
  labels.subjects.push_back({{Shape::kCube, Colour::kBlue, Motion::kBouncing}, 0.5f, 0.5f, 0.10f});
  // Larger, but half outside the frame: less of it shows than of the cube.
  labels.subjects.push_back({{Shape::kRing, Colour::kRed, Motion::kRising}, 1.0f, 0.5f, 0.14f});
  const ProbeLabels out = probeLabels(labels);
  EXPECT_EQ(out.sky(), Sky::kNight);
  EXPECT_EQ(out.colour(), Colour::kBlue);
  EXPECT_EQ(out.shape(), Shape::kCube);
}

TEST(ProbeDataTest, ASecondSubjectAsLargeToTheEyeIsAlsoARightAnswer) {
  FrameLabels labels;
  labels.subjects.push_back({{Shape::kCube, Colour::kBlue, Motion::kBouncing}, 0.5f, 0.5f, 0.100f});
  labels.subjects.push_back({{Shape::kBall, Colour::kRed, Motion::kRising}, 0.2f, 0.3f, 0.098f});
  ProbeLabels out = probeLabels(labels);
  EXPECT_EQ(out.shape(), Shape::kCube);
  EXPECT_TRUE(out.accepts(ProbeHead::kShape, static_cast<int>(Shape::kBall)));
  EXPECT_TRUE(out.accepts(ProbeHead::kColour, static_cast<int>(Colour::kRed)));
  EXPECT_FALSE(out.accepts(ProbeHead::kColour, static_cast<int>(Colour::kGreen)));
  EXPECT_FLOAT_EQ(out.near_x, 0.2f);
  labels.subjects[1].radius = 0.08f;  // 64% of the area: visibly smaller
  out = probeLabels(labels);
  EXPECT_FALSE(out.accepts(ProbeHead::kShape, static_cast<int>(Shape::kBall)));
  EXPECT_EQ(out.near_shape, -1);
}

TEST(ProbeDataTest, DownsamplingIsAnAreaAverage) {
  std::vector<std::uint8_t> rgb(256 * 256 * 3, 0);
  // The top-left 4x4 block: half white, half black → 0.5 in every channel.
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 2; ++x)
      for (int c = 0; c < 3; ++c) rgb[(y * 256 + x) * 3 + c] = 255;
  std::vector<float> planar(kProbePixels);
  downsampleForProbe(rgb.data(), 256, 256, planar.data());
  EXPECT_FLOAT_EQ(planar[0], 0.5f);
  EXPECT_FLOAT_EQ(planar[64 * 64], 0.5f);
  EXPECT_FLOAT_EQ(planar[1], 0.0f);
}

TEST(ProbeDataTest, SamplesAreDeterministicAndSplitsDiffer) {
  std::vector<std::uint8_t> scratch;
  std::vector<float> a(kProbePixels), b(kProbePixels), c(kProbePixels);
  ProbeLabels la, lb, lc;
  renderProbeSample(ProbeSplit::kTraining, 7, scratch, a.data(), la);
  renderProbeSample(ProbeSplit::kTraining, 7, scratch, b.data(), lb);
  renderProbeSample(ProbeSplit::kHeldOut, 7, scratch, c.data(), lc);
  EXPECT_EQ(a, b);
  EXPECT_EQ(la, lb);
  EXPECT_NE(a, c);
}

class TrainedProbeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    trained_ = &test::sharedTrainedProbe();
    probe_ = trained_->probe.get();
    report_ = &trained_->report;
    ASSERT_GT(report_->steps, 0) << "the shared probe did not train";
  }
  test::TrainedProbe* trained_ = nullptr;
  Probe* probe_ = nullptr;
  const ProbeTrainReport* report_ = nullptr;
};

TEST_F(TrainedProbeTest, AShortRunClearlyBeatsChanceOnHeldOutFrames) {
  const auto& accuracy = report_->held_out.per_head;
  EXPECT_LT(report_->last_loss, report_->first_loss);
  EXPECT_GE(accuracy[static_cast<int>(ProbeHead::kSky)], 0.80);      // chance: 0.20
  EXPECT_GE(accuracy[static_cast<int>(ProbeHead::kScenery)], 0.60);  // chance: 0.20
  EXPECT_GE(accuracy[static_cast<int>(ProbeHead::kWeather)], 0.50);  // chance: 0.25
  for (ProbeHead head : kProbeHeads) {
    std::printf("held-out %-8s %.3f\n", std::string(name(head)).c_str(),
                accuracy[static_cast<std::size_t>(head)]);
  }
}

TEST_F(TrainedProbeTest, ClassificationOfRenderedFramesIsConsistent) {
  // A still world at a clear night: the probe must say the same thing frame after frame, and
  // classify(Frame) must agree with the planar batch path.
  Scene scene;
  scene.sky = Sky::kNight;
  scene.scenery = Scenery::kCity;
  World world(11, scene);
  Frame frame;
  frame.width = frame.height = 256;
  frame.rgb.resize(256 * 256 * 3);
  world.render(frame.rgb.data(), 256, 256);
  const ProbePrediction first = probe_->classify(frame);
  const ProbePrediction again = probe_->classify(frame);
  EXPECT_EQ(first.labels, again.labels);
  EXPECT_EQ(first.confidence, again.confidence);
  std::vector<float> planar(kProbePixels);
  downsampleForProbe(frame.rgb.data(), 256, 256, planar.data());
  EXPECT_EQ(probe_->classifyPlanar(planar.data(), 1).front().labels, first.labels);
  int night = 0;
  for (int i = 0; i < 12; ++i) {
    world.advance();
    world.render(frame.rgb.data(), 256, 256);
    night += probe_->classify(frame).labels.sky() == Sky::kNight;
  }
  EXPECT_GE(night, 11);
  for (float confidence : first.confidence) {
    EXPECT_GT(confidence, 0.0f);
    EXPECT_LE(confidence, 1.0f);
  }
}

TEST_F(TrainedProbeTest, SavesAndLoadsInHalfPrecision) {
  const fs::path path =
      fs::temp_directory_path() / ("lf_probe_" + std::to_string(::getpid()) + ".safetensors");
  ASSERT_TRUE(probe_->save(path, *report_).ok());
  EXPECT_LT(fs::file_size(path), 2u * 1024 * 1024);
  auto loaded = Probe::load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  const ProbeAccuracy original = probe_->evaluateHeldOut(100);
  const ProbeAccuracy reloaded = (*loaded)->evaluateHeldOut(100);
  for (int h = 0; h < kProbeHeadCount; ++h) {
    EXPECT_NEAR(original.per_head[h], reloaded.per_head[h], 0.03) << h;
  }
  fs::remove(path);
}

TEST(ProbeTest, LoadNamesAMissingOrForeignFile) {
  auto missing = Probe::load("/nonexistent/probe.safetensors");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find("/nonexistent/probe.safetensors"), std::string::npos);
  // A valid safetensors file that is not a probe (no probe.format): refused by name.
  const fs::path path =
      fs::temp_directory_path() / ("lf_foreign_" + std::to_string(::getpid()) + ".safetensors");
  torch::nn::Linear layer(2, 2);
  ASSERT_TRUE(model::saveModules(path, {{"x.", layer.get()}}, {}, model::StoreAs::F32).ok());
  auto foreign = Probe::load(path);
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.error().find("--train-probe"), std::string::npos) << foreign.error();
  fs::remove(path);
}

}  // namespace
}  // namespace liveframe::sketch
