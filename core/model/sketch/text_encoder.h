// Text encoder over the world's vocabulary: token embeddings, a small transformer, then
// attention pooling into a fixed number of conditioning tokens, so that any two prompts'
// conditionings have one shape and can be blended by interpolation.
// Thread-safety: Unsafe (torch module).
#pragma once

#include <torch/torch.h>

#include "sketch/attention.h"
#include "sketch/sketch_config.h"

namespace liveframe::sketch {

struct TextLayerImpl : torch::nn::Module {
  TextLayerImpl(int64_t dim, int64_t heads);
  // x [B, L, D], bias [B, 1, 1, L] (−inf on padding)
  torch::Tensor forward(torch::Tensor x, const torch::Tensor& bias);
  int64_t heads;
  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr};
  torch::nn::Linear qkv{nullptr}, out{nullptr}, fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(TextLayer);

struct TextEncoderImpl : torch::nn::Module {
  TextEncoderImpl(const SketchConfig& config, int64_t vocabulary_size);
  // ids [B, L] (int64, 0 = padding) → conditioning tokens [B, K, dim]
  torch::Tensor forward(const torch::Tensor& ids);

  int64_t heads;
  torch::nn::Embedding embedding{nullptr};
  torch::Tensor position, queries;
  torch::nn::ModuleList layers;
  torch::nn::LayerNorm norm_out{nullptr};
  torch::nn::Linear pool_q{nullptr}, pool_kv{nullptr}, project{nullptr};
};
TORCH_MODULE(TextEncoder);

}  // namespace liveframe::sketch
