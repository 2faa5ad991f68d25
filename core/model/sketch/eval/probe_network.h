// The probe's network and the state behind Probe's pimpl (shared by probe.cpp and
// probe_trainer.cpp only). Thread-safety: Unsafe (torch modules); Probe's owner thread.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "sketch/eval/probe.h"

namespace liveframe::sketch {

// Four 3x3 conv stages with batch norm (64 → 32 → 16 → 8 pixels). Two summaries of the last
// feature map feed one hidden layer shared by every head: a 4x4 average grid keeps where things
// are (sky at the top, scenery at the bottom, how big a subject is), and a global max lets a
// subject detector fire wherever the subject is (learning it once, not per position, is what
// makes the subject heads train in minutes). Logits of all heads are concatenated.
struct ProbeNetImpl : torch::nn::Module {
  ProbeNetImpl();
  torch::Tensor forward(const torch::Tensor& images);  // [B, 3, 64, 64] in [0, 1] → [B, 28]
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr}, conv4{nullptr};
  torch::nn::BatchNorm2d norm1{nullptr}, norm2{nullptr}, norm3{nullptr}, norm4{nullptr};
  torch::nn::Linear hidden{nullptr}, logits{nullptr};
};
TORCH_MODULE(ProbeNet);

// Column range of each head in the concatenated logits.
int headOffset(ProbeHead head);
int totalClasses();

// Sum over heads of the mean cross-entropy; `targets` is [B, kProbeHeadCount] int64.
torch::Tensor probeLoss(const torch::Tensor& logits, const torch::Tensor& targets);

struct Probe::Impl {
  ProbeNet net;
  std::vector<float> planar;  // downsampled input of classify()
};

}  // namespace liveframe::sketch
