#include "wan/wan_vae.h"

#include <charconv>
#include <cmath>
#include <sstream>

namespace liveframe::wan {

// Causal 3D convolution: pads 2·p_t frames in front (or uses the previous call's frames
// instead), none behind, p_h/p_w symmetrically.
struct VaeCausalConvImpl : torch::nn::Module {
  VaeCausalConvImpl(std::int64_t in, std::int64_t out, std::array<std::int64_t, 3> kernel,
                    std::array<std::int64_t, 3> padding, std::int64_t time_stride = 1)
      : padding_(padding), time_stride_(time_stride) {
    weight = register_parameter(
        "weight", torch::randn({out, in, kernel[0], kernel[1], kernel[2]}) /
                      std::sqrt(static_cast<double>(in * kernel[0] * kernel[1] * kernel[2])));
    bias = register_parameter("bias", torch::zeros({out}));
  }
  torch::Tensor forward(torch::Tensor x, const torch::Tensor& cache = {}) {
    std::int64_t front = 2 * padding_[0];
    if (cache.defined() && front > 0) {
      x = torch::cat({cache.to(x.device()), x}, 2);
      front -= cache.size(2);
    }
    x = torch::constant_pad_nd(x, {padding_[2], padding_[2], padding_[1], padding_[1], front, 0});
    return torch::conv3d(x, weight, bias, {time_stride_, 1, 1});
  }
  torch::Tensor weight, bias;
  std::array<std::int64_t, 3> padding_;
  std::int64_t time_stride_;
};
TORCH_MODULE(VaeCausalConv);

// The decoder's building blocks (named, not anonymous: VaeDecoder3dImpl holds them).
namespace vae {

using Size3 = std::array<std::int64_t, 3>;

VaeCausalConv conv3(std::int64_t in, std::int64_t out) {
  return VaeCausalConv(in, out, Size3{3, 3, 3}, Size3{1, 1, 1});
}

// F.normalize over channels × √C × γ.
struct VaeRmsNormImpl : torch::nn::Module {
  VaeRmsNormImpl(std::int64_t dim, bool images) : scale(std::sqrt(static_cast<double>(dim))) {
    gamma = register_parameter("gamma",
                               images ? torch::ones({dim, 1, 1}) : torch::ones({dim, 1, 1, 1}));
  }
  torch::Tensor forward(const torch::Tensor& x) {
    auto norm = x.norm(2, {1}, true).clamp_min(1e-12);
    return x / norm * scale * gamma;
  }
  torch::Tensor gamma;
  double scale;
};
TORCH_MODULE(VaeRmsNorm);

// A causal conv whose input frames carry over to the next call (the reference's feat_cache).
torch::Tensor cachedConv(VaeCausalConvImpl& conv, const torch::Tensor& x, VaeStreamState& state) {
  auto& slot = state.frames[state.nextSlot()];
  auto keep = x.slice(2, std::max<std::int64_t>(0, x.size(2) - 2)).clone();
  if (keep.size(2) < 2 && slot.defined())
    keep = torch::cat({slot.slice(2, slot.size(2) - 1), keep}, 2);
  auto y = conv.forward(x, slot);
  slot = keep;
  return y;
}

struct ResidualPathImpl : torch::nn::Module {  // indices as in the checkpoint's Sequential
  ResidualPathImpl(std::int64_t in, std::int64_t out) {
    norm_in = register_module("0", VaeRmsNorm(in, false));
    conv_in = register_module("2", conv3(in, out));
    norm_out = register_module("3", VaeRmsNorm(out, false));
    conv_out = register_module("6", conv3(out, out));
  }
  VaeRmsNorm norm_in{nullptr}, norm_out{nullptr};
  VaeCausalConv conv_in{nullptr}, conv_out{nullptr};
};
TORCH_MODULE(ResidualPath);

struct VaeBlockImpl : torch::nn::Module {
  enum class Kind { Residual, Attention, Upsample2d, Upsample3d, Downsample2d, Downsample3d };
  Kind kind;
  // Residual
  ResidualPath residual{nullptr};
  VaeCausalConv shortcut{nullptr};
  // Attention
  VaeRmsNorm norm{nullptr};
  torch::nn::Conv2d to_qkv{nullptr}, proj{nullptr};
  // Upsample
  std::shared_ptr<torch::nn::Module> resample;
  torch::nn::Conv2d spatial{nullptr};
  VaeCausalConv time_conv{nullptr};

