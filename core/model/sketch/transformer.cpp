#include "sketch/transformer.h"

#include <cmath>
#include <limits>

namespace liveframe::sketch {
namespace {

namespace nn = torch::nn;

constexpr int64_t kTimeFrequencies = 256;
constexpr int kActionBits = 4;

nn::LayerNorm plainNorm(int64_t dim) {
  return nn::LayerNorm(nn::LayerNormOptions({dim}).elementwise_affine(false).eps(1e-6));
}

// Sinusoidal embedding of t·1000 (t in [0, 1]), as DiT/Wan do for timesteps.
torch::Tensor timestepEmbedding(const torch::Tensor& t) {
  const int64_t half = kTimeFrequencies / 2;
  const auto freqs =
      torch::exp(-std::log(10000.0) * torch::arange(half, t.options()) / static_cast<double>(half));
  const auto args = (t * 1000.0).unsqueeze(-1) * freqs;
  return torch::cat({torch::cos(args), torch::sin(args)}, -1);
}

// rel_bias [H, B] → [H, B + 1] with a −inf column for "not visible".
torch::Tensor biasTable(const torch::Tensor& rel_bias) {
  const auto masked = torch::full({rel_bias.size(0), 1}, -std::numeric_limits<float>::infinity(),
                                  rel_bias.options());
  return torch::cat({rel_bias, masked}, 1);
}

}  // namespace

torch::Tensor sequenceBuckets(const std::vector<SequenceFrame>& frames, int window, int sink) {
  const auto n = static_cast<int64_t>(frames.size());
  const int64_t none = window + 2;
  auto index = torch::full({n, n}, none, torch::kLong);
  auto a = index.accessor<int64_t, 2>();
  for (int64_t q = 0; q < n; ++q) {
    for (int64_t k = 0; k < n; ++k) {
      const auto& qf = frames[static_cast<std::size_t>(q)];
      const auto& kf = frames[static_cast<std::size_t>(k)];
      int64_t bucket = -1;
      if (kf.clean) {
        // Noisy frames see the clean context strictly before them; clean frames see
        // themselves too (that is what the cache holds at inference).
        const bool visible =
            qf.clean ? kf.stream_index <= qf.stream_index : kf.stream_index < qf.stream_index;
        if (visible) bucket = distanceBucket(qf.stream_index, kf.stream_index, window, sink);
      } else if (!qf.clean && q == k) {
        bucket = 0;
      }
      if (bucket >= 0) a[q][k] = bucket;
    }
  }
  return index;
}

torch::Tensor teacherForcingBuckets(int frames, int window, int sink) {
  std::vector<SequenceFrame> layout;
  for (const bool clean : {true, false}) {
    for (int64_t i = 0; i < frames; ++i) layout.push_back({i, clean});
  }
  return sequenceBuckets(layout, window, sink);
}

BlockImpl::BlockImpl(int64_t dim, int64_t heads_count, int64_t mlp_ratio, int64_t bucket_count)
    : heads(heads_count), buckets(bucket_count) {
  norm1 = register_module("norm1", plainNorm(dim));
  norm2 = register_module("norm2", plainNorm(dim));
  norm_cross = register_module("norm_cross", nn::LayerNorm(nn::LayerNormOptions({dim})));
  qkv = register_module("qkv", nn::Linear(dim, 3 * dim));
  out = register_module("out", nn::Linear(dim, dim));
  q_norm = register_module("q_norm", RmsNorm(dim / heads));
  k_norm = register_module("k_norm", RmsNorm(dim / heads));
  cross_q = register_module("cross_q", nn::Linear(dim, dim));
  cross_kv = register_module("cross_kv", nn::Linear(dim, 2 * dim));
  cross_out = register_module("cross_out", nn::Linear(dim, dim));
  fc1 = register_module("fc1", nn::Linear(dim, mlp_ratio * dim));
  fc2 = register_module("fc2", nn::Linear(mlp_ratio * dim, dim));
  modulate = register_module("modulate", nn::Linear(dim, 6 * dim));
  rel_bias = register_parameter("rel_bias", torch::zeros({heads, buckets}));
}

std::pair<torch::Tensor, torch::Tensor> BlockImpl::textKv(const torch::Tensor& conditioning) {
  auto kv = cross_kv(conditioning).chunk(2, -1);
  return {splitHeads(kv[0], heads), splitHeads(kv[1], heads)};
}

torch::Tensor BlockImpl::forward(torch::Tensor x, const torch::Tensor& modulation,
                                 const torch::Tensor& text_k, const torch::Tensor& text_v,
                                 const torch::Tensor& bucket_index, KvCache* cache, int layer) {
  const auto b = x.size(0), n = x.size(1), t = x.size(2), dim = x.size(3);
  auto m = modulation.unsqueeze(2).chunk(6, -1);  // each [B, N, 1, dim]
  auto h = (norm1(x) * (1 + m[1]) + m[0]).view({b, n * t, dim});
  auto parts = qkv(h).chunk(3, -1);
  auto q = q_norm(splitHeads(parts[0], heads));
  auto k = k_norm(splitHeads(parts[1], heads));
  auto v = splitHeads(parts[2], heads);
  // Bias per (query frame, key frame) expanded to tokens.
  auto table = biasTable(rel_bias);
  torch::Tensor bias;
  if (cache) {
    // Keys are every slot of the cache; this frame's own keys go to the scratch slot.
    cache->scratchRows(cache->keys(layer)).copy_(k);
    cache->scratchRows(cache->values(layer)).copy_(v);
    k = cache->keys(layer);
    v = cache->values(layer);
    bias = table.index_select(1, bucket_index).repeat_interleave(t, 1).view({1, heads, 1, -1});
  } else {
    bias = table
               .index({torch::indexing::Slice(), bucket_index})  // [H, N, N]
               .repeat_interleave(t, 1)
               .repeat_interleave(t, 2)
               .unsqueeze(0);
  }
  auto attended = mergeHeads(attend(q, k, v, bias)).view({b, n, t, dim});
  x = x + m[2] * out(attended);
  // Cross-attention per frame: text_k/v hold one conditioning per frame ([B*N, H, K, D]) or
  // one for the whole sequence ([B, H, K, D]).
  const bool per_frame = text_k.size(0) == b * n && n > 1;
  const auto queries =
      per_frame ? norm_cross(x).view({b * n, t, dim}) : norm_cross(x).view({b, n * t, dim});
  auto cross = attend(splitHeads(cross_q(queries), heads), text_k, text_v, torch::Tensor());
  x = x + cross_out(mergeHeads(cross)).view({b, n, t, dim});
  h = norm2(x) * (1 + m[4]) + m[3];
  return x + m[5] * fc2(torch::gelu(fc1(h)));
}

TransformerImpl::TransformerImpl(const SketchConfig& c) : config(c) {
  in_proj = register_module("in_proj", nn::Linear(c.tokenChannels(), c.dim));
  position = register_parameter("position", torch::randn({c.tokensPerFrame(), c.dim}) * 0.02);
  action_embedding =
      register_parameter("action_embedding", torch::randn({kActionBits, c.dim}) * 0.02);
  time_fc1 = register_module("time_fc1", nn::Linear(kTimeFrequencies, c.dim));
  time_fc2 = register_module("time_fc2", nn::Linear(c.dim, c.dim));
  text_proj = register_module("text_proj", nn::Linear(c.dim, c.dim));
  blocks = register_module("blocks", nn::ModuleList());
  for (int i = 0; i < c.layers; ++i) {
    blocks->push_back(Block(c.dim, c.heads, c.mlp_ratio, c.distanceBuckets()));
  }
  final_norm = register_module("final_norm", plainNorm(c.dim));
  final_modulate = register_module("final_modulate", nn::Linear(c.dim, 2 * c.dim));
  out_proj = register_module("out_proj", nn::Linear(c.dim, c.tokenChannels()));
}

void TransformerImpl::zeroInitOutputs() {
  torch::NoGradGuard no_grad;
  for (const auto& block : *blocks) {
    auto* b = block->as<Block>();
    b->modulate->weight.zero_();
    b->modulate->bias.zero_();
  }
  final_modulate->weight.zero_();
  final_modulate->bias.zero_();
  out_proj->weight.zero_();
  out_proj->bias.zero_();
}

torch::Tensor TransformerImpl::frameVector(const torch::Tensor& t, const torch::Tensor& actions,
                                           const torch::Tensor& conditioning) {
  auto vector = time_fc2(torch::silu(time_fc1(timestepEmbedding(t))));  // [B, N, dim]
  const auto bits = torch::arange(kActionBits, actions.options());
  const auto pressed = actions.unsqueeze(-1).bitwise_right_shift(bits).bitwise_and(1);
  vector = vector + torch::matmul(pressed.to(vector.dtype()), action_embedding);
  // conditioning [B, K, D] (one for all frames) or [B, N, K, D] (one per frame)
  const auto pooled = text_proj(conditioning.mean(-2));
  return vector + (conditioning.dim() == 4 ? pooled : pooled.unsqueeze(1));
}

TextKv TransformerImpl::textKv(const torch::Tensor& conditioning) {
  TextKv kv;
  const auto flat = conditioning.dim() == 4 ? conditioning.flatten(0, 1) : conditioning;
  for (const auto& block : *blocks) {
    auto [k, v] = block->as<Block>()->textKv(flat);
    kv.keys.push_back(k);
    kv.values.push_back(v);
  }
  return kv;
}

torch::Tensor TransformerImpl::run(torch::Tensor x, const torch::Tensor& frame_vector,
                                   const TextKv& text_kv, const torch::Tensor& bucket_index,
                                   KvCache* cache) {
  x = in_proj(x) + position;  // [B, N, T, dim]
  const auto activated = torch::silu(frame_vector);
  for (std::size_t i = 0; i < blocks->size(); ++i) {
    auto* block = blocks[i]->as<Block>();
    x = block->forward(x, block->modulate(activated), text_kv.keys[i], text_kv.values[i],
                       bucket_index, cache, static_cast<int>(i));
  }
  auto m = final_modulate(activated).unsqueeze(2).chunk(2, -1);
  return out_proj(final_norm(x) * (1 + m[1]) + m[0]);
}

torch::Tensor TransformerImpl::forwardSequence(const torch::Tensor& latents, const torch::Tensor& t,
                                               const torch::Tensor& actions,
                                               const torch::Tensor& conditioning,
                                               const torch::Tensor& bucket_index) {
  return run(latents, frameVector(t, actions, conditioning), textKv(conditioning), bucket_index,
             nullptr);
}

torch::Tensor TransformerImpl::forwardCached(const torch::Tensor& latents, float t,
                                             unsigned actions, const torch::Tensor& conditioning,
                                             const TextKv& text_kv, KvCache& cache,
                                             std::int64_t frame_index) {
  const auto options = latents.options();
  const auto t_tensor = torch::full({1, 1}, t, options);
  const auto action_tensor = torch::full({1, 1}, static_cast<int64_t>(actions), torch::kLong);
  const auto& buckets = cache.slotBuckets(frame_index);
  std::vector<int64_t> index(buckets.begin(), buckets.end());
  for (auto& bucket : index) {
    if (bucket < 0) bucket = config.distanceBuckets();  // the −inf column
  }
  const auto bucket_index = torch::tensor(index, torch::kLong);
  const auto vector = frameVector(t_tensor, action_tensor, conditioning);
  return run(latents.unsqueeze(1), vector, text_kv, bucket_index, &cache).squeeze(1);
}

}  // namespace liveframe::sketch
