#include "engine/prompt_schedule.h"

#include <gtest/gtest.h>

#include "sketch/sketch_model.h"

namespace liveframe {
namespace {

class PromptScheduleTest : public ::testing::Test {
 protected:
  std::unique_ptr<sketch::SketchModel> model_ =
      sketch::SketchModel::random(sketch::SketchConfig::tiny(), {"red", "ball", "night"});
};

TEST_F(PromptScheduleTest, TransitionBlendsOverTheRequestedFrames) {
  PromptSchedule schedule(*model_);
  schedule.setTarget({{"red ball", 1.0f}}, 4);
  const auto first = schedule.next();  // the first prompt applies at once
  const auto a = first->tokens;
  schedule.setTarget({{"night", 1.0f}}, 4);
  const auto b = model_->encodePrompt("night")->tokens;
  std::vector<float> distance_to_b;
  for (int i = 0; i < 5; ++i)
    distance_to_b.push_back((schedule.next()->tokens - b).norm().item<float>());
  for (int i = 1; i < 4; ++i) EXPECT_LT(distance_to_b[i], distance_to_b[i - 1]);
  EXPECT_NEAR(distance_to_b[3], 0.0f, 1e-5f);  // frame 4 of 4 reaches the target
  EXPECT_NEAR(distance_to_b[4], 0.0f, 1e-5f);
  EXPECT_GT(distance_to_b[0], 1e-3f);
  (void)a;
}

TEST_F(PromptScheduleTest, CachesEncodedPrompts) {
  PromptSchedule schedule(*model_, 2);
  schedule.setTarget({{"red", 1.0f}}, 0);
  schedule.setTarget({{"night", 1.0f}}, 0);
  schedule.setTarget({{"red", 1.0f}}, 0);
  EXPECT_EQ(schedule.cacheMisses(), 2);
  EXPECT_EQ(schedule.cacheHits(), 1);
  schedule.setTarget({{"ball", 1.0f}}, 0);  // evicts "night" (least recent)
  schedule.setTarget({{"night", 1.0f}}, 0);
  EXPECT_EQ(schedule.cacheMisses(), 4);
}

TEST_F(PromptScheduleTest, WeightedBlendIsBetweenItsParts) {
  PromptSchedule schedule(*model_);
  schedule.setTarget({{"red", 3.0f}, {"night", 1.0f}}, 0);
  const auto blended = schedule.next()->tokens;
  const auto red = model_->encodePrompt("red")->tokens;
  const auto night = model_->encodePrompt("night")->tokens;
  EXPECT_TRUE(torch::allclose(blended, 0.75 * red + 0.25 * night, 1e-5, 1e-5));
}

}  // namespace
}  // namespace liveframe
