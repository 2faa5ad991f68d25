// TAEHV's decoder for Wan2.1 latents (madebyollin/taehv, weights `taew2_1.pth`): the fast
// alternative to the Wan VAE decoder. Convolutions with "memory" blocks that see their own
// input of the previous time step, nearest 2× upsampling and temporal growth (TGrow: 1
// latent frame → 1, 2 or 4 pixel frames), output in [0, 1]. Runs as a stream: each latent
// frame yields 4 frames (the first 3 of a stream are warm-up, which callers drop).
// Parameter names follow the released checkpoint (`decoder.3.conv.0.weight`, ...).
// Thread-safety: Unsafe; one thread decodes one stream.
#pragma once

#include <torch/torch.h>

#include <vector>

namespace liveframe::wan {

class TaehvDecoderImpl : public torch::nn::Module {
 public:
  explicit TaehvDecoderImpl(std::int64_t latent_channels = 16);

  // One latent frame [N, C, h, w] (normalised Wan latents) → the pixel frames it completes,
  // each [N, 3, 8h, 8w], in order; clamped to [0, 1] unless `clamp` is false (the network's
  // raw output, which the reference vectors hold). Memory blocks keep state between calls.
  std::vector<torch::Tensor> decodeFrame(const torch::Tensor& latent, bool clamp = true);
  // A whole clip [N, T, C, h, w] → [N, 4T, 3, 8h, 8w] before trimming (a fresh stream).
  torch::Tensor decodeVideo(const torch::Tensor& latents, bool clamp = true);
  void resetStream();

  static constexpr std::int64_t kFramesToTrim = 3;
  static constexpr std::int64_t kTimeUpscale = 4;

 private:
  enum class Layer { Clamp, Conv, Relu, Memory, Upsample, Grow };
  void run(std::size_t layer, torch::Tensor x, bool clamp, std::vector<torch::Tensor>& out);

  torch::nn::ModuleList decoder_{nullptr};
  std::vector<Layer> kinds_;
  std::vector<std::int64_t> grow_strides_;  // per layer (1 where not a TGrow)
  std::vector<torch::Tensor> memory_;       // per layer: a memory block's previous input
};
TORCH_MODULE(TaehvDecoder);

}  // namespace liveframe::wan
