#include "wan/umt5_encoder.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace liveframe::wan {
namespace {

torch::Tensor geluTanh(const torch::Tensor& x) {
  return 0.5 * x * (1.0 + torch::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * torch::pow(x, 3.0))));
}

struct GeluTanhImpl : torch::nn::Module {
  torch::Tensor forward(const torch::Tensor& x) { return geluTanh(x); }
};
TORCH_MODULE(GeluTanh);

}  // namespace

Result<Umt5Config> Umt5Config::fromMetadata(const std::map<std::string, std::string>& metadata) {
  Umt5Config config;
  const std::pair<const char*, std::int64_t*> fields[] = {{"vocab", &config.vocab},
                                                          {"dim", &config.dim},
                                                          {"dim_attn", &config.dim_attn},
                                                          {"dim_ffn", &config.dim_ffn},
                                                          {"num_heads", &config.num_heads},
                                                          {"num_layers", &config.num_layers},
                                                          {"num_buckets", &config.num_buckets},
                                                          {"max_distance", &config.max_distance},
                                                          {"text_len", &config.text_len}};
  for (const auto& [key, field] : fields) {
    auto found = metadata.find(key);
    if (found == metadata.end()) continue;
    const std::string& text = found->second;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *field);
    if (error != std::errc() || end != text.data() + text.size() || *field <= 0) {
      return Error{std::string("umT5 config key '") + key + "' is '" + text +
                   "', expected a positive number"};
    }
  }
  if (auto shared = metadata.find("shared_pos");
      shared != metadata.end() && shared->second != "False") {
    return Error{"umT5 with a shared position embedding (plain T5) is not supported"};
  }
  if (config.dim_attn % config.num_heads != 0) {
    return Error{"umT5 dim_attn is not a multiple of num_heads"};
  }
  return config;
}

torch::Tensor relativePositionBuckets(const torch::Tensor& relative, std::int64_t num_buckets,
                                      std::int64_t max_distance) {
  const std::int64_t half = num_buckets / 2;
  auto buckets = (relative > 0).to(torch::kLong) * half;
  auto distance = relative.abs();
  const std::int64_t max_exact = half / 2;
  // log(0) never reaches the result (small distances take the exact branch); clamp it to
  // keep the float → int conversion defined.
  auto scaled =
      torch::log(distance.clamp_min(1).to(torch::kFloat32) / static_cast<float>(max_exact)) /
      std::log(static_cast<double>(max_distance) / static_cast<double>(max_exact)) *
      static_cast<double>(half - max_exact);
  auto large = (max_exact + scaled.to(torch::kLong)).clamp_max(half - 1);
  return buckets + torch::where(distance < max_exact, distance, large);
}

T5RmsNormImpl::T5RmsNormImpl(std::int64_t dim, double eps_value) : eps(eps_value) {
  weight = register_parameter("weight", torch::ones({dim}));
}

torch::Tensor T5RmsNormImpl::forward(const torch::Tensor& x) {
  auto normed = x * torch::rsqrt(x.to(torch::kFloat32).pow(2).mean(-1, true) + eps);
  return weight * normed.to(weight.scalar_type());
}

Umt5AttentionImpl::Umt5AttentionImpl(const Umt5Config& config) {
  auto linear = [](std::int64_t in, std::int64_t out) {
    return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(false));
  };
  q = register_module("q", linear(config.dim, config.dim_attn));
  k = register_module("k", linear(config.dim, config.dim_attn));
  v = register_module("v", linear(config.dim, config.dim_attn));
  o = register_module("o", linear(config.dim_attn, config.dim));
}

Umt5FeedForwardImpl::Umt5FeedForwardImpl(const Umt5Config& config) {
  gate = register_module(
      "gate",
      torch::nn::Sequential(
          torch::nn::Linear(torch::nn::LinearOptions(config.dim, config.dim_ffn).bias(false)),
          GeluTanh()));
  fc1 = register_module(
      "fc1", torch::nn::Linear(torch::nn::LinearOptions(config.dim, config.dim_ffn).bias(false)));
  fc2 = register_module(
      "fc2", torch::nn::Linear(torch::nn::LinearOptions(config.dim_ffn, config.dim).bias(false)));
}

