#include "wan/causal_dit.h"

#include <stdexcept>

#include "model/attention.h"

namespace liveframe::wan {
namespace {

torch::nn::Sequential geluMlp(std::int64_t in, std::int64_t hidden, std::int64_t out) {
  return torch::nn::Sequential(torch::nn::Linear(in, hidden),
                               torch::nn::GELU(torch::nn::GELUOptions().approximate("tanh")),
                               torch::nn::Linear(hidden, out));
}

torch::Tensor layerNorm(const torch::Tensor& x, double eps) {
  return torch::layer_norm(x, {x.size(-1)}, {}, {}, eps);
}

// x [B, F·S, C] modulated per frame: norm(x)·(1 + scale) + shift with scale/shift [B, F, 1, C].
torch::Tensor modulate(const torch::Tensor& normed, const torch::Tensor& shift,
                       const torch::Tensor& scale, std::int64_t frames) {
  auto per_frame = normed.unflatten(1, {frames, normed.size(1) / frames});
  return (per_frame * (1 + scale) + shift).flatten(1, 2);
}

torch::Tensor gated(const torch::Tensor& y, const torch::Tensor& gate, std::int64_t frames) {
  return (y.unflatten(1, {frames, y.size(1) / frames}) * gate).flatten(1, 2);
}

}  // namespace

torch::Tensor sinusoidalEmbedding(std::int64_t dim, const torch::Tensor& positions) {
  const std::int64_t half = dim / 2;
  auto position = positions.to(torch::kFloat64);
  auto frequencies = torch::pow(10000.0, -torch::arange(half, position.options()).div(half));
  auto sinusoid = torch::outer(position, frequencies);
  return torch::cat({torch::cos(sinusoid), torch::sin(sinusoid)}, 1);
}

WanRmsNormImpl::WanRmsNormImpl(std::int64_t dim, double eps_value) : eps(eps_value) {
  weight = register_parameter("weight", torch::ones({dim}));
}

torch::Tensor WanRmsNormImpl::forward(const torch::Tensor& x) {
  auto x32 = x.to(torch::kFloat32);
  return (x32 * torch::rsqrt(x32.pow(2).mean(-1, true) + eps)).to(x.scalar_type()) * weight;
}

AttentionProjectionsImpl::AttentionProjectionsImpl(const DitConfig& config)
    : qk_norm(config.qk_norm) {
  q = register_module("q", torch::nn::Linear(config.dim, config.dim));
  k = register_module("k", torch::nn::Linear(config.dim, config.dim));
  v = register_module("v", torch::nn::Linear(config.dim, config.dim));
  o = register_module("o", torch::nn::Linear(config.dim, config.dim));
  if (qk_norm) {
    norm_q = register_module("norm_q", WanRmsNorm(config.dim, config.eps));
    norm_k = register_module("norm_k", WanRmsNorm(config.dim, config.eps));
  }
}

DitBlockImpl::DitBlockImpl(const DitConfig& config) {
  self_attn = register_module("self_attn", AttentionProjections(config));
  if (config.cross_attn_norm) {
    norm3 = register_module(
        "norm3", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.dim}).eps(config.eps)));
  }
  cross_attn = register_module("cross_attn", AttentionProjections(config));
  ffn = register_module("ffn", geluMlp(config.dim, config.ffn_dim, config.dim));
  modulation =
      register_parameter("modulation", torch::randn({1, 6, config.dim}) / std::sqrt(config.dim));
}

DitHeadImpl::DitHeadImpl(const DitConfig& config) {
  const auto patch = config.patch[0] * config.patch[1] * config.patch[2];
  head = register_module("head", torch::nn::Linear(config.dim, patch * config.out_dim));
  modulation =
      register_parameter("modulation", torch::randn({1, 2, config.dim}) / std::sqrt(config.dim));
}

