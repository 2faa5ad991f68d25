// The causal Wan2.1 DiT (Self-Forcing / CausVid / LongLive): patch embedding, sinusoidal time
// embedding with per-frame 6-way modulation, self-attention with qk RMS-norm, 3-axis RoPE and
// a KV cache, cross-attention to the prompt with K/V computed once per prompt, GELU FFN,
// modulated head and unpatchify. Parameter names are those of the released checkpoints
// (`blocks.0.self_attn.q.weight`, ...), so `model::loadModule` reads them directly.
// Thread-safety: Unsafe; one thread runs a model and its cache.
#pragma once

#include <torch/torch.h>

#include "wan/dit_cache.h"
#include "wan/rope.h"
#include "wan/wan_config.h"

namespace liveframe::wan {

// RMS norm as Wan computes it: in float32 over the last dim, then times the weight.
struct WanRmsNormImpl : torch::nn::Module {
  WanRmsNormImpl(std::int64_t dim, double eps);
  torch::Tensor forward(const torch::Tensor& x);
  torch::Tensor weight;
  double eps;
};
TORCH_MODULE(WanRmsNorm);

struct AttentionProjectionsImpl : torch::nn::Module {
  AttentionProjectionsImpl(const DitConfig& config);
  torch::nn::Linear q{nullptr}, k{nullptr}, v{nullptr}, o{nullptr};
  WanRmsNorm norm_q{nullptr}, norm_k{nullptr};
  bool qk_norm;
};
TORCH_MODULE(AttentionProjections);

struct DitBlockImpl : torch::nn::Module {
  explicit DitBlockImpl(const DitConfig& config);
  AttentionProjections self_attn{nullptr};
  AttentionProjections cross_attn{nullptr};
  torch::nn::LayerNorm norm3{nullptr};  // null without cross_attn_norm
  torch::nn::Sequential ffn{nullptr};
  torch::Tensor modulation;  // [1, 6, dim]
};
TORCH_MODULE(DitBlock);

struct DitHeadImpl : torch::nn::Module {
  explicit DitHeadImpl(const DitConfig& config);
  torch::nn::Linear head{nullptr};
  torch::Tensor modulation;  // [1, 2, dim]
};
TORCH_MODULE(DitHead);

class CausalDitImpl : public torch::nn::Module {
 public:
  explicit CausalDitImpl(const DitConfig& config);

  // Computes the prompt's cross-attention K/V for every layer into `cache` (replacing the
  // previous prompt's). text [L ≤ text_len, text_dim] or [B, L, text_dim]; rows past L are
  // zero, as the reference pads them.
  void setPrompt(const torch::Tensor& text, DitCache& cache);

  // Flow prediction for `latents` [B, C, F, H, W] at per-frame timesteps [B, F] (the
  // training-step scale, 0..1000), frames starting at stream frame `start_frame`; writes
  // their K/V into the cache. Returns [B, C, F, H, W].
  torch::Tensor forward(const torch::Tensor& latents, const torch::Tensor& timesteps,
                        std::int64_t start_frame, DitCache& cache);

  // The tokens per latent frame at a latent size (H/2 · W/2 for the (1,2,2) patch).
  std::int64_t frameTokens(std::int64_t latent_height, std::int64_t latent_width) const;
  const DitConfig& config() const { return config_; }

  torch::nn::Conv3d patch_embedding{nullptr};
  torch::nn::Sequential text_embedding{nullptr};
  torch::nn::Sequential time_embedding{nullptr};
  torch::nn::Sequential time_projection{nullptr};
  torch::nn::ModuleList blocks{nullptr};
  DitHead head{nullptr};

 private:
  torch::Tensor selfAttention(std::size_t layer, DitBlockImpl& block, const torch::Tensor& x,
                              const CachePlan& plan, const Rope3d::Turn& query_turn,
                              const Rope3d::Turn& key_turn, DitCache& cache);
  torch::Tensor crossAttention(std::size_t layer, DitBlockImpl& block, const torch::Tensor& x,
                               const DitCache& cache);

  DitConfig config_;
  Rope3d rope_;
};
TORCH_MODULE(CausalDit);

// Multiply-adds ×2 of one DiT pass over `tokens` new tokens attending to `keys` cached ones
// and `text_rows` prompt rows: projections, FFN, both attentions (norms and RoPE not counted).
double ditPassFlop(const DitConfig& dit, std::int64_t tokens, std::int64_t keys,
                   std::int64_t text_rows);

// Wan's sinusoid: [cos, sin] of position · 10000^(−i/half), float64. positions [N] → [N, dim].
torch::Tensor sinusoidalEmbedding(std::int64_t dim, const torch::Tensor& positions);

}  // namespace liveframe::wan
