#include "wan/rope.h"

#include <stdexcept>
#include <string>

namespace liveframe::wan {
namespace {

torch::Tensor axisAngles(std::int64_t positions, std::int64_t axis_dim, double theta) {
  auto exponents = torch::arange(0, axis_dim, 2, torch::kFloat64) / static_cast<double>(axis_dim);
  auto frequencies = 1.0 / torch::pow(theta, exponents);
  return torch::outer(torch::arange(positions, torch::kFloat64), frequencies);
}

}  // namespace

Rope3d::Rope3d(std::int64_t head_dim, std::int64_t max_positions, double theta)
    : max_positions_(max_positions), pairs_(head_dim / 2) {
  const std::int64_t spatial_dim = 2 * (head_dim / 6);
  angles_[0] = axisAngles(max_positions, head_dim - 2 * spatial_dim, theta);
  angles_[1] = axisAngles(max_positions, spatial_dim, theta);
  angles_[2] = axisAngles(max_positions, spatial_dim, theta);
}

Rope3d::Turn Rope3d::turn(const std::vector<std::int64_t>& frame_positions, std::int64_t rows,
                          std::int64_t cols, const torch::Device& device) const {
  const auto frames = static_cast<std::int64_t>(frame_positions.size());
  for (auto position : frame_positions) {
    if (position < 0 || position >= max_positions_) {
      throw std::out_of_range("frame position " + std::to_string(position) +
                              " is outside the RoPE table of " + std::to_string(max_positions_));
    }
  }
  if (rows > max_positions_ || cols > max_positions_) {
    throw std::out_of_range("latent grid larger than the RoPE table");
  }
  auto index = torch::tensor(frame_positions, torch::kLong);
  auto time = angles_[0].index_select(0, index);
  const auto tp = angles_[0].size(1);
  const auto sp = angles_[1].size(1);
  auto angles =
      torch::cat(
          {time.view({frames, 1, 1, tp}).expand({frames, rows, cols, tp}),
           angles_[1].slice(0, 0, rows).view({1, rows, 1, sp}).expand({frames, rows, cols, sp}),
           angles_[2].slice(0, 0, cols).view({1, 1, cols, sp}).expand({frames, rows, cols, sp})},
          -1)
          .reshape({1, frames * rows * cols, 1, pairs_})
          .to(device);
  return Turn{angles.cos(), angles.sin()};
}

torch::Tensor Rope3d::rotate(const torch::Tensor& x, const Turn& turn) {
  auto pairs = x.to(torch::kFloat64).reshape({x.size(0), x.size(1), x.size(2), -1, 2});
  auto real = pairs.select(-1, 0);
  auto imaginary = pairs.select(-1, 1);
  auto turned = torch::stack(
      {real * turn.cos - imaginary * turn.sin, real * turn.sin + imaginary * turn.cos}, -1);
  return turned.flatten(3).to(x.scalar_type());
}

}  // namespace liveframe::wan