  static std::shared_ptr<VaeBlockImpl> residualBlock(std::int64_t in, std::int64_t out) {
    auto block = std::make_shared<VaeBlockImpl>(Kind::Residual);
    block->residual = block->register_module("residual", ResidualPath(in, out));
    if (in != out)
      block->shortcut = block->register_module(
          "shortcut", VaeCausalConv(in, out, Size3{1, 1, 1}, Size3{0, 0, 0}));
    return block;
  }
  static std::shared_ptr<VaeBlockImpl> attentionBlock(std::int64_t dim) {
    auto block = std::make_shared<VaeBlockImpl>(Kind::Attention);
    block->norm = block->register_module("norm", VaeRmsNorm(dim, true));
    block->to_qkv = block->register_module(
        "to_qkv", torch::nn::Conv2d(torch::nn::Conv2dOptions(dim, 3 * dim, 1)));
    block->proj =
        block->register_module("proj", torch::nn::Conv2d(torch::nn::Conv2dOptions(dim, dim, 1)));
    return block;
  }
  static std::shared_ptr<VaeBlockImpl> upsample(std::int64_t dim, bool in_time) {
    auto block = std::make_shared<VaeBlockImpl>(in_time ? Kind::Upsample3d : Kind::Upsample2d);
    block->resample = block->register_module("resample", std::make_shared<torch::nn::Module>());
    block->spatial = block->resample->register_module(
        "1", torch::nn::Conv2d(torch::nn::Conv2dOptions(dim, dim / 2, 3).padding(1)));
    if (in_time)
      block->time_conv = block->register_module(
          "time_conv", VaeCausalConv(dim, 2 * dim, Size3{3, 1, 1}, Size3{1, 0, 0}));
    return block;
  }
  static std::shared_ptr<VaeBlockImpl> downsample(std::int64_t dim, bool in_time) {
    auto block = std::make_shared<VaeBlockImpl>(in_time ? Kind::Downsample3d : Kind::Downsample2d);
    block->resample = block->register_module("resample", std::make_shared<torch::nn::Module>());
    block->spatial = block->resample->register_module(
        "1", torch::nn::Conv2d(torch::nn::Conv2dOptions(dim, dim, 3).stride(2)));
    if (in_time) {
      block->time_conv = block->register_module(
          "time_conv", VaeCausalConv(dim, dim, Size3{3, 1, 1}, Size3{0, 0, 0}, 2));
    }
    return block;
  }
  explicit VaeBlockImpl(Kind block_kind) : kind(block_kind) {}

  torch::Tensor forward(torch::Tensor x, VaeStreamState& state) {
    switch (kind) {
      case Kind::Residual: {
        auto skip = shortcut ? shortcut->forward(x) : x;
        auto h = cachedConv(*residual->conv_in, torch::silu(residual->norm_in->forward(x)), state);
        h = cachedConv(*residual->conv_out, torch::silu(residual->norm_out->forward(h)), state);
        return h + skip;
      }
      case Kind::Attention:
        return attend(x);
      case Kind::Upsample3d:
        x = growTime(x, state);
        [[fallthrough]];
      case Kind::Upsample2d:
        return upsampleSpace(x);
      case Kind::Downsample2d:
        return downsampleSpace(x);
      case Kind::Downsample3d:
        return shrinkTime(downsampleSpace(x), state);
    }
    return x;
  }

  torch::Tensor attend(const torch::Tensor& x) {
    const auto b = x.size(0), c = x.size(1), t = x.size(2), h = x.size(3), w = x.size(4);
    auto frames = x.permute({0, 2, 1, 3, 4}).reshape({b * t, c, h, w});
    auto qkv = to_qkv->forward(norm->forward(frames))
                   .reshape({b * t, 1, 3 * c, h * w})
                   .permute({0, 1, 3, 2});
    auto parts = qkv.contiguous().chunk(3, -1);
    auto scores =
        torch::matmul(parts[0], parts[1].transpose(-2, -1)) / std::sqrt(static_cast<double>(c));
    auto out = torch::matmul(torch::softmax(scores, -1), parts[2]);
    out = out.squeeze(1).permute({0, 2, 1}).reshape({b * t, c, h, w});
    out = proj->forward(out).reshape({b, t, c, h, w}).permute({0, 2, 1, 3, 4});
    return out + x;
  }

