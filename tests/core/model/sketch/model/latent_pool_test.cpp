// The transformer stage's pool of encoded clips: bounded, oldest out, distinct samples.
#include <gtest/gtest.h>

#include <set>

#include "sketch/train/latent_pool.h"

namespace liveframe::sketch {
namespace {

// A clip whose every latent equals `id`, so a sample shows which clips it drew.
EncodedClip clipWithId(float id) {
  return {torch::full({3, 4, 2}, id), torch::full({3, 5}, static_cast<std::int64_t>(id)),
          torch::full({3}, static_cast<std::int64_t>(id)), torch::full({3, 4}, id)};
}

std::set<int> idsOf(const PooledBatch& batch) {
  std::set<int> ids;
  for (int64_t i = 0; i < batch.latents.size(0); ++i) {
    ids.insert(static_cast<int>(batch.latents[i][0][0][0].item<float>()));
  }
  return ids;
}

TEST(LatentPool, KeepsTheNewestClipsUpToItsCapacity) {
  LatentPool pool(4, 1);
  for (int id = 0; id < 7; ++id) pool.add(clipWithId(static_cast<float>(id)));
  EXPECT_EQ(pool.size(), 4u);
  EXPECT_EQ(idsOf(pool.sample(10)), (std::set<int>{3, 4, 5, 6}));  // 0-2 left first
}

TEST(LatentPool, SamplesDistinctClipsWithMatchingTokensActionsAndWeights) {
  LatentPool pool(16, 2);
  for (int id = 0; id < 16; ++id) pool.add(clipWithId(static_cast<float>(id)));
  std::set<int> seen;
  for (int draw = 0; draw < 40; ++draw) {
    const auto batch = pool.sample(2);
    ASSERT_EQ(batch.latents.sizes(), (torch::IntArrayRef{2, 3, 4, 2}));
    ASSERT_EQ(batch.tokens.sizes(), (torch::IntArrayRef{2, 3, 5}));
    ASSERT_EQ(batch.actions.sizes(), (torch::IntArrayRef{2, 3}));
    ASSERT_EQ(batch.weights.sizes(), (torch::IntArrayRef{2, 3, 4}));
    const auto ids = idsOf(batch);
    EXPECT_EQ(ids.size(), 2u) << "a clip was drawn twice in one batch";
    for (int64_t i = 0; i < 2; ++i) {
      const auto id = static_cast<std::int64_t>(batch.latents[i][0][0][0].item<float>());
      EXPECT_EQ(batch.tokens[i][0][0].item<std::int64_t>(), id);
      EXPECT_EQ(batch.actions[i][0].item<std::int64_t>(), id);
      EXPECT_EQ(static_cast<std::int64_t>(batch.weights[i][0][0].item<float>()), id);
    }
    seen.insert(ids.begin(), ids.end());
  }
  EXPECT_GT(seen.size(), 12u) << "sampling is not spread over the pool";
}

}  // namespace
}  // namespace liveframe::sketch
