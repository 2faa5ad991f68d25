// Wan's 3-axis rotary position embedding: a head dim of D is split into D/2 complex pairs,
// the first D/2 − 2⌊D/6⌋ pairs turned by the frame position, then ⌊D/6⌋ by the row and ⌊D/6⌋
// by the column; θ = 10000 and the angles in float64, as the reference computes them.
// Thread-safety: immutable after construction; any thread may read.
#pragma once

#include <torch/torch.h>

#include <array>
#include <cstdint>
#include <vector>

namespace liveframe::wan {

class Rope3d {
 public:
  // Positions on each axis must stay below `max_positions` (the reference's table has 1024).
  explicit Rope3d(std::int64_t head_dim, std::int64_t max_positions = 1024, double theta = 10000);

  // The rotation of S = F·rows·cols tokens laid out (frame, row, column) row-major, frame f
  // at temporal position frame_positions[f]. Computed once per forward and shared by every
  // layer, on `device`.
  struct Turn {
    torch::Tensor cos, sin;  // [1, S, 1, D/2], float64
  };
  Turn turn(const std::vector<std::int64_t>& frame_positions, std::int64_t rows, std::int64_t cols,
            const torch::Device& device) const;

  // x [B, S, H, D] rotated pair by pair; returns x's dtype.
  static torch::Tensor rotate(const torch::Tensor& x, const Turn& turn);

  std::int64_t maxPositions() const { return max_positions_; }

 private:
  std::int64_t max_positions_;
  std::int64_t pairs_ = 0;
  std::array<torch::Tensor, 3> angles_;  // per axis [max_positions, pairs on that axis], float64
};

}  // namespace liveframe::wan
