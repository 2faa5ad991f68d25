// The KV cache's slot arithmetic: global growth, the rolling window with a sink, repeated
// passes over one block, and window-relative RoPE positions that never run out.
#include "wan/dit_cache.h"

#include <gtest/gtest.h>

namespace liveframe::wan {
namespace {

DitConfig tinyDit() {
  DitConfig config;
  config.dim = 32;
  config.num_heads = 2;
  config.num_layers = 2;
  config.ffn_dim = 64;
  config.text_dim = 16;
  config.text_len = 4;
  return config;
}

StreamConfig rolling(std::int64_t window, std::int64_t sink, std::int64_t frames_per_block) {
  StreamConfig stream;
  stream.local_attn_frames = window;
  stream.sink_frames = sink;
  stream.frames_per_block = frames_per_block;
  return stream;
}

// One pass as the DiT makes it: plan, write every layer, commit.
CachePlan pass(DitCache& cache, std::int64_t start_frame, std::int64_t frames, float value) {
  auto plan = cache.plan(start_frame, frames);
  const auto tokens = frames * cache.frameTokens();
  for (std::size_t layer = 0; layer < 2; ++layer) {
    auto kv = torch::full({1, tokens, 2, 16}, value);
    cache.update(layer, plan, kv, kv);
  }
  cache.commit(plan);
  return plan;
}

TEST(DitCache, GlobalCacheGrowsAndRepeatedStepsOverwriteTheirBlock) {
  StreamConfig stream;
  stream.global_cache_frames = 6;
  DitCache cache(tinyDit(), stream, 4, 1, torch::kFloat32);
  auto first = pass(cache, 0, 3, 1.0f);
  EXPECT_EQ(first.write_begin, 0);
  EXPECT_EQ(first.write_end, 12);
  auto again = pass(cache, 0, 3, 2.0f);  // the next denoising step of the same block
  EXPECT_EQ(again.write_begin, 0);
  EXPECT_EQ(again.write_end, 12);
  auto second = pass(cache, 3, 3, 3.0f);
  EXPECT_EQ(second.write_begin, 12);
  EXPECT_EQ(second.attend_begin, 0);
  EXPECT_EQ(second.key_frame_positions, (std::vector<std::int64_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_THROW(cache.plan(6, 3), std::runtime_error);  // full: one line says so
}

TEST(DitCache, RollingWindowKeepsTheSinkAndTheNewestFrames) {
  DitCache cache(tinyDit(), rolling(4, 1, 1), 2, 1, torch::kFloat32);
  for (std::int64_t frame = 0; frame < 4; ++frame) pass(cache, frame, 1, static_cast<float>(frame));
  auto plan = pass(cache, 4, 1, 4.0f);
  EXPECT_EQ(plan.evicted_tokens, 2);
  EXPECT_EQ(plan.slot_positions, (std::vector<std::int64_t>{0, 2, 3, 4}));
  auto keys = cache
                  .update(0, cache.plan(4, 1), torch::full({1, 2, 2, 16}, 4.0f),
                          torch::full({1, 2, 2, 16}, 4.0f))
                  .first;
  // Slot frames hold frames 0 (the sink), 2, 3, 4: values 0, 2, 3, 4.
  for (std::int64_t slot = 0; slot < 4; ++slot) {
    const float expected = slot == 0 ? 0.0f : static_cast<float>(slot + 1);
    EXPECT_EQ(keys[0][slot * 2][0][0].item<float>(), expected) << "slot " << slot;
  }
  auto later = pass(cache, 5, 1, 5.0f);
  EXPECT_EQ(later.key_frame_positions, (std::vector<std::int64_t>{0, 3, 4, 5}));
}

TEST(DitCache, WindowRelativePositionsStayBoundedForever) {
  DitCache cache(tinyDit(), rolling(4, 1, 1), 2, 1, torch::kFloat32, RopePositions::WindowRelative);
  CachePlan plan;
  for (std::int64_t frame = 0; frame < 3000; ++frame) plan = pass(cache, frame, 1, 0.0f);
  EXPECT_EQ(plan.key_frame_positions, (std::vector<std::int64_t>{0, 1, 2, 3}));
  EXPECT_EQ(plan.query_frame_positions, (std::vector<std::int64_t>{3}));
  EXPECT_EQ(plan.slot_positions, (std::vector<std::int64_t>{0, 2997, 2998, 2999}));
  EXPECT_EQ(cache.framesWritten(), 3000);
}

TEST(DitCache, ConfigurationsThatCannotRollAreRejected) {
  EXPECT_FALSE(rolling(2, 2, 1).validate().ok());  // no room for a block beside the sink
  EXPECT_TRUE(rolling(12, 3, 3).validate().ok());  // LongLive's window
  StreamConfig bad;
  bad.denoising_steps = {1200};
  EXPECT_FALSE(bad.validate().ok());
}

}  // namespace
}  // namespace liveframe::wan
