// LatentPool: the transformer stage's clips, encoded once and reused. Rendering a clip and
// running the encoder over it cost about as much as a training step on 2 cores, so the stage
// keeps a pool of encoded clips, samples each batch from it, and renews it by one fresh clip
// every few steps (the oldest leaves). Each clip is then seen a few times in a few hundred
// steps, while the world's variety keeps arriving.
// Thread-safety: Unsafe; the training thread owns it.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <deque>
#include <random>

namespace liveframe::sketch {

struct EncodedClip {
  torch::Tensor latents;  // [F, T, C] patchified, divided by latent_scale
  torch::Tensor tokens;   // [F, L] int64
  torch::Tensor actions;  // [F] int64
  torch::Tensor weights;  // [F, T] float: the loss weight of each token (subjects count more)
};

struct PooledBatch {
  torch::Tensor latents;  // [B, F, T, C]
  torch::Tensor tokens;   // [B, F, L]
  torch::Tensor actions;  // [B, F]
  torch::Tensor weights;  // [B, F, T]
};

class LatentPool {
 public:
  LatentPool(std::size_t capacity, std::uint64_t seed) : capacity_(capacity), rng_(seed) {}

  void add(EncodedClip clip);  // the oldest clip leaves when full
  std::size_t size() const { return clips_.size(); }
  // `clips` distinct clips, uniformly at random (all of them if the pool is smaller).
  PooledBatch sample(std::size_t clips);

 private:
  std::size_t capacity_;
  std::deque<EncodedClip> clips_;
  std::mt19937_64 rng_;
};

}  // namespace liveframe::sketch
