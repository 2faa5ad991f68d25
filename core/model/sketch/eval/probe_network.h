// The probe's network and the state behind Probe's pimpl (shared by probe.cpp and
// probe_trainer.cpp only). Thread-safety: Unsafe (torch modules); Probe's owner thread.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "sketch/eval/probe.h"

namespace liveframe::sketch {

// Two small CNNs.
//  - The scene network: four 3x3 conv stages with batch norm over the 64x64 frame (64 → 32 →
//    16 → 8 pixels); a 4x4 average grid of the last features (sky at the top, scenery at the
//    bottom) feeds the sky, scenery and weather heads. A 1x1 conv on the 16x16 features says
//    where the largest subject is (one logit per 4x4-pixel cell).
//  - The subject network reads colour and shape (each with "none") from a 32x32 crop centred
//    there. Reading a centred crop is what makes the subject heads learn in minutes: a whole-
//    frame network must learn every shape at every position and barely beats chance in the
//    same time.
// Logits of all heads are concatenated in kProbeHeads order.
struct ProbeNetImpl : torch::nn::Module {
  ProbeNetImpl();
  struct Output {
    torch::Tensor logits;    // [B, totalClasses()]
    torch::Tensor location;  // [B, 16 * 16] where the largest subject is
    torch::Tensor cells;     // [B] int64: the cell the crop was centred on
  };
  // images [B, 3, 64, 64] in [0, 1]. Crops are centred on `centres_px` ([B, 2] x, y in pixels
  // of the 64x64 image) when given (training) except where negative, else on the most likely
  // cell.
  Output forward(const torch::Tensor& images, const torch::Tensor& centres_px = {});

  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr}, conv4{nullptr};
  torch::nn::BatchNorm2d norm1{nullptr}, norm2{nullptr}, norm3{nullptr}, norm4{nullptr};
  torch::nn::Linear hidden{nullptr}, scene_logits{nullptr};
  torch::nn::Conv2d locate{nullptr};
  torch::nn::Conv2d crop1{nullptr}, crop2{nullptr}, crop3{nullptr}, crop4{nullptr};
  torch::nn::BatchNorm2d crop_norm1{nullptr}, crop_norm2{nullptr}, crop_norm3{nullptr},
      crop_norm4{nullptr};
  torch::nn::Linear crop_hidden{nullptr}, subject_logits{nullptr};

 private:
  torch::Tensor subjectLogits(const torch::Tensor& images, const torch::Tensor& centres_px);
};
TORCH_MODULE(ProbeNet);

inline constexpr int kLocationGrid = 16;                                 // cells per side
inline constexpr int kLocationCellPx = kProbeImageSize / kLocationGrid;  // 4 pixels
inline constexpr int kCropPx = 32;  // holds the largest subject (26 px across) off-centre

// Column range of each head in the concatenated logits.
int headOffset(ProbeHead head);
int totalClasses();

// What a batch should give, as tensors (all int64; -1 where there is no such thing).
struct ProbeTargets {
  torch::Tensor classes;     // [B, kProbeHeadCount]
  torch::Tensor near;        // [B, 2] the near subject's colour and shape (ProbeLabels)
  torch::Tensor cells;       // [B] location cell of the largest subject
  torch::Tensor near_cells;  // [B] location cell of the near subject
};

// Sum over heads of the mean cross-entropy, plus the location's (weighted). Where a near
// subject exists, the loss is on the probability of either answer.
torch::Tensor probeLoss(const ProbeNetImpl::Output& output, const ProbeTargets& targets);

struct Probe::Impl {
  ProbeNet net;
  std::vector<float> planar;  // downsampled input of classify()
};

}  // namespace liveframe::sketch
