#include "sketch/text_encoder.h"

#include <limits>

namespace liveframe::sketch {
namespace {

namespace nn = torch::nn;

}  // namespace

TextLayerImpl::TextLayerImpl(int64_t dim, int64_t heads_count) : heads(heads_count) {
  norm1 = register_module("norm1", nn::LayerNorm(nn::LayerNormOptions({dim})));
  norm2 = register_module("norm2", nn::LayerNorm(nn::LayerNormOptions({dim})));
  qkv = register_module("qkv", nn::Linear(dim, 3 * dim));
  out = register_module("out", nn::Linear(dim, dim));
  fc1 = register_module("fc1", nn::Linear(dim, 2 * dim));
  fc2 = register_module("fc2", nn::Linear(2 * dim, dim));
}

torch::Tensor TextLayerImpl::forward(torch::Tensor x, const torch::Tensor& bias) {
  auto parts = qkv(norm1(x)).chunk(3, -1);
  auto attended = attend(splitHeads(parts[0], heads), splitHeads(parts[1], heads),
                         splitHeads(parts[2], heads), bias);
  x = x + out(mergeHeads(attended));
  return x + fc2(torch::gelu(fc1(norm2(x))));
}

TextEncoderImpl::TextEncoderImpl(const SketchConfig& c, int64_t vocabulary_size)
    : heads(c.text_heads) {
  embedding = register_module("embedding", nn::Embedding(vocabulary_size, c.text_dim));
  position = register_parameter("position", torch::randn({c.text_max_tokens, c.text_dim}) * 0.02);
  queries = register_parameter("queries", torch::randn({c.text_queries, c.text_dim}) * 0.02);
  layers = register_module("layers", nn::ModuleList());
  for (int i = 0; i < c.text_layers; ++i) layers->push_back(TextLayer(c.text_dim, c.text_heads));
  norm_out = register_module("norm_out", nn::LayerNorm(nn::LayerNormOptions({c.text_dim})));
  pool_q = register_module("pool_q", nn::Linear(c.text_dim, c.text_dim));
  pool_kv = register_module("pool_kv", nn::Linear(c.text_dim, 2 * c.text_dim));
  project = register_module("project", nn::Linear(c.text_dim, c.dim));
}

torch::Tensor TextEncoderImpl::forward(const torch::Tensor& ids) {
  const auto length = ids.size(1);
  auto x = embedding(ids) + position.narrow(0, 0, length);
  // Padding is masked out of attention; an all-padding prompt (empty text) keeps its
  // first slot so the softmax has something to attend to.
  auto padding = ids.eq(0);
  padding.select(1, 0).fill_(false);
  const auto bias = torch::zeros(padding.sizes(), x.options())
                        .masked_fill(padding, -std::numeric_limits<float>::infinity())
                        .view({ids.size(0), 1, 1, length});
  for (const auto& layer : *layers) x = layer->as<TextLayer>()->forward(x, bias);
  x = norm_out(x);
  auto q = pool_q(queries).unsqueeze(0).expand({ids.size(0), -1, -1});
  auto kv = pool_kv(x).chunk(2, -1);
  auto pooled =
      attend(splitHeads(q, heads), splitHeads(kv[0], heads), splitHeads(kv[1], heads), bias);
  return project(mergeHeads(pooled) + queries);
}

}  // namespace liveframe::sketch
