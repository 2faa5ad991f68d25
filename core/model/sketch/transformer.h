// The causal latent transformer: predicts the flow (noise − x0) of one latent frame from its
// noisy latents, the timestep, the prompt's conditioning tokens, the frame's camera action and
// the clean frames before it (rolling window + sink, through the KV cache at inference).
// Thread-safety: Unsafe (torch module).
#pragma once

#include <torch/torch.h>

#include <vector>

#include "sketch/attention.h"
#include "sketch/kv_cache.h"
#include "sketch/sketch_config.h"

namespace liveframe::sketch {

// Cross-attention keys/values of one conditioning, per block: computed once per prompt.
struct TextKv {
  std::vector<torch::Tensor> keys, values;  // per block [B, H, K, D]
};

struct BlockImpl : torch::nn::Module {
  BlockImpl(int64_t dim, int64_t heads, int64_t mlp_ratio, int64_t buckets);
  // x [B, N, T, dim]; modulation [B, N, 6*dim]; bucket_index: index into rel_bias per
  // (query frame, key frame) or per key slot; cache: null in sequence mode.
  torch::Tensor forward(torch::Tensor x, const torch::Tensor& modulation,
                        const torch::Tensor& text_k, const torch::Tensor& text_v,
                        const torch::Tensor& bucket_index, KvCache* cache, int layer);
  std::pair<torch::Tensor, torch::Tensor> textKv(const torch::Tensor& conditioning);

  int64_t heads, buckets;
  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr}, norm_cross{nullptr};
  torch::nn::Linear qkv{nullptr}, out{nullptr}, cross_q{nullptr}, cross_kv{nullptr},
      cross_out{nullptr}, fc1{nullptr}, fc2{nullptr}, modulate{nullptr};
  RmsNorm q_norm{nullptr}, k_norm{nullptr};
  torch::Tensor rel_bias;  // [H, buckets]
};
TORCH_MODULE(Block);

// One frame of a training sequence: its stream index and whether it is the clean context copy.
struct SequenceFrame {
  std::int64_t stream_index = 0;
  bool clean = false;
};

// Bucket index [N, N] for a training sequence; `buckets` (= no bucket) where attention is masked.
torch::Tensor sequenceBuckets(const std::vector<SequenceFrame>& frames, int window, int sink);

// sequenceBuckets of the teacher-forcing layout: `frames` clean context frames, then the same
// frames noisy, each noisy one seeing the clean frames before it.
torch::Tensor teacherForcingBuckets(int frames, int window, int sink);

struct TransformerImpl : torch::nn::Module {
  explicit TransformerImpl(const SketchConfig& config);

  // Per-frame conditioning vector from timestep t [B, N], actions [B, N] (int64 bit sets)
  // and conditioning tokens [B, K, dim] (all frames) or [B, N, K, dim] (per frame) → [B, N, dim].
  torch::Tensor frameVector(const torch::Tensor& t, const torch::Tensor& actions,
                            const torch::Tensor& conditioning);
  TextKv textKv(const torch::Tensor& conditioning);

  // Training/reference path: latents [B, N, T, C] of a whole sequence → flow [B, N, T, C].
  torch::Tensor forwardSequence(const torch::Tensor& latents, const torch::Tensor& t,
                                const torch::Tensor& actions, const torch::Tensor& conditioning,
                                const torch::Tensor& bucket_index);
  // Streaming path: one frame [1, T, C] at stream position `frame_index`; writes its keys and
  // values into the cache's scratch slot (commit() keeps them) → flow [1, T, C].
  torch::Tensor forwardCached(const torch::Tensor& latents, float t, unsigned actions,
                              const torch::Tensor& conditioning, const TextKv& text_kv,
                              KvCache& cache, std::int64_t frame_index);
  void zeroInitOutputs();  // adaLN-zero: every block starts as the identity

  SketchConfig config;
  torch::nn::Linear in_proj{nullptr}, time_fc1{nullptr}, time_fc2{nullptr}, text_proj{nullptr},
      final_modulate{nullptr}, out_proj{nullptr};
  torch::Tensor position, action_embedding;  // [T, dim], [4, dim]
  torch::nn::ModuleList blocks;
  torch::nn::LayerNorm final_norm{nullptr};

 private:
  torch::Tensor run(torch::Tensor x, const torch::Tensor& frame_vector, const TextKv& text_kv,
                    const torch::Tensor& bucket_index, KvCache* cache);
};
TORCH_MODULE(Transformer);

}  // namespace liveframe::sketch
