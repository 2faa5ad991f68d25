#include "wan/taehv_decoder.h"

#include <stdexcept>

namespace liveframe::wan {
namespace {

torch::nn::Conv2d conv3x3(std::int64_t in, std::int64_t out, bool bias = true) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1).bias(bias));
}

// conv(2C → C) · ReLU · conv · ReLU · conv over [x, x of the previous step], plus x.
struct MemoryBlockImpl : torch::nn::Module {
  explicit MemoryBlockImpl(std::int64_t channels) {
    conv = register_module("conv",
                           torch::nn::Sequential(conv3x3(2 * channels, channels), torch::nn::ReLU(),
                                                 conv3x3(channels, channels), torch::nn::ReLU(),
                                                 conv3x3(channels, channels)));
  }
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& past) {
    return torch::relu(conv->forward(torch::cat({x, past}, 1)) + x);
  }
  torch::nn::Sequential conv{nullptr};
};
TORCH_MODULE(MemoryBlock);

// A 1×1 conv C → C·stride read as `stride` consecutive frames.
struct TimeGrowImpl : torch::nn::Module {
  TimeGrowImpl(std::int64_t channels, std::int64_t stride) {
    conv = register_module(
        "conv",
        torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, channels * stride, 1).bias(false)));
  }
  torch::nn::Conv2d conv{nullptr};
};
TORCH_MODULE(TimeGrow);

// Parameter-free layers still take an index, so the numbering matches the checkpoint's.
struct NoParametersImpl : torch::nn::Module {};
TORCH_MODULE(NoParameters);

}  // namespace

TaehvDecoderImpl::TaehvDecoderImpl(std::int64_t latent_channels) {
  decoder_ = register_module("decoder", torch::nn::ModuleList());
  auto add = [this](Layer kind, std::shared_ptr<torch::nn::Module> module,
                    std::int64_t stride = 1) {
    decoder_->push_back(std::move(module));
    kinds_.push_back(kind);
    grow_strides_.push_back(stride);
  };
  const std::int64_t widths[] = {256, 128, 64, 64};
  const std::int64_t time_strides[] = {1, 2, 2};  // decoder_time_upscale (False, True, True)
  add(Layer::Clamp, NoParameters().ptr());
  add(Layer::Conv, conv3x3(latent_channels, widths[0]).ptr());
  add(Layer::Relu, NoParameters().ptr());
  for (int stage = 0; stage < 3; ++stage) {
    for (int i = 0; i < 3; ++i) add(Layer::Memory, MemoryBlock(widths[stage]).ptr());
    add(Layer::Upsample, NoParameters().ptr());
    add(Layer::Grow, TimeGrow(widths[stage], time_strides[stage]).ptr(), time_strides[stage]);
    add(Layer::Conv, conv3x3(widths[stage], widths[stage + 1], false).ptr());
  }
  add(Layer::Relu, NoParameters().ptr());
  add(Layer::Conv, conv3x3(widths[3], 3).ptr());
  memory_.resize(kinds_.size());
}

void TaehvDecoderImpl::resetStream() {
  for (auto& tensor : memory_) tensor = torch::Tensor();
}

void TaehvDecoderImpl::run(std::size_t layer, torch::Tensor x, bool clamp,
                           std::vector<torch::Tensor>& out) {
  // Depth first, as the reference's sequential decoder: a frame that TGrow splits finishes
  // all its later layers before its successor starts, so each memory block sees its frames
  // in stream order.
  for (; layer < kinds_.size(); ++layer) {
    switch (kinds_[layer]) {
      case Layer::Clamp:
        x = torch::tanh(x / 3) * 3;
        break;
      case Layer::Conv:
        x = decoder_->ptr<torch::nn::Conv2dImpl>(layer)->forward(x);
        break;
      case Layer::Relu:
        x = torch::relu(x);
        break;
      case Layer::Memory: {
        auto past = memory_[layer].defined() ? memory_[layer] : torch::zeros_like(x);
        memory_[layer] = x;
        x = decoder_->ptr<MemoryBlockImpl>(layer)->forward(x, past);
        break;
      }
      case Layer::Upsample:
        x = torch::nn::functional::interpolate(x, torch::nn::functional::InterpolateFuncOptions()
                                                      .scale_factor(std::vector<double>{2.0, 2.0})
                                                      .mode(torch::kNearest));
        break;
      case Layer::Grow: {
        const auto stride = grow_strides_[layer];
        auto grown = decoder_->ptr<TimeGrowImpl>(layer)->conv->forward(x);
        const auto channels = x.size(1);
        for (std::int64_t i = 0; i < stride; ++i) {
          run(layer + 1, grown.slice(1, i * channels, (i + 1) * channels), clamp, out);
        }
        return;
      }
    }
  }
  out.push_back(clamp ? x.clamp(0, 1) : x);
}

std::vector<torch::Tensor> TaehvDecoderImpl::decodeFrame(const torch::Tensor& latent, bool clamp) {
  if (latent.dim() != 4) throw std::invalid_argument("TAEHV decodes one [N, C, h, w] frame");
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> frames;
  run(0, latent, clamp, frames);
  return frames;
}

torch::Tensor TaehvDecoderImpl::decodeVideo(const torch::Tensor& latents, bool clamp) {
  resetStream();
  std::vector<torch::Tensor> frames;
  for (std::int64_t t = 0; t < latents.size(1); ++t) {
    for (auto& frame : decodeFrame(latents.select(1, t), clamp)) frames.push_back(frame);
  }
  return torch::stack(frames, 1);
}

}  // namespace liveframe::wan
