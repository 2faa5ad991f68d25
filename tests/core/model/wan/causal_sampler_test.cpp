// LongLive's KV re-cache on a prompt switch, on the reference vectors' rolling DiT: the
// frames after the sink are recomputed under the new prompt at their own positions; the sink
// and the stream's position stay.
#include "wan/causal_sampler.h"

#include <gtest/gtest.h>

#include "io/safetensors.h"
#include "model/weights.h"

namespace liveframe::wan {
namespace {

namespace fs = std::filesystem;

struct RollingStream {
  DitConfig dit;
  StreamConfig stream;
  CausalDit model{nullptr};
  std::unique_ptr<DitCache> cache;
  std::unique_ptr<CausalSampler> sampler;
  torch::Tensor prompt_a, prompt_b;

  RollingStream() {
    const fs::path dir = fs::path(LIVEFRAME_SHARED_DIR) / "testvectors/wan";
    auto weights = io::SafetensorsFile::open(dir / "causal_dit_rolling.weights.safetensors");
    EXPECT_TRUE(weights.ok());
    dit = DitConfig::fromMetadata(weights.value()->metadata()).value();
    stream = StreamConfig::fromMetadata(weights.value()->metadata()).value();
    model = CausalDit(dit);
    EXPECT_TRUE(model::loadModule(*model, *weights.value(), "").ok());
    cache = std::make_unique<DitCache>(dit, stream, model->frameTokens(4, 6), 1,
                                       torch::TensorOptions().dtype(torch::kFloat32));
    torch::manual_seed(5);
    prompt_a = torch::randn({11, dit.text_dim});
    prompt_b = torch::randn({11, dit.text_dim});
    model->setPrompt(prompt_a, *cache);
    sampler = std::make_unique<CausalSampler>(model, *cache, stream);
  }
  torch::Tensor block(std::uint64_t seed) {
    torch::manual_seed(seed);
    auto noise = torch::randn({1, 1, 16, 4, 6});
    return sampler->generateBlock(
        noise, [](const torch::Tensor& like) { return torch::zeros_like(like); });
  }
};

TEST(CausalSampler, RecacheRewritesTheWindowAfterTheSinkUnderTheNewPrompt) {
  RollingStream s;
  for (std::uint64_t i = 0; i < 6; ++i) s.block(i);
  const auto before = s.cache->layerKeys(1).clone();
  s.sampler->switchPrompt(s.prompt_b, /*recache=*/true);
  EXPECT_EQ(s.sampler->lastRecacheFrames(), 3);  // a 4-frame window less its 1-frame sink
  EXPECT_EQ(s.sampler->nextFrame(), 6);
  const auto after = s.cache->layerKeys(1);
  const auto tokens = s.cache->frameTokens();
  EXPECT_TRUE(torch::equal(after.slice(1, 0, tokens), before.slice(1, 0, tokens)));  // sink kept
  for (std::int64_t slot = 1; slot < 4; ++slot) {
    EXPECT_FALSE(torch::equal(after.slice(1, slot * tokens, (slot + 1) * tokens),
                              before.slice(1, slot * tokens, (slot + 1) * tokens)))
        << "slot " << slot;
  }
  // The window still holds frames 0 (sink), 3, 4, 5; the next block rolls as before.
  EXPECT_EQ(s.cache->plan(6, 1).key_frame_positions, (std::vector<std::int64_t>{0, 4, 5, 6}));
}

TEST(CausalSampler, RecacheIsBlockwiseCausalAnOldFrameNeverSeesANewerOne) {
  // Two streams equal up to frame 4, different at frame 5 (its noise): after the re-cache,
  // frames 3 and 4 must have the same K/V in both (they attend only to the sink, earlier
  // frames and themselves), frame 5 not. Layer 1's keys see layer 0's attention, so an
  // unmasked pass over the window would make them differ.
  RollingStream a, b;
  for (std::uint64_t i = 0; i < 5; ++i) {
    a.block(i);
    b.block(i);
  }
  a.block(5);
  b.block(99);
  a.sampler->switchPrompt(a.prompt_b, /*recache=*/true);
  b.sampler->switchPrompt(b.prompt_b, /*recache=*/true);
  const auto tokens = a.cache->frameTokens();
  const auto& ka = a.cache->layerKeys(1);
  const auto& kb = b.cache->layerKeys(1);
  for (std::int64_t slot = 0; slot < 3; ++slot) {  // the sink, frames 3 and 4
    EXPECT_TRUE(torch::allclose(ka.slice(1, slot * tokens, (slot + 1) * tokens),
                                kb.slice(1, slot * tokens, (slot + 1) * tokens), 1e-6, 1e-7))
        << "slot " << slot;
  }
  EXPECT_FALSE(torch::allclose(ka.slice(1, 3 * tokens, 4 * tokens),
                               kb.slice(1, 3 * tokens, 4 * tokens)));
}

TEST(CausalSampler, ASwitchWithRecacheGivesADifferentNextBlockThanOneWithout) {
  RollingStream with, without, unchanged;
  for (RollingStream* s : {&with, &without, &unchanged}) {
    for (std::uint64_t i = 0; i < 5; ++i) s->block(i);
  }
  with.sampler->switchPrompt(with.prompt_b, true);
  without.sampler->switchPrompt(without.prompt_b, false);
  EXPECT_EQ(without.sampler->lastRecacheFrames(), 0);
  const auto base = unchanged.block(9);
  const auto recached = with.block(9);
  const auto plain = without.block(9);
  // Both see the new prompt through cross-attention; only the re-cached one also sees it in
  // the self-attention context.
  EXPECT_GT((plain - base).abs().max().item<double>(), 0);
  EXPECT_GT((recached - plain).abs().max().item<double>(), 0);
}

}  // namespace
}  // namespace liveframe::wan
