#include "wan/dit_cache.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace liveframe::wan {

DitCache::DitCache(const DitConfig& dit, const StreamConfig& stream, std::int64_t frame_tokens,
                   std::int64_t batch, torch::TensorOptions options, RopePositions positions)
    : stream_(stream),
      frame_tokens_(frame_tokens),
      capacity_tokens_(stream.cacheFrames() * frame_tokens),
      positions_(positions),
      slot_positions_(static_cast<std::size_t>(stream.cacheFrames()), 0) {
  for (std::int64_t layer = 0; layer < dit.num_layers; ++layer) {
    k_.push_back(torch::zeros({batch, capacity_tokens_, dit.num_heads, dit.headDim()}, options));
    v_.push_back(torch::zeros({batch, capacity_tokens_, dit.num_heads, dit.headDim()}, options));
  }
  cross_k_.resize(k_.size());
  cross_v_.resize(k_.size());
}

CachePlan DitCache::plan(std::int64_t start_frame, std::int64_t frames) const {
  CachePlan plan;
  plan.start_frame = start_frame;
  plan.frames = frames;
  const std::int64_t new_tokens = frames * frame_tokens_;
  const std::int64_t current_start = start_frame * frame_tokens_;
  plan.current_end = current_start + new_tokens;
  std::int64_t local_end = 0;
  if (stream_.rolling() && plan.current_end > global_end_ &&
      new_tokens + local_end_ > capacity_tokens_) {
    plan.sink_tokens = stream_.sink_frames * frame_tokens_;
    plan.evicted_tokens = new_tokens + local_end_ - capacity_tokens_;
    plan.rolled_tokens = local_end_ - plan.evicted_tokens - plan.sink_tokens;
    local_end = local_end_ + plan.current_end - global_end_ - plan.evicted_tokens;
  } else {
    local_end = local_end_ + plan.current_end - global_end_;
  }
  if (local_end > capacity_tokens_) {
    throw std::runtime_error("the global KV cache is full after " +
                             std::to_string(capacity_tokens_ / frame_tokens_) +
                             " latent frames (use a rolling window for longer streams)");
  }
  plan.write_end = local_end;
  plan.write_begin = local_end - new_tokens;
  if (plan.write_begin < 0 || plan.rolled_tokens < 0) {
    throw std::runtime_error("frame " + std::to_string(start_frame) +
                             " is no longer in the KV cache window");
  }
  plan.attend_begin = std::max<std::int64_t>(0, plan.write_end - capacity_tokens_);

  // Which stream frame each slot frame holds once this pass has run.
  plan.slot_positions = slot_positions_;
  if (plan.evicted_tokens > 0) {
    const auto sink = plan.sink_tokens / frame_tokens_;
    const auto evicted = plan.evicted_tokens / frame_tokens_;
    const auto rolled = plan.rolled_tokens / frame_tokens_;
    for (std::int64_t i = 0; i < rolled; ++i) {
      plan.slot_positions[static_cast<std::size_t>(sink + i)] =
          slot_positions_[static_cast<std::size_t>(sink + evicted + i)];
    }
  }
  const auto first_written = plan.write_begin / frame_tokens_;
  for (std::int64_t f = 0; f < frames; ++f) {
    plan.slot_positions[static_cast<std::size_t>(first_written + f)] = start_frame + f;
  }
  const auto first_attended = plan.attend_begin / frame_tokens_;
  const auto last_attended = plan.write_end / frame_tokens_;
  for (auto slot = first_attended; slot < last_attended; ++slot) {
    plan.key_frame_positions.push_back(positions_ == RopePositions::Absolute
                                           ? plan.slot_positions[static_cast<std::size_t>(slot)]
                                           : slot - first_attended);
  }
  for (std::int64_t f = 0; f < frames; ++f) {
    plan.query_frame_positions.push_back(positions_ == RopePositions::Absolute
                                             ? start_frame + f
                                             : first_written - first_attended + f);
  }
  return plan;
}

void DitCache::commit(const CachePlan& plan) {
  global_end_ = plan.current_end;
  local_end_ = plan.write_end;
  slot_positions_ = plan.slot_positions;
}

std::pair<torch::Tensor, torch::Tensor> DitCache::update(std::size_t layer, const CachePlan& plan,
                                                         const torch::Tensor& k,
                                                         const torch::Tensor& v) {
  auto& keys = k_[layer];
  auto& values = v_[layer];
  if (plan.evicted_tokens > 0 && plan.rolled_tokens > 0) {
    const auto from = plan.sink_tokens + plan.evicted_tokens;
    // clone(): source and destination overlap.
    keys.slice(1, plan.sink_tokens, plan.sink_tokens + plan.rolled_tokens)
        .copy_(keys.slice(1, from, from + plan.rolled_tokens).clone());
    values.slice(1, plan.sink_tokens, plan.sink_tokens + plan.rolled_tokens)
        .copy_(values.slice(1, from, from + plan.rolled_tokens).clone());
  }
  keys.slice(1, plan.write_begin, plan.write_end).copy_(k);
  values.slice(1, plan.write_begin, plan.write_end).copy_(v);
  return {keys.slice(1, plan.attend_begin, plan.write_end),
          values.slice(1, plan.attend_begin, plan.write_end)};
}

void DitCache::setContext(std::size_t layer, torch::Tensor k, torch::Tensor v) {
  cross_k_[layer] = std::move(k);
  cross_v_[layer] = std::move(v);
}

void DitCache::clearContext() {
  has_context_ = false;
  for (auto& tensor : cross_k_) tensor = torch::Tensor();
  for (auto& tensor : cross_v_) tensor = torch::Tensor();
}

void DitCache::reset() {
  global_end_ = 0;
  local_end_ = 0;
  std::fill(slot_positions_.begin(), slot_positions_.end(), 0);
}

std::int64_t DitCache::bytes() const {
  std::int64_t total = 0;
  for (const auto& tensor : k_) total += tensor.numel() * tensor.element_size();
  for (const auto& tensor : v_) total += tensor.numel() * tensor.element_size();
  return total;
}

}  // namespace liveframe::wan