  torch::Tensor growTime(torch::Tensor x, VaeStreamState& state) {
    const std::size_t index = state.nextSlot();
    auto& slot = state.frames[index];
    if (!state.first_pass_done[index] && !slot.defined()) {
      state.first_pass_done[index] = true;  // a stream's first frame stays one frame
      return x;
    }
    const bool after_first = !slot.defined();  // the reference's 'Rep' marker
    auto keep = x.slice(2, std::max<std::int64_t>(0, x.size(2) - 2)).clone();
    if (keep.size(2) < 2) {
      keep = torch::cat(
          {after_first ? torch::zeros_like(keep) : slot.slice(2, slot.size(2) - 1), keep}, 2);
    }
    x = after_first ? time_conv->forward(x) : time_conv->forward(x, slot);
    slot = keep;
    const auto b = x.size(0), c = x.size(1) / 2, t = x.size(2), h = x.size(3), w = x.size(4);
    x = x.reshape({b, 2, c, t, h, w});
    return torch::stack({x.select(1, 0), x.select(1, 1)}, 3).reshape({b, c, 2 * t, h, w});
  }

  // Zero pad right and bottom by one, then a 3×3 conv with stride 2, frame by frame.
  torch::Tensor downsampleSpace(const torch::Tensor& x) {
    const auto b = x.size(0), c = x.size(1), t = x.size(2), h = x.size(3), w = x.size(4);
    auto frames = x.permute({0, 2, 1, 3, 4}).reshape({b * t, c, h, w});
    auto out = spatial->forward(torch::constant_pad_nd(frames, {0, 1, 0, 1}));
    return out.reshape({b, t, out.size(1), out.size(2), out.size(3)}).permute({0, 2, 1, 3, 4});
  }

  // Stride-2 time conv over [last frame of the previous chunk, this chunk]; the first chunk
  // passes through (and is remembered).
  torch::Tensor shrinkTime(const torch::Tensor& x, VaeStreamState& state) {
    auto& slot = state.frames[state.nextSlot()];
    if (!slot.defined()) {
      slot = x.clone();
      return x;
    }
    auto keep = x.slice(2, x.size(2) - 1).clone();
    auto out = time_conv->forward(torch::cat({slot.slice(2, slot.size(2) - 1), x}, 2));
    slot = keep;
    return out;
  }

  torch::Tensor upsampleSpace(const torch::Tensor& x) {
    const auto b = x.size(0), c = x.size(1), t = x.size(2), h = x.size(3), w = x.size(4);
    auto frames = x.permute({0, 2, 1, 3, 4}).reshape({b * t, c, h, w});
    auto up = torch::nn::functional::interpolate(frames.to(torch::kFloat32),
                                                 torch::nn::functional::InterpolateFuncOptions()
                                                     .scale_factor(std::vector<double>{2.0, 2.0})
                                                     .mode(torch::kNearest))
                  .to(x.scalar_type());
    auto out = spatial->forward(up);
    return out.reshape({b, t, out.size(1), 2 * h, 2 * w}).permute({0, 2, 1, 3, 4});
  }
};

}  // namespace vae

struct VaeDecoder3dImpl : torch::nn::Module {
  explicit VaeDecoder3dImpl(const VaeConfig& config) {
    std::vector<std::int64_t> dims{config.dim * config.dim_mult.back()};
    for (auto it = config.dim_mult.rbegin(); it != config.dim_mult.rend(); ++it)
      dims.push_back(config.dim * *it);
    conv1 = register_module("conv1", vae::conv3(config.z_dim, dims[0]));
    middle = register_module("middle", std::make_shared<torch::nn::Module>());
    middle_blocks = {vae::VaeBlockImpl::residualBlock(dims[0], dims[0]),
                     vae::VaeBlockImpl::attentionBlock(dims[0]),
                     vae::VaeBlockImpl::residualBlock(dims[0], dims[0])};
    for (std::size_t i = 0; i < middle_blocks.size(); ++i)
      middle->register_module(std::to_string(i), middle_blocks[i]);
    upsamples = register_module("upsamples", std::make_shared<torch::nn::Module>());
    const auto stages = config.dim_mult.size();
    for (std::size_t i = 0; i + 1 < dims.size(); ++i) {
      std::int64_t in = (i >= 1 && i <= 3) ? dims[i] / 2 : dims[i];
      const std::int64_t out = dims[i + 1];
      for (std::int64_t r = 0; r <= config.num_res_blocks; ++r) {
        up_blocks.push_back(vae::VaeBlockImpl::residualBlock(in, out));
        in = out;
      }
      if (i + 1 != stages) {
        const bool in_time = config.temporal_downsample[config.temporal_downsample.size() - 1 - i];
        up_blocks.push_back(vae::VaeBlockImpl::upsample(out, in_time));
      }
    }
    for (std::size_t i = 0; i < up_blocks.size(); ++i)
      upsamples->register_module(std::to_string(i), up_blocks[i]);
    head = register_module("head", std::make_shared<torch::nn::Module>());
    head_norm = head->register_module("0", vae::VaeRmsNorm(config.dim, false));
    head_conv = head->register_module("2", vae::conv3(config.dim, 3));
  }

