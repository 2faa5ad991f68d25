// Scaled dot-product attention shared by the model families, on libtorch 1.13 and 2.x alike.
// Thread-safety: pure functions.
#pragma once

#include <torch/torch.h>

namespace liveframe::model {

// q [B, H, Nq, D], k/v [B, H, Nk, D], bias broadcastable to [B, H, Nq, Nk] (or undefined);
// softmax(q·kᵀ/√D + bias)·v.
torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                     const torch::Tensor& bias);

// [B, N, H*D] → [B, H, N, D] and back.
torch::Tensor splitHeads(const torch::Tensor& x, int64_t heads);
torch::Tensor mergeHeads(const torch::Tensor& x);

}  // namespace liveframe::model
