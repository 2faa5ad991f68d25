#include "sketch/train/latent_pool.h"

#include <algorithm>
#include <numeric>
#include <vector>

namespace liveframe::sketch {

void LatentPool::add(EncodedClip clip) {
  if (capacity_ == 0) return;
  if (clips_.size() == capacity_) clips_.pop_front();
  clips_.push_back(std::move(clip));
}

PooledBatch LatentPool::sample(std::size_t clips) {
  std::vector<std::size_t> order(clips_.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::shuffle(order.begin(), order.end(), rng_);
  order.resize(std::min(clips, order.size()));
  std::vector<torch::Tensor> latents, tokens, actions, weights;
  for (std::size_t i : order) {
    latents.push_back(clips_[i].latents);
    tokens.push_back(clips_[i].tokens);
    actions.push_back(clips_[i].actions);
    weights.push_back(clips_[i].weights);
  }
  return {torch::stack(latents), torch::stack(tokens), torch::stack(actions),
          torch::stack(weights)};
}

}  // namespace liveframe::sketch
