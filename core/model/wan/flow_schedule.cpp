#include "wan/flow_schedule.h"

#include <cmath>
#include <stdexcept>

namespace liveframe::wan {

FlowSchedule::FlowSchedule(double shift, std::int64_t train_steps) {
  if (shift <= 0 || train_steps < 2) throw std::invalid_argument("bad flow schedule");
  // The same float32 operations in the same order as the reference, so the lookups agree
  // with it to the last bit: linspace(1, 0, n + 1) without its last entry, then the shift.
  auto sigmas =
      torch::linspace(1.0, 0.0, train_steps + 1, torch::kFloat32).slice(0, 0, train_steps);
  sigmas_ = shift * sigmas / (1 + (shift - 1) * sigmas);
  timesteps_ = sigmas_ * static_cast<double>(train_steps);
  auto values = timesteps_.to(torch::kFloat64).contiguous();
  timestep_values_.assign(values.data_ptr<double>(), values.data_ptr<double>() + values.numel());
}

std::vector<double> FlowSchedule::samplingTimesteps(const std::vector<std::int64_t>& steps,
                                                    bool warp) const {
  std::vector<double> out;
  const auto count = static_cast<std::int64_t>(timestep_values_.size());
  for (auto step : steps) {
    if (!warp) {
      out.push_back(static_cast<double>(step));
      continue;
    }
    const std::int64_t index = count - step;  // into timesteps followed by a final 0
    if (index < 0 || index > count) throw std::out_of_range("denoising step outside the schedule");
    // float32 like the reference's table, so the value is the one the lookups will see.
    out.push_back(index == count ? 0.0
                                 : static_cast<double>(static_cast<float>(
                                       timestep_values_[static_cast<std::size_t>(index)])));
  }
  return out;
}

std::int64_t FlowSchedule::nearestIndex(double timestep) const {
  // argmin |t_i − t| over float32 values: the first minimum wins, as torch.argmin does.
  const auto target = static_cast<float>(timestep);
  std::int64_t best = 0;
  float best_distance = std::abs(static_cast<float>(timestep_values_[0]) - target);
  for (std::size_t i = 1; i < timestep_values_.size(); ++i) {
    const float distance = std::abs(static_cast<float>(timestep_values_[i]) - target);
    if (distance < best_distance) {
      best_distance = distance;
      best = static_cast<std::int64_t>(i);
    }
  }
  return best;
}

double FlowSchedule::sigmaAt(double timestep) const {
  return sigmas_[nearestIndex(timestep)].item<double>();
}

torch::Tensor FlowSchedule::flowToX0(const torch::Tensor& flow, const torch::Tensor& noisy,
                                     double timestep) const {
  const double sigma = sigmaAt(timestep);
  return (noisy.to(torch::kFloat64) - sigma * flow.to(torch::kFloat64)).to(noisy.scalar_type());
}

torch::Tensor FlowSchedule::addNoise(const torch::Tensor& clean, const torch::Tensor& noise,
                                     double timestep) const {
  const auto sigma = sigmas_[nearestIndex(timestep)];  // a float32 scalar tensor
  return ((1 - sigma) * clean + sigma * noise).to(noise.scalar_type());
}

}  // namespace liveframe::wan