  torch::Tensor forward(torch::Tensor x, VaeStreamState& state) {
    state.cursor = 0;
    x = vae::cachedConv(*conv1, x, state);
    for (auto& block : middle_blocks) x = block->forward(x, state);
    for (auto& block : up_blocks) x = block->forward(x, state);
    return vae::cachedConv(*head_conv, torch::silu(head_norm->forward(x)), state);
  }

  VaeCausalConv conv1{nullptr}, head_conv{nullptr};
  vae::VaeRmsNorm head_norm{nullptr};
  std::shared_ptr<torch::nn::Module> middle, upsamples, head;
  std::vector<std::shared_ptr<vae::VaeBlockImpl>> middle_blocks, up_blocks;
};

struct VaeEncoder3dImpl : torch::nn::Module {
  explicit VaeEncoder3dImpl(const VaeConfig& config) {
    std::vector<std::int64_t> dims{config.dim};
    for (auto mult : config.dim_mult) dims.push_back(config.dim * mult);
    conv1 = register_module("conv1", vae::conv3(3, dims[0]));
    downsamples = register_module("downsamples", std::make_shared<torch::nn::Module>());
    for (std::size_t i = 0; i + 1 < dims.size(); ++i) {
      std::int64_t in = dims[i];
      const std::int64_t out = dims[i + 1];
      for (std::int64_t r = 0; r < config.num_res_blocks; ++r) {
        down_blocks.push_back(vae::VaeBlockImpl::residualBlock(in, out));
        in = out;
      }
      if (i + 1 != config.dim_mult.size()) {
        down_blocks.push_back(vae::VaeBlockImpl::downsample(out, config.temporal_downsample[i]));
      }
    }
    for (std::size_t i = 0; i < down_blocks.size(); ++i) {
      downsamples->register_module(std::to_string(i), down_blocks[i]);
    }
    const auto width = dims.back();
    middle = register_module("middle", std::make_shared<torch::nn::Module>());
    middle_blocks = {vae::VaeBlockImpl::residualBlock(width, width),
                     vae::VaeBlockImpl::attentionBlock(width),
                     vae::VaeBlockImpl::residualBlock(width, width)};
    for (std::size_t i = 0; i < middle_blocks.size(); ++i) {
      middle->register_module(std::to_string(i), middle_blocks[i]);
    }
    head = register_module("head", std::make_shared<torch::nn::Module>());
    head_norm = head->register_module("0", vae::VaeRmsNorm(width, false));
    head_conv = head->register_module("2", vae::conv3(width, 2 * config.z_dim));
  }

  torch::Tensor forward(torch::Tensor x, VaeStreamState& state) {
    state.cursor = 0;
    x = vae::cachedConv(*conv1, x, state);
    for (auto& block : down_blocks) x = block->forward(x, state);
    for (auto& block : middle_blocks) x = block->forward(x, state);
    return vae::cachedConv(*head_conv, torch::silu(head_norm->forward(x)), state);
  }

