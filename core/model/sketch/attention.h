// Scaled dot-product attention with an additive bias, on libtorch 1.13 and 2.x alike.
#pragma once

#include <torch/torch.h>

namespace liveframe::sketch {

// q [B, H, Nq, D], k/v [B, H, Nk, D], bias broadcastable to [B, H, Nq, Nk] (or undefined).
torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                     const torch::Tensor& bias);

// [B, N, H*D] → [B, H, N, D] and back.
torch::Tensor splitHeads(const torch::Tensor& x, int64_t heads);
torch::Tensor mergeHeads(const torch::Tensor& x);

// Per-head RMS normalisation of queries and keys (keeps attention logits bounded).
struct RmsNormImpl : torch::nn::Module {
  explicit RmsNormImpl(int64_t dim);
  torch::Tensor forward(const torch::Tensor& x);
  torch::Tensor weight;
};
TORCH_MODULE(RmsNorm);

}  // namespace liveframe::sketch
