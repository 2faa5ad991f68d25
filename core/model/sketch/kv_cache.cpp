#include "sketch/kv_cache.h"

#include <algorithm>

namespace liveframe::sketch {

std::int64_t distanceBucket(std::int64_t query, std::int64_t key, int window, int sink) {
  if (key > query) return -1;
  const std::int64_t distance = query - key;
  if (distance <= window) return distance;
  if (key < sink) return window + 1;
  return -1;
}

KvCache::KvCache(int layers, std::int64_t heads, std::int64_t head_dim, int tokens_per_frame,
                 int sink, int window, const torch::TensorOptions& options)
    : tokens_per_frame_(tokens_per_frame), sink_(sink), window_(window) {
  const int slots = sink + window + 1;
  for (int i = 0; i < layers; ++i) {
    keys_.push_back(torch::zeros({1, heads, slots * tokens_per_frame, head_dim}, options));
    values_.push_back(torch::zeros({1, heads, slots * tokens_per_frame, head_dim}, options));
  }
  slot_frame_.assign(static_cast<std::size_t>(slots), -1);
  buckets_.resize(static_cast<std::size_t>(slots));
}

const std::vector<std::int64_t>& KvCache::slotBuckets(std::int64_t query_frame) {
  for (std::size_t slot = 0; slot < slot_frame_.size(); ++slot) {
    const std::int64_t frame = slot_frame_[slot];
    buckets_[slot] = frame < 0 ? -1 : distanceBucket(query_frame, frame, window_, sink_);
  }
  buckets_[static_cast<std::size_t>(scratch_)] = 0;
  return buckets_;
}

void KvCache::commit(std::int64_t frame_index) {
  slot_frame_[static_cast<std::size_t>(scratch_)] = frame_index;
  // Next scratch: an empty slot if any, else the oldest frame that is not a sink.
  int next = -1;
  std::int64_t oldest = 0;
  for (int slot = 0; slot < slots(); ++slot) {
    const std::int64_t frame = slot_frame_[static_cast<std::size_t>(slot)];
    if (frame < 0) {
      next = slot;
      break;
    }
    if (frame >= sink_ && (next < 0 || frame < oldest)) {
      next = slot;
      oldest = frame;
    }
  }
  scratch_ = next;
  slot_frame_[static_cast<std::size_t>(scratch_)] = -1;
}

void KvCache::clear() {
  std::fill(slot_frame_.begin(), slot_frame_.end(), -1);
  scratch_ = 0;
}

std::int64_t KvCache::framesHeld() const {
  return std::count_if(slot_frame_.begin(), slot_frame_.end(),
                       [](std::int64_t f) { return f >= 0; });
}

torch::Tensor KvCache::scratchRows(torch::Tensor& buffer) const {
  return buffer.narrow(2, static_cast<std::int64_t>(scratch_) * tokens_per_frame_,
                       tokens_per_frame_);
}

}  // namespace liveframe::sketch