  VaeCausalConv conv1{nullptr}, head_conv{nullptr};
  vae::VaeRmsNorm head_norm{nullptr};
  std::shared_ptr<torch::nn::Module> downsamples, middle, head;
  std::vector<std::shared_ptr<vae::VaeBlockImpl>> down_blocks, middle_blocks;
};

Result<VaeConfig> VaeConfig::fromMetadata(const std::map<std::string, std::string>& metadata) {
  VaeConfig config;
  auto number = [&](const char* key, std::int64_t& out) -> Status {
    auto found = metadata.find(key);
    if (found == metadata.end()) return Status::success();
    const auto& text = found->second;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (error != std::errc() || end != text.data() + text.size() || out <= 0) {
      return Error{std::string("VAE config key '") + key + "' is '" + text + "'"};
    }
    return Status::success();
  };
  for (auto [key, field] : {std::pair<const char*, std::int64_t*>{"dim", &config.dim},
                            {"z_dim", &config.z_dim},
                            {"num_res_blocks", &config.num_res_blocks}}) {
    if (Status read = number(key, *field); !read) return Error{read.error()};
  }
  if (auto found = metadata.find("dim_mult"); found != metadata.end()) {
    config.dim_mult.clear();
    std::stringstream items(found->second);
    for (std::string item; std::getline(items, item, ',');)
      config.dim_mult.push_back(std::stoll(item));
  }
  if (auto found = metadata.find("temperal_downsample"); found != metadata.end()) {
    config.temporal_downsample.clear();
    std::stringstream items(found->second);
    for (std::string item; std::getline(items, item, ',');)
      config.temporal_downsample.push_back(item == "True");
  }
  if (config.dim_mult.size() != 4 || config.temporal_downsample.size() != 3) {
    return Error{"the VAE decoder needs 4 dim_mult entries and 3 temporal_downsample entries"};
  }
  return config;
}

torch::Tensor wanLatentMean() {
  return torch::tensor({-0.7571f, -0.7089f, -0.9113f, 0.1075f, -0.1745f, 0.9653f, -0.1517f, 1.5508f,
                        0.4134f, -0.0715f, 0.5517f, -0.3632f, -0.1922f, -0.9497f, 0.2503f,
                        -0.2921f});
}

torch::Tensor wanLatentStd() {
  return torch::tensor({2.8184f, 1.4541f, 2.3275f, 2.6558f, 1.2196f, 1.7708f, 2.6052f, 2.0743f,
                        3.2687f, 2.1526f, 2.8652f, 1.5579f, 1.6382f, 1.1253f, 2.8251f, 1.9160f});
}

WanVaeDecoderImpl::WanVaeDecoderImpl(const VaeConfig& config) {
  conv2_ = register_module(
      "conv2", VaeCausalConv(config.z_dim, config.z_dim, vae::Size3{1, 1, 1}, vae::Size3{0, 0, 0}));
  decoder_ = register_module("decoder", std::make_shared<VaeDecoder3dImpl>(config));
}

torch::Tensor WanVaeDecoderImpl::decodeFrame(const torch::Tensor& latent, const torch::Tensor& mean,
                                             const torch::Tensor& stddev, VaeStreamState& state) {
  torch::NoGradGuard no_grad;
  const auto z = latent.size(1);
  auto inverse_std = (1.0 / stddev.to(latent.options())).view({1, z, 1, 1, 1});
  auto x = latent / inverse_std + mean.to(latent.options()).view({1, z, 1, 1, 1});
  return decoder_->forward(conv2_->forward(x), state);
}

torch::Tensor WanVaeDecoderImpl::decode(const torch::Tensor& latents, const torch::Tensor& mean,
                                        const torch::Tensor& stddev) {
  VaeStreamState state;
  std::vector<torch::Tensor> pieces;
  for (std::int64_t t = 0; t < latents.size(2); ++t) {
    pieces.push_back(decodeFrame(latents.slice(2, t, t + 1), mean, stddev, state));
  }
  return torch::cat(pieces, 2);
}

}  // namespace liveframe::wan

namespace liveframe::wan {

WanVaeEncoderImpl::WanVaeEncoderImpl(const VaeConfig& config) : z_dim_(config.z_dim) {
  encoder_ = register_module("encoder", std::make_shared<VaeEncoder3dImpl>(config));
  conv1_ = register_module("conv1", VaeCausalConv(2 * config.z_dim, 2 * config.z_dim,
                                                  vae::Size3{1, 1, 1}, vae::Size3{0, 0, 0}));
}

torch::Tensor WanVaeEncoderImpl::encode(const torch::Tensor& video, const torch::Tensor& mean,
                                        const torch::Tensor& stddev) {
  torch::NoGradGuard no_grad;
  VaeStreamState state;
  std::vector<torch::Tensor> pieces;
  // The first frame alone, then chunks of 4: 1 + 4k frames → 1 + k latent frames.
  for (std::int64_t start = 0; start < video.size(2); start += (start == 0 ? 1 : 4)) {
    const std::int64_t end = start == 0 ? 1 : std::min<std::int64_t>(start + 4, video.size(2));
    pieces.push_back(encoder_->forward(video.slice(2, start, end), state));
  }
  auto mu = conv1_->forward(torch::cat(pieces, 2)).chunk(2, 1)[0];
  auto inverse_std = (1.0 / stddev.to(mu.options())).view({1, z_dim_, 1, 1, 1});
  return (mu - mean.to(mu.options()).view({1, z_dim_, 1, 1, 1})) * inverse_std;
}

}  // namespace liveframe::wan