CausalDitImpl::CausalDitImpl(const DitConfig& config) : config_(config), rope_(config.headDim()) {
  const std::vector<std::int64_t> patch(config.patch.begin(), config.patch.end());
  patch_embedding = register_module(
      "patch_embedding",
      torch::nn::Conv3d(torch::nn::Conv3dOptions(config.in_dim, config.dim, patch).stride(patch)));
  text_embedding =
      register_module("text_embedding", geluMlp(config.text_dim, config.dim, config.dim));
  time_embedding = register_module(
      "time_embedding",
      torch::nn::Sequential(torch::nn::Linear(config.freq_dim, config.dim), torch::nn::SiLU(),
                            torch::nn::Linear(config.dim, config.dim)));
  time_projection = register_module(
      "time_projection",
      torch::nn::Sequential(torch::nn::SiLU(), torch::nn::Linear(config.dim, 6 * config.dim)));
  blocks = register_module("blocks", torch::nn::ModuleList());
  for (std::int64_t i = 0; i < config.num_layers; ++i) blocks->push_back(DitBlock(config));
  head = register_module("head", DitHead(config));
}

std::int64_t CausalDitImpl::frameTokens(std::int64_t latent_height,
                                        std::int64_t latent_width) const {
  return (latent_height / config_.patch[1]) * (latent_width / config_.patch[2]);
}

void CausalDitImpl::setPrompt(const torch::Tensor& text, DitCache& cache) {
  auto rows = text.dim() == 2 ? text.unsqueeze(0) : text;
  if (rows.size(-1) != config_.text_dim || rows.size(1) > config_.text_len) {
    throw std::invalid_argument("prompt embedding has the wrong shape for this DiT");
  }
  auto weight = patch_embedding->weight;
  rows = rows.to(weight.options());
  auto padded = torch::zeros({rows.size(0), config_.text_len, config_.text_dim}, rows.options());
  padded.slice(1, 0, rows.size(1)).copy_(rows);
  auto context = text_embedding->forward(padded);
  const auto heads = config_.num_heads;
  for (std::size_t layer = 0; layer < blocks->size(); ++layer) {
    auto& projections = *blocks->ptr<DitBlockImpl>(layer)->cross_attn;
    auto k = projections.k->forward(context);
    if (projections.qk_norm) k = projections.norm_k->forward(k);
    auto v = projections.v->forward(context);
    cache.setContext(layer, model::splitHeads(k, heads), model::splitHeads(v, heads));
  }
  cache.markContextComplete();
}

torch::Tensor CausalDitImpl::selfAttention(std::size_t layer, DitBlockImpl& block,
                                           const torch::Tensor& x, const CachePlan& plan,
                                           const Rope3d::Turn& query_turn,
                                           const Rope3d::Turn& key_turn, DitCache& cache) {
  auto& projections = *block.self_attn;
  const auto batch = x.size(0);
  const auto tokens = x.size(1);
  const auto heads = config_.num_heads;
  auto q = projections.q->forward(x);
  auto k = projections.k->forward(x);
  if (projections.qk_norm) {
    q = projections.norm_q->forward(q);
    k = projections.norm_k->forward(k);
  }
  auto v = projections.v->forward(x);
  q = q.view({batch, tokens, heads, -1});
  k = k.view({batch, tokens, heads, -1});
  v = v.view({batch, tokens, heads, -1});
  auto [keys, values] = cache.update(layer, plan, k, v);
  auto roped_q = Rope3d::rotate(q, query_turn);
  auto roped_k = Rope3d::rotate(keys, key_turn);
  auto out = model::attend(roped_q.transpose(1, 2), roped_k.transpose(1, 2), values.transpose(1, 2),
                           torch::Tensor());
  return projections.o->forward(model::mergeHeads(out));
}

