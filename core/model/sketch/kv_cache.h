// KV cache with a rolling window plus attention sink, for endless streams at constant cost.
//
// The cache has sink + window + 1 slots of one frame each. One slot is the scratch slot the
// frame being generated writes its keys/values into; commit() keeps it and frees the oldest
// non-sink slot as the next scratch. Attention order does not matter (the per-slot bias says
// how far back each frame is), so rolling never copies tensors.
// Thread-safety: Unsafe; the engine thread owns it.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace liveframe::sketch {

// The relative-distance bucket that query frame `query` uses for key frame `key`, or -1 if
// the key is not visible: itself (0), the previous `window` frames (1..window), and the first
// `sink` frames of the stream (bucket window + 1 once they fall out of the window).
std::int64_t distanceBucket(std::int64_t query, std::int64_t key, int window, int sink);

class KvCache {
 public:
  KvCache(int layers, std::int64_t heads, std::int64_t head_dim, int tokens_per_frame, int sink,
          int window, const torch::TensorOptions& options);

  int slots() const { return static_cast<int>(slot_frame_.size()); }
  int scratch() const { return scratch_; }
  int tokensPerFrame() const { return tokens_per_frame_; }
  // Bucket per slot for a query frame (-1 = empty or not visible); the scratch slot is 0.
  const std::vector<std::int64_t>& slotBuckets(std::int64_t query_frame);
  // The scratch slot now holds `frame_index`'s keys/values for good.
  void commit(std::int64_t frame_index);
  void clear();
  std::int64_t framesHeld() const;

  torch::Tensor& keys(int layer) { return keys_[static_cast<std::size_t>(layer)]; }
  torch::Tensor& values(int layer) { return values_[static_cast<std::size_t>(layer)]; }
  // The scratch slot's rows of a layer's buffer: [1, H, T, D].
  torch::Tensor scratchRows(torch::Tensor& buffer) const;

 private:
  int tokens_per_frame_, sink_, window_;
  std::vector<torch::Tensor> keys_, values_;  // per layer [1, H, slots * T, D]
  std::vector<std::int64_t> slot_frame_;      // frame index held per slot, -1 when empty
  std::vector<std::int64_t> buckets_;         // scratch for slotBuckets()
  int scratch_ = 0;
};

}  // namespace liveframe::sketch
