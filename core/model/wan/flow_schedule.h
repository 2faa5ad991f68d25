// The flow-matching schedule of the Wan causal family (Self-Forcing's FlowMatchScheduler with
// sigma_min 0 and one extra step): 1000 training sigmas, shifted, and the conversions the
// few-step sampler needs. x_t = (1 − σ)·x0 + σ·noise; the model predicts v = noise − x0.
// Thread-safety: immutable after construction; any thread may read.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace liveframe::wan {

class FlowSchedule {
 public:
  explicit FlowSchedule(double shift, std::int64_t train_steps = 1000);

  // σ_i and t_i = 1000·σ_i for the training steps, float32 as the reference keeps them.
  const torch::Tensor& sigmas() const { return sigmas_; }
  const torch::Tensor& timesteps() const { return timesteps_; }

  // The sampler's timesteps for a step list such as {1000, 750, 500, 250}: warped through
  // the shifted schedule (t[1000 − step], with t = 0 past the end) or used as they are.
  std::vector<double> samplingTimesteps(const std::vector<std::int64_t>& steps, bool warp) const;

  // σ of the training step nearest to `timestep` (the reference's argmin lookup).
  double sigmaAt(double timestep) const;

  // x0 = x_t − σ·v, computed in float64 and returned in x_t's dtype.
  torch::Tensor flowToX0(const torch::Tensor& flow, const torch::Tensor& noisy,
                         double timestep) const;
  // (1 − σ)·x0 + σ·noise at `timestep`, in float32 like the reference.
  torch::Tensor addNoise(const torch::Tensor& clean, const torch::Tensor& noise,
                         double timestep) const;

 private:
  std::int64_t nearestIndex(double timestep) const;

  torch::Tensor sigmas_;
  torch::Tensor timesteps_;
  std::vector<double> timestep_values_;
};

}  // namespace liveframe::wan
