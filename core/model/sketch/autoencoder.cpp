#include "sketch/autoencoder.h"

namespace liveframe::sketch {
namespace {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

nn::Conv2d conv3x3(int64_t in, int64_t out, int64_t stride = 1) {
  return nn::Conv2d(nn::Conv2dOptions(in, out, 3).padding(1).stride(stride));
}

// Residual blocks only at the two coarsest levels: at finer ones they cost more than the
// transformer and the procedural world's detail does not need them.
constexpr int kLevelsWithResBlocks = 2;

}  // namespace

ResBlockImpl::ResBlockImpl(int64_t channels) {
  conv1 = register_module("conv1", conv3x3(channels, channels));
  conv2 = register_module("conv2", conv3x3(channels, channels));
}

torch::Tensor ResBlockImpl::forward(const torch::Tensor& x) {
  return x + conv2(F::silu(conv1(F::silu(x))));
}

DecoderImpl::DecoderImpl(const SketchConfig& config) : pixel_shuffle(config.pixel_shuffle) {
  const auto& ch = config.decoder_channels;
  conv_in = register_module("conv_in", conv3x3(config.latent_channels, ch[0]));
  levels = register_module("levels", nn::ModuleList());
  resblocks = register_module("resblocks", nn::ModuleList());
  for (std::size_t i = 0; i + 1 < ch.size(); ++i) {
    if (static_cast<int>(i) < kLevelsWithResBlocks) resblocks->push_back(ResBlock(ch[i]));
    levels->push_back(conv3x3(ch[i], ch[i + 1]));
  }
  conv_out = register_module("conv_out",
                             conv3x3(ch.back(), 3 * config.pixel_shuffle * config.pixel_shuffle));
}

torch::Tensor DecoderImpl::forward(torch::Tensor x) {
  x = conv_in(x);
  for (std::size_t i = 0; i < levels->size(); ++i) {
    if (i < resblocks->size()) x = resblocks[i]->as<ResBlock>()->forward(x);
    x = F::interpolate(F::silu(x), F::InterpolateFuncOptions()
                                       .scale_factor(std::vector<double>{2.0, 2.0})
                                       .mode(torch::kNearest));
    x = levels[i]->as<nn::Conv2d>()->forward(x);
  }
  x = conv_out(F::silu(x));
  if (pixel_shuffle > 1) x = torch::pixel_shuffle(x, pixel_shuffle);
  // Output in [0, 1]; a hard clamp keeps gradients for in-range pixels.
  return x.add(0.5).clamp(0.0, 1.0);
}

EncoderImpl::EncoderImpl(const SketchConfig& config) : pixel_shuffle(config.pixel_shuffle) {
  const auto& ch = config.decoder_channels;
  conv_in = register_module("conv_in",
                            conv3x3(3 * config.pixel_shuffle * config.pixel_shuffle, ch.back()));
  levels = register_module("levels", nn::ModuleList());
  resblocks = register_module("resblocks", nn::ModuleList());
  for (std::size_t i = ch.size() - 1; i > 0; --i) {
    levels->push_back(conv3x3(ch[i], ch[i - 1], 2));
    if (static_cast<int>(i) - 1 < kLevelsWithResBlocks) resblocks->push_back(ResBlock(ch[i - 1]));
  }
  conv_out = register_module("conv_out", conv3x3(ch[0], config.latent_channels));
}

torch::Tensor EncoderImpl::forward(torch::Tensor x) {
  x = x.sub(0.5);
  if (pixel_shuffle > 1) x = torch::pixel_unshuffle(x, pixel_shuffle);
  x = conv_in(x);
  const std::size_t first_res_level = levels->size() - resblocks->size();
  for (std::size_t i = 0; i < levels->size(); ++i) {
    x = levels[i]->as<nn::Conv2d>()->forward(F::silu(x));
    if (i >= first_res_level) x = resblocks[i - first_res_level]->as<ResBlock>()->forward(x);
  }
  return conv_out(F::silu(x));
}

torch::Tensor patchify(const torch::Tensor& latents, int patch) {
  const auto n = latents.size(0), c = latents.size(1), cells = latents.size(2) / patch;
  return latents.view({n, c, cells, patch, cells, patch})
      .permute({0, 2, 4, 1, 3, 5})
      .reshape({n, cells * cells, c * patch * patch});
}

torch::Tensor unpatchify(const torch::Tensor& tokens, int channels, int grid, int patch) {
  const int64_t n = tokens.size(0), cells = grid / patch;
  return tokens.reshape({n, cells, cells, channels, patch, patch})
      .permute({0, 3, 1, 4, 2, 5})
      .reshape({n, channels, grid, grid});
}

}  // namespace liveframe::sketch
