// The umT5 text encoder Wan conditions on (umt5-xxl's encoder: 24 layers, dim 4096): token
// embedding, pre-norm blocks of self-attention with a per-layer bucketed relative position
// bias (no 1/√d scale, padding keys masked) and a gated-GELU FFN, then a final RMS norm.
// Parameter names are those of `models_t5_umt5-xxl-enc-bf16.pth`.
// Thread-safety: Unsafe; one thread runs an encoder.
#pragma once

#include <torch/torch.h>

#include <map>
#include <string>

#include "liveframe/result.h"

namespace liveframe::wan {

struct Umt5Config {
  std::int64_t vocab = 256384;
  std::int64_t dim = 4096;
  std::int64_t dim_attn = 4096;
  std::int64_t dim_ffn = 10240;
  std::int64_t num_heads = 64;
  std::int64_t num_layers = 24;
  std::int64_t num_buckets = 32;
  std::int64_t max_distance = 128;
  std::int64_t text_len = 512;
  double eps = 1e-6;

  static Umt5Config xxl() { return Umt5Config{}; }
  static Result<Umt5Config> fromMetadata(const std::map<std::string, std::string>& metadata);
};

// T5's relative position buckets, bidirectional: rel = key − query.
torch::Tensor relativePositionBuckets(const torch::Tensor& relative, std::int64_t num_buckets,
                                      std::int64_t max_distance);

struct T5RmsNormImpl : torch::nn::Module {
  T5RmsNormImpl(std::int64_t dim, double eps);
  torch::Tensor forward(const torch::Tensor& x);
  torch::Tensor weight;
  double eps;
};
TORCH_MODULE(T5RmsNorm);

struct Umt5AttentionImpl : torch::nn::Module {
  explicit Umt5AttentionImpl(const Umt5Config& config);
  torch::nn::Linear q{nullptr}, k{nullptr}, v{nullptr}, o{nullptr};
};
TORCH_MODULE(Umt5Attention);

struct Umt5FeedForwardImpl : torch::nn::Module {
  explicit Umt5FeedForwardImpl(const Umt5Config& config);
  torch::nn::Sequential gate{nullptr};
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(Umt5FeedForward);

struct Umt5RelativeEmbeddingImpl : torch::nn::Module {
  explicit Umt5RelativeEmbeddingImpl(const Umt5Config& config);
  torch::nn::Embedding embedding{nullptr};
};
TORCH_MODULE(Umt5RelativeEmbedding);

struct Umt5BlockImpl : torch::nn::Module {
  explicit Umt5BlockImpl(const Umt5Config& config);
  T5RmsNorm norm1{nullptr}, norm2{nullptr};
  Umt5Attention attn{nullptr};
  Umt5FeedForward ffn{nullptr};
  Umt5RelativeEmbedding pos_embedding{nullptr};
};
TORCH_MODULE(Umt5Block);

class Umt5EncoderImpl : public torch::nn::Module {
 public:
  explicit Umt5EncoderImpl(const Umt5Config& config, torch::Dtype dtype = torch::kFloat32);
  // ids [B, L] (int64), mask [B, L] (1 for real tokens) → hidden [B, L, dim]. Rows past a
  // sequence's length are computed as the reference computes them; callers that condition a
  // DiT zero them (see zeroPadding).
  torch::Tensor forward(const torch::Tensor& ids, const torch::Tensor& mask);
  const Umt5Config& config() const { return config_; }

  torch::nn::Embedding token_embedding{nullptr};
  torch::nn::ModuleList blocks{nullptr};
  T5RmsNorm norm{nullptr};

 private:
  Umt5Config config_;
};
TORCH_MODULE(Umt5Encoder);

// Self-Forcing's text wrapper: hidden rows at and past each sequence's length set to 0.
torch::Tensor zeroPadding(const torch::Tensor& hidden, const torch::Tensor& mask);

}  // namespace liveframe::wan