torch::Tensor CausalDitImpl::crossAttention(std::size_t layer, DitBlockImpl& block,
                                            const torch::Tensor& x, const DitCache& cache) {
  auto& projections = *block.cross_attn;
  auto q = projections.q->forward(x);
  if (projections.qk_norm) q = projections.norm_q->forward(q);
  auto out = model::attend(model::splitHeads(q, config_.num_heads), cache.contextKeys(layer),
                           cache.contextValues(layer), torch::Tensor());
  return projections.o->forward(model::mergeHeads(out));
}

torch::Tensor CausalDitImpl::forward(const torch::Tensor& latents, const torch::Tensor& timesteps,
                                     std::int64_t start_frame, DitCache& cache) {
  if (!cache.hasContext()) throw std::logic_error("CausalDit::forward before setPrompt");
  const auto batch = latents.size(0);
  auto x = patch_embedding->forward(latents);  // [B, dim, F, h, w]
  const auto frames = x.size(2);
  const auto rows = x.size(3);
  const auto cols = x.size(4);
  if (rows * cols != cache.frameTokens()) {
    throw std::invalid_argument("latent size does not match the cache's tokens per frame");
  }
  x = x.flatten(2).transpose(1, 2);  // [B, F·h·w, dim], tokens (f, h, w) row-major

  auto time = time_embedding->forward(
      sinusoidalEmbedding(config_.freq_dim, timesteps.flatten()).to(x.scalar_type()));
  auto e0 =
      time_projection->forward(time).unflatten(1, {6, config_.dim}).unflatten(0, {batch, frames});
  auto e = time.unflatten(0, {batch, frames}).unsqueeze(2);  // [B, F, 1, dim]

  const CachePlan plan = cache.plan(start_frame, frames);
  const auto device = x.device();
  const auto query_turn = rope_.turn(plan.query_frame_positions, rows, cols, device);
  const auto key_turn = rope_.turn(plan.key_frame_positions, rows, cols, device);

  for (std::size_t layer = 0; layer < blocks->size(); ++layer) {
    auto& block = *blocks->ptr<DitBlockImpl>(layer);
    auto mod = (block.modulation.unsqueeze(1) + e0).chunk(6, 2);  // each [B, F, 1, dim]
    auto attended =
        selfAttention(layer, block, modulate(layerNorm(x, config_.eps), mod[0], mod[1], frames),
                      plan, query_turn, key_turn, cache);
    x = x + gated(attended, mod[2], frames);
    auto cross_in = block.norm3 ? block.norm3->forward(x) : x;
    x = x + crossAttention(layer, block, cross_in, cache);
    auto ffn = block.ffn->forward(modulate(layerNorm(x, config_.eps), mod[3], mod[4], frames));
    x = x + gated(ffn, mod[5], frames);
  }
  cache.commit(plan);

  auto head_mod = (head->modulation.unsqueeze(1) + e).chunk(2, 2);
  auto out =
      head->head->forward(modulate(layerNorm(x, config_.eps), head_mod[0], head_mod[1], frames));
  // Unpatchify: (f, h, w, p, q, r, c) → (c, f·p, h·q, w·r).
  const auto [pf, ph, pw] = config_.patch;
  out = out.view({batch, frames, rows, cols, pf, ph, pw, config_.out_dim});
  out = out.permute({0, 7, 1, 4, 2, 5, 3, 6});
  return out.reshape({batch, config_.out_dim, frames * pf, rows * ph, cols * pw});
}

double ditPassFlop(const DitConfig& dit, std::int64_t tokens, std::int64_t keys,
                   std::int64_t text_rows) {
  const double d = static_cast<double>(dit.dim);
  const double n = static_cast<double>(tokens);
  const double per_layer = 2 * n * d * d * 6  // self q,k,v,o + cross q,o
                           + 2 * n * d * static_cast<double>(dit.ffn_dim) * 2  // FFN
                           + 4 * n * static_cast<double>(keys) * d             // self-attention
                           + 4 * n * static_cast<double>(text_rows) * d;       // cross-attention
  return per_layer * static_cast<double>(dit.num_layers);
}

}  // namespace liveframe::wan
