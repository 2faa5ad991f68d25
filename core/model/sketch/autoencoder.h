// The deep-compression autoencoder: 256x256 RGB <-> 8x8x16 latents (f = 32).
// Thread-safety: Unsafe (torch modules); the engine thread or the trainer owns it.
#pragma once

#include <torch/torch.h>

#include "sketch/sketch_config.h"

namespace liveframe::sketch {

struct ResBlockImpl : torch::nn::Module {
  explicit ResBlockImpl(int64_t channels);
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
};
TORCH_MODULE(ResBlock);

// Latents [B, C, g, g] on the encoder's scale → images [B, 3, S, S] in [0, 1].
struct DecoderImpl : torch::nn::Module {
  explicit DecoderImpl(const SketchConfig& config);
  torch::Tensor forward(torch::Tensor latents);
  torch::nn::Conv2d conv_in{nullptr}, conv_out{nullptr};
  torch::nn::ModuleList levels;  // per level: optional ResBlock, then upsample + conv
  torch::nn::ModuleList resblocks;
  int pixel_shuffle = 4;
};
TORCH_MODULE(Decoder);

// Images [B, 3, S, S] in [0, 1] → latents [B, C, g, g] (before dividing by latent_scale).
// Used by training only.
struct EncoderImpl : torch::nn::Module {
  explicit EncoderImpl(const SketchConfig& config);
  torch::Tensor forward(torch::Tensor images);
  torch::nn::Conv2d conv_in{nullptr}, conv_out{nullptr};
  torch::nn::ModuleList levels;
  torch::nn::ModuleList resblocks;
  int pixel_shuffle = 4;
};
TORCH_MODULE(Encoder);

// Latent layout for the transformer: [N, C, g, g] ↔ [N, (g/p)², C·p²] (patch p x p → token).
torch::Tensor patchify(const torch::Tensor& latents, int patch);
torch::Tensor unpatchify(const torch::Tensor& tokens, int channels, int grid, int patch);

}  // namespace liveframe::sketch