Umt5RelativeEmbeddingImpl::Umt5RelativeEmbeddingImpl(const Umt5Config& config) {
  embedding =
      register_module("embedding", torch::nn::Embedding(config.num_buckets, config.num_heads));
}

Umt5BlockImpl::Umt5BlockImpl(const Umt5Config& config) {
  norm1 = register_module("norm1", T5RmsNorm(config.dim, config.eps));
  attn = register_module("attn", Umt5Attention(config));
  norm2 = register_module("norm2", T5RmsNorm(config.dim, config.eps));
  ffn = register_module("ffn", Umt5FeedForward(config));
  pos_embedding = register_module("pos_embedding", Umt5RelativeEmbedding(config));
}

Umt5EncoderImpl::Umt5EncoderImpl(const Umt5Config& config, torch::Dtype dtype)
    : config_(config) {
  // Each part converted as soon as it is made, so the peak is the model in `dtype` plus one
  // part in fp32 (umT5-XXL whole in fp32 would be 23 GB).
  token_embedding =
      register_module("token_embedding", torch::nn::Embedding(config.vocab, config.dim));
  token_embedding->to(dtype);
  blocks = register_module("blocks", torch::nn::ModuleList());
  for (std::int64_t i = 0; i < config.num_layers; ++i) {
    Umt5Block block(config);
    block->to(dtype);
    blocks->push_back(block);
  }
  norm = register_module("norm", T5RmsNorm(config.dim, config.eps));
  norm->to(dtype);
}

torch::Tensor Umt5EncoderImpl::forward(const torch::Tensor& ids, const torch::Tensor& mask) {
  const auto batch = ids.size(0);
  const auto length = ids.size(1);
  const auto heads = config_.num_heads;
  auto x = token_embedding->forward(ids);
  auto positions = torch::arange(length, ids.options().dtype(torch::kLong));
  auto buckets = relativePositionBuckets(positions.unsqueeze(0) - positions.unsqueeze(1),
                                         config_.num_buckets, config_.max_distance);
  // The dtype's most negative value, as the reference masks (torch.finfo(dtype).min): float's
  // would overflow bf16, the precision the released umT5 runs in.
  const double masked = token_embedding->weight.scalar_type() == torch::kBFloat16
                            ? static_cast<double>(std::numeric_limits<c10::BFloat16>::lowest())
                            : static_cast<double>(std::numeric_limits<float>::lowest());
  auto key_is_padding = (mask.view({batch, 1, 1, length}) == 0);
  for (std::size_t i = 0; i < blocks->size(); ++i) {
    auto& block = *blocks->ptr<Umt5BlockImpl>(i);
    auto bias = block.pos_embedding->embedding->forward(buckets).permute({2, 0, 1}).unsqueeze(0);
    bias = bias.expand({batch, heads, length, length}).clone().masked_fill_(key_is_padding, masked);

    auto normed = block.norm1->forward(x);
    auto q = block.attn->q->forward(normed).view({batch, length, heads, -1});
    auto k = block.attn->k->forward(normed).view({batch, length, heads, -1});
    auto v = block.attn->v->forward(normed).view({batch, length, heads, -1});
    // T5 folds the 1/√d scale into its weights: logits are the plain dot products.
    auto logits = torch::einsum("binc,bjnc->bnij", {q, k}) + bias;
    auto weights = torch::softmax(logits.to(torch::kFloat32), -1).to(logits.scalar_type());
    auto attended = torch::einsum("bnij,bjnc->binc", {weights, v}).reshape({batch, length, -1});
    x = x + block.attn->o->forward(attended);

    auto ffn_in = block.norm2->forward(x);
    x = x +
        block.ffn->fc2->forward(block.ffn->fc1->forward(ffn_in) * block.ffn->gate->forward(ffn_in));
  }
  return norm->forward(x);
}

torch::Tensor zeroPadding(const torch::Tensor& hidden, const torch::Tensor& mask) {
  return hidden * (mask != 0).unsqueeze(-1).to(hidden.scalar_type());
}

}  // namespace liveframe::wan
