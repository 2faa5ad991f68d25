// The causal DiT's caches: per layer, self-attention keys and values of the frames generated
// so far (global, or a rolling window that keeps a sink of first frames), and the
// cross-attention keys and values of the current prompt.
//
// Keys are kept without RoPE and turned when read, at positions chosen by `RopePositions`:
// `Absolute` gives every frame its stream index (what the reference does, bounded by the
// 1024-entry table), `WindowRelative` gives the attended frames 0, 1, 2, … in window order
// (LongLive's infinite variant), so a stream never runs out of positions. The slot
// arithmetic (where a block is written, how the window rolls) follows Self-Forcing's
// CausalWanSelfAttention exactly.
// Thread-safety: Unsafe; owned by the one thread that runs the model.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "wan/wan_config.h"

namespace liveframe::wan {

enum class RopePositions { Absolute, WindowRelative };

// Where one forward pass over `frames` frames starting at stream frame `start_frame` reads and
// writes (the same for every layer). Token slots, not frames, except where named.
struct CachePlan {
  std::int64_t start_frame = 0;
  std::int64_t frames = 0;
  std::int64_t current_end = 0;     // stream token index after this pass
  std::int64_t evicted_tokens = 0;  // > 0: the window rolls before the write
  std::int64_t rolled_tokens = 0;
  std::int64_t sink_tokens = 0;
  std::int64_t write_begin = 0;
  std::int64_t write_end = 0;
  std::int64_t attend_begin = 0;                    // keys are slots [attend_begin, write_end)
  std::vector<std::int64_t> slot_positions;         // every slot frame's stream index, after
  std::vector<std::int64_t> key_frame_positions;    // RoPE positions of the attended frames
  std::vector<std::int64_t> query_frame_positions;  // RoPE positions of this pass's frames
};

class DitCache {
 public:
  DitCache(const DitConfig& dit, const StreamConfig& stream, std::int64_t frame_tokens,
           std::int64_t batch, torch::TensorOptions options,
           RopePositions positions = RopePositions::Absolute);

  // Pure: where a pass would go. Throws std::runtime_error with one line when the pass
  // cannot fit (a global cache that is full, a frame before the window).
  CachePlan plan(std::int64_t start_frame, std::int64_t frames) const;
  // After every layer ran the pass: advances the indices (a recompute of frames already in
  // the cache may leave them where they were).
  void commit(const CachePlan& plan);

  // Rolls layer `layer`'s window as the plan says, writes k/v ([B, n, H, D], keys without
  // RoPE) and returns the attended keys and values.
  std::pair<torch::Tensor, torch::Tensor> update(std::size_t layer, const CachePlan& plan,
                                                 const torch::Tensor& k, const torch::Tensor& v);

  // Cross-attention K/V of the current prompt, one pair per layer; empty until set.
  bool hasContext() const { return has_context_; }
  void setContext(std::size_t layer, torch::Tensor k, torch::Tensor v);
  void markContextComplete() { has_context_ = true; }
  const torch::Tensor& contextKeys(std::size_t layer) const { return cross_k_[layer]; }
  const torch::Tensor& contextValues(std::size_t layer) const { return cross_v_[layer]; }
  void clearContext();

  // Forgets every frame (the prompt's K/V stay): the next pass starts a new stream.
  void reset();

  // Layer `layer`'s whole key store [B, capacity, H, D] (without RoPE), for inspection.
  const torch::Tensor& layerKeys(std::size_t layer) const { return k_[layer]; }

  RopePositions ropePositions() const { return positions_; }
  std::int64_t frameTokens() const { return frame_tokens_; }
  std::int64_t capacityTokens() const { return capacity_tokens_; }
  std::int64_t framesWritten() const { return global_end_ / frame_tokens_; }
  std::int64_t bytes() const;

 private:
  StreamConfig stream_;
  std::int64_t frame_tokens_;
  std::int64_t capacity_tokens_;
  RopePositions positions_;
  std::vector<torch::Tensor> k_, v_;  // per layer [B, capacity, H, D]
  std::vector<torch::Tensor> cross_k_, cross_v_;
  bool has_context_ = false;
  std::int64_t global_end_ = 0;               // stream tokens written
  std::int64_t local_end_ = 0;                // slots in use
  std::vector<std::int64_t> slot_positions_;  // stream frame index of each slot frame
};

}  // namespace liveframe::wan
