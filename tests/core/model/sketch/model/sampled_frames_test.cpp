// sampledFrames (the model's own drawing of a training clip): each frame from the frames
// before it only, the sampler's steps, and the conditioning read.
#include "sketch/train/sampled_frames.h"

#include <gtest/gtest.h>

#include "sketch/sketch_model.h"

namespace liveframe::sketch {
namespace {

struct Clip {
  torch::Tensor z, actions, conditioning, buckets;
};

Clip randomClip(const SketchConfig& config, int frames) {
  torch::manual_seed(11);
  Clip clip;
  clip.z = torch::randn({1, frames, config.tokensPerFrame(), config.tokenChannels()});
  clip.actions = torch::zeros({1, frames}, torch::kLong);
  clip.conditioning = torch::randn({1, frames, config.text_queries, config.dim});
  clip.buckets = teacherForcingBuckets(frames, config.window_frames, config.sink_frames);
  return clip;
}

torch::Tensor sample(TransformerImpl& transformer, const SketchConfig& config, const Clip& clip) {
  torch::manual_seed(5);  // the same noise each call
  return sampledFrames(transformer, config, clip.z, clip.actions, clip.conditioning, clip.buckets,
                       0.3f);
}

float maxDifference(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<float>();
}

TEST(SampledFrames, EachFrameDependsOnlyOnTheFramesBeforeIt) {
  auto config = SketchConfig::tiny();
  auto model = SketchModel::random(config, {"ball", "red"});
  const int frames = 6;
  Clip clip = randomClip(config, frames);
  const auto drawn = sample(*model->transformer(), config, clip);
  ASSERT_EQ(drawn.sizes(), clip.z.sizes());
  EXPECT_GT(maxDifference(drawn, clip.z), 0.1f);  // drawn, not copied
  EXPECT_EQ(maxDifference(drawn, sample(*model->transformer(), config, clip)), 0.0f);

  Clip changed = clip;
  changed.z = clip.z.clone();
  changed.z.select(1, 3).add_(1.0);
  const auto redrawn = sample(*model->transformer(), config, changed);
  for (int i = 0; i <= 3; ++i) {
    EXPECT_LT(maxDifference(drawn.select(1, i), redrawn.select(1, i)), 1e-6f) << "frame " << i;
  }
  EXPECT_GT(maxDifference(drawn.select(1, 4), redrawn.select(1, 4)), 1e-3f);
}

TEST(SampledFrames, RunsEverySamplingStepAndReadsTheConditioning) {
  auto config = SketchConfig::tiny();
  auto model = SketchModel::random(config, {"ball", "red"});
  Clip clip = randomClip(config, 3);
  const auto two_steps = sample(*model->transformer(), config, clip);
  SketchConfig one_step = config;
  one_step.sampling_timesteps = {1.0f};
  EXPECT_GT(maxDifference(two_steps, sample(*model->transformer(), one_step, clip)), 1e-3f);
  Clip other_prompt = clip;
  other_prompt.conditioning = clip.conditioning + 1.0;
  EXPECT_GT(maxDifference(two_steps, sample(*model->transformer(), config, other_prompt)), 1e-3f);
}

}  // namespace
}  // namespace liveframe::sketch
