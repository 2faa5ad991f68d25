#include "sketch/sketch_model.h"

#include <gtest/gtest.h>

#include "liveframe/frame.h"
#include "sketch/flops.h"

namespace liveframe::sketch {
namespace {

std::vector<std::string> words() { return {"ball", "night", "ocean", "red", "sunset"}; }

// The streaming path (KV cache, rolling window, sink) must compute exactly what the training
// path computes on the whole sequence with its attention mask.
TEST(SketchTransformer, CachedStepsEqualFullSequenceForward) {
  auto config = SketchConfig::tiny();
  config.window_frames = 2;
  config.sink_frames = 1;
  auto model = SketchModel::random(config, words());
  auto& transformer = model->transformer();
  torch::NoGradGuard no_grad;
  const int frames = 7;  // > sink + window + 1: the cache rolls
  const int tokens = config.tokensPerFrame(), channels = config.tokenChannels();
  torch::manual_seed(3);
  const auto clean = torch::randn({1, frames, tokens, channels});
  const auto noisy = torch::randn({1, frames, tokens, channels});
  // The prompt changes after frame 3: per-frame conditioning, as in training clips.
  const auto text_a = torch::randn({1, config.text_queries, config.dim});
  const auto text_b = torch::randn({1, config.text_queries, config.dim});
  auto text_of = [&](int frame) { return frame < 4 ? text_a : text_b; };
  std::vector<torch::Tensor> per_frame;
  for (int copy = 0; copy < 2; ++copy) {
    for (int i = 0; i < frames; ++i) per_frame.push_back(text_of(i));
  }
  const auto text = torch::stack(per_frame, 1);  // [1, 2F, K, D]
  const float t_noisy = 0.7f;
  std::vector<unsigned> actions = {0, 1, 2, 0, 4, 8, 0};

  // Full sequence: clean frames then noisy frames.
  const auto buckets = teacherForcingBuckets(frames, config.window_frames, config.sink_frames);
  auto t = torch::cat({torch::zeros({1, frames}), torch::full({1, frames}, t_noisy)}, 1);
  auto action_tensor =
      torch::tensor(std::vector<int64_t>(actions.begin(), actions.end())).unsqueeze(0);
  action_tensor = torch::cat({action_tensor, action_tensor}, 1);
  const auto full =
      transformer->forwardSequence(torch::cat({clean, noisy}, 1), t, action_tensor, text, buckets);

  // Streaming: per frame, the noisy pass, then the clean pass that writes the cache.
  SketchStream stream(config, config.heads);
  for (int i = 0; i < frames; ++i) {
    const auto text_kv = transformer->textKv(text_of(i));
    const auto flow = transformer->forwardCached(noisy.select(1, i), t_noisy, actions[i],
                                                 text_of(i), text_kv, stream.cache, i);
    const auto expected = full.select(1, frames + i);
    EXPECT_LT((flow - expected).abs().max().item<float>(), 1e-4f) << "frame " << i;
    const auto clean_flow = transformer->forwardCached(clean.select(1, i), 0.0f, actions[i],
                                                       text_of(i), text_kv, stream.cache, i);
    EXPECT_LT((clean_flow - full.select(1, i)).abs().max().item<float>(), 1e-4f) << "frame " << i;
    stream.cache.commit(i);
  }
}

TEST(SketchLatents, PatchifyRoundTripsAndGroupsNeighbours) {
  const auto latents = torch::arange(2 * 3 * 4 * 4, torch::kFloat32).view({2, 3, 4, 4});
  const auto tokens = patchify(latents, 2);
  ASSERT_EQ(tokens.sizes(), (std::vector<int64_t>{2, 4, 12}));
  // Token 1 is the top-right 2x2 cell: channel 0 holds values at (0,2), (0,3), (1,2), (1,3).
  EXPECT_EQ(tokens[0][1][0].item<float>(), latents[0][0][0][2].item<float>());
  EXPECT_EQ(tokens[0][1][3].item<float>(), latents[0][0][1][3].item<float>());
  EXPECT_TRUE(torch::equal(unpatchify(tokens, 3, 4, 2), latents));
}

TEST(SketchModel, StreamsAreDeterministicPerSeed) {
  auto config = SketchConfig::tiny();
  auto model = SketchModel::random(config, words());
  const auto conditioning = model->encodePrompt("red ball at sunset");
  auto run = [&](std::uint64_t seed) {
    auto stream = model->beginStream(seed);
    std::vector<std::uint64_t> sums;
    for (int i = 0; i < 8; ++i) {
      std::vector<Frame> frames;
      model->decode(*stream, model->step(*stream, *conditioning, 0), frames);
      EXPECT_EQ(frames.size(), 1u);
      EXPECT_EQ(frames[0].rgb.size(), static_cast<std::size_t>(64 * 64 * 3));
      sums.push_back(pixelChecksum(frames[0].rgb));
    }
    return sums;
  };
  EXPECT_EQ(run(7), run(7));
  EXPECT_NE(run(7), run(8));
}

TEST(SketchModel, PromptChangesTheOutput) {
  auto model = SketchModel::random(SketchConfig::tiny(), words());
  const auto a = model->encodePrompt("red ball");
  const auto b = model->encodePrompt("night ocean");
  EXPECT_GT((a->tokens - b->tokens).abs().max().item<float>(), 1e-3f);
  auto stream_a = model->beginStream(1);
  auto stream_b = model->beginStream(1);
  const auto la = model->step(*stream_a, *a, 0);
  const auto lb = model->step(*stream_b, *b, 0);
  EXPECT_GT((la - lb).abs().max().item<float>(), 1e-4f);
}

TEST(SketchModel, EmptyAndUnknownPromptsStillEncode) {
  auto model = SketchModel::random(SketchConfig::tiny(), words());
  for (const std::string& text :
       {std::string(), std::string("zzz qqq"), std::string(100000, 'x')}) {
    const auto conditioning = model->encodePrompt(text);
    EXPECT_TRUE(torch::isfinite(conditioning->tokens).all().item<bool>());
  }
}

// Classifier-free guidance on one sampling step from t = 1: x0 = x − (u + s·(c − u)) is affine in
// the scale s, scale 1 is the unguided model, scale 0 the empty caption's flow alone.
TEST(SketchModel, GuidanceExtrapolatesFromTheEmptyCaptionsFlow) {
  auto first_latent = [](float scale, const std::string& prompt) {
    auto config = SketchConfig::tiny();
    config.sampling_timesteps = {1.0f};
    config.guidance_scale = scale;
    config.guided_steps = 1;
    auto model = SketchModel::random(config, words());
    auto stream = model->beginStream(5);
    return model->step(*stream, *model->encodePrompt(prompt), 0);
  };
  const auto off = first_latent(1.0f, "red ball");
  const auto empty = first_latent(0.0f, "red ball");
  const auto guided = first_latent(3.0f, "red ball");
  EXPECT_GT((off - empty).abs().max().item<float>(), 1e-3f) << "the caption changes nothing";
  EXPECT_LT((guided - (empty + 3.0f * (off - empty))).abs().max().item<float>(), 1e-4f);
  EXPECT_LT((empty - first_latent(0.0f, "night ocean")).abs().max().item<float>(), 1e-5f)
      << "scale 0 must not depend on the caption";
  auto config = SketchConfig::tiny();
  config.sampling_timesteps = {1.0f};
  auto unguided = SketchModel::random(config, words());
  auto stream = unguided->beginStream(5);
  EXPECT_LT((off - unguided->step(*stream, *unguided->encodePrompt("red ball"), 0))
                .abs()
                .max()
                .item<float>(),
            1e-6f);
}

TEST(SketchModel, GuidedStepsCostOneMorePassEach) {
  SketchConfig config;
  EXPECT_EQ(config.passesPerFrame(), 3);  // two sampling steps and the cache write
  const double unguided = flopsPerFrame(config);
  config.guidance_scale = 3.0f;
  config.guided_steps = 1;
  EXPECT_EQ(config.passesPerFrame(), 4);
  EXPECT_GT(flopsPerFrame(config), unguided);
  config.guided_steps = 5;  // more than there are steps: each step once
  EXPECT_EQ(config.passesPerFrame(), 5);
  auto stored = SketchConfig::fromMetadata(config.toMetadata());
  ASSERT_TRUE(stored.ok()) << stored.error();
  EXPECT_EQ(stored->guidance_scale, 3.0f);
  EXPECT_EQ(stored->guided_steps, 5);
}

TEST(SketchModel, ReportsArithmeticPerFrame) {
  auto model = SketchModel::random(SketchConfig{}, words());
  EXPECT_GT(model->info().flops_per_frame, 1e8);
  EXPECT_EQ(model->info().width, 256);
}

}  // namespace
}  // namespace liveframe::sketch
