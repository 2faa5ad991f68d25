// Attention pieces of the sketch model: the shared scaled dot-product attention and a
// per-head RMS norm of queries and keys.
#pragma once

#include <torch/torch.h>

#include "model/attention.h"

namespace liveframe::sketch {

using model::attend;
using model::mergeHeads;
using model::splitHeads;

// Per-head RMS normalisation of queries and keys (keeps attention logits bounded).
struct RmsNormImpl : torch::nn::Module {
  explicit RmsNormImpl(int64_t dim);
  torch::Tensor forward(const torch::Tensor& x);
  torch::Tensor weight;
};
TORCH_MODULE(RmsNorm);

}  // namespace liveframe::sketch
