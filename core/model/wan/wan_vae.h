// The Wan2.1 VAE (wan/modules/vae.py). The decoder (Decoder3d behind `conv2`) runs as a stream:
// one latent frame per call, each causal 3D convolution keeping the last two frames of its
// input between calls, the time-upsampling convolutions skipped on the stream's first frame
// (which yields 1 pixel frame; every later latent frame yields 4). Parameter names are those
// of `Wan2.1_VAE.pth` (`decoder.middle.0.residual.2.weight`, ...).
// Thread-safety: Unsafe; one thread decodes one stream.
#pragma once

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "liveframe/result.h"

namespace liveframe::wan {

struct VaeConfig {
  std::int64_t dim = 96;
  std::int64_t z_dim = 16;
  std::vector<std::int64_t> dim_mult{1, 2, 4, 4};
  std::int64_t num_res_blocks = 2;
  std::vector<bool> temporal_downsample{false, true, true};

  static VaeConfig wan2_1() { return VaeConfig{}; }
  static Result<VaeConfig> fromMetadata(const std::map<std::string, std::string>& metadata);
};

// The released latent statistics: decoding starts with z·std + mean (as z / (1/std) + mean).
torch::Tensor wanLatentMean();
torch::Tensor wanLatentStd();

// What a stream of calls carries from one latent frame to the next.
struct VaeStreamState {
  std::vector<torch::Tensor> frames;  // per cached convolution: its last input frames
  std::vector<bool> first_pass_done;  // per time-upsampling convolution
  std::size_t cursor = 0;

  // The next convolution's slot index in call order (slots are made on a stream's first frame).
  std::size_t nextSlot() {
    if (cursor >= frames.size()) {
      frames.resize(cursor + 1);
      first_pass_done.resize(cursor + 1, false);
    }
    return cursor++;
  }
};

class WanVaeDecoderImpl : public torch::nn::Module {
 public:
  explicit WanVaeDecoderImpl(const VaeConfig& config = VaeConfig::wan2_1());

  // One normalised latent frame [B, z, 1, h, w] → pixels [B, 3, T, 8h, 8w] in about [−1, 1]
  // (T = 1 for a stream's first frame, else 4), unclamped. `mean`/`std` [z] undo the
  // normalisation.
  torch::Tensor decodeFrame(const torch::Tensor& latent, const torch::Tensor& mean,
                            const torch::Tensor& stddev, VaeStreamState& state);
  // A clip [B, z, T, h, w] decoded frame by frame in a fresh stream → [B, 3, 1 + 4(T−1), 8h, 8w].
  torch::Tensor decode(const torch::Tensor& latents, const torch::Tensor& mean,
                       const torch::Tensor& stddev);

 private:
  std::shared_ptr<struct VaeCausalConvImpl> conv2_;
  std::shared_ptr<struct VaeDecoder3dImpl> decoder_;
};
TORCH_MODULE(WanVaeDecoder);

// The encoder half (Encoder3d and `conv1`), for turning video into normalised latents
// (video-to-video, re-encoding a decoded frame). mu only: no sampling.
class WanVaeEncoderImpl : public torch::nn::Module {
 public:
  explicit WanVaeEncoderImpl(const VaeConfig& config = VaeConfig::wan2_1());
  // video [B, 3, 1 + 4k, H, W] in [−1, 1] → normalised mu [B, z, 1 + k, H/8, W/8].
  torch::Tensor encode(const torch::Tensor& video, const torch::Tensor& mean,
                       const torch::Tensor& stddev);

 private:
  std::int64_t z_dim_;
  std::shared_ptr<struct VaeEncoder3dImpl> encoder_;
  std::shared_ptr<struct VaeCausalConvImpl> conv1_;
};
TORCH_MODULE(WanVaeEncoder);

}  // namespace liveframe::wan
