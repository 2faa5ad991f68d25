// The few-step causal sampling loop of Self-Forcing's CausalInferencePipeline: for each block
// of latent frames, denoise through the (warped) step list — predict the flow, convert it to
// x0, re-noise x0 to the next step — then run the DiT once more on the finished x0 at the
// context-noise timestep so that the block's clean K/V are what later blocks attend to.
// Thread-safety: Unsafe; borrows the DiT and the cache for its lifetime.
#pragma once

#include <torch/torch.h>

#include <functional>
#include <vector>

#include "wan/causal_dit.h"
#include "wan/dit_cache.h"
#include "wan/flow_schedule.h"
#include "wan/wan_config.h"

namespace liveframe::wan {

class CausalSampler {
 public:
  // Fresh Gaussian noise shaped like its argument (re-noising between steps).
  using NoiseSource = std::function<torch::Tensor(const torch::Tensor& like)>;
  // What one step saw and made, for tests and `liveframe check-vectors`.
  struct Step {
    std::int64_t block = 0;
    std::size_t step = 0;
    const torch::Tensor& input;  // [B, F, C, H, W]
    const torch::Tensor& flow;
    const torch::Tensor& x0;
  };
  using Observer = std::function<void(const Step&)>;

  CausalSampler(CausalDit dit, DitCache& cache, const StreamConfig& stream);

  // block_noise [B, F, C, H, W] with F = frames_per_block → the block's x0, same shape.
  torch::Tensor generateBlock(const torch::Tensor& block_noise, const NoiseSource& renoise,
                              const Observer& observe = {});

  // A new prompt for the frames to come: its cross-attention K/V replace the old prompt's.
  // With `recache` (LongLive's KV re-cache), the frames in the window after the sink are run
  // once more at the context-noise timestep under the new prompt, at their own positions,
  // so every layer's cached K/V reflect it and the switch shows at once instead of fading in
  // over the window. The sink keeps its K/V; the stream's position does not move.
  void switchPrompt(const torch::Tensor& text, bool recache);
  // Frames the last re-cache recomputed (0 before any).
  std::int64_t lastRecacheFrames() const { return last_recache_frames_; }

  const std::vector<double>& timesteps() const { return timesteps_; }
  const FlowSchedule& schedule() const { return schedule_; }
  std::int64_t nextFrame() const { return next_frame_; }
  // Starts a new stream (the prompt's cross-attention K/V are kept).
  void restart();

 private:
  torch::Tensor predictFlow(const torch::Tensor& latents, double timestep);

  CausalDit dit_;
  DitCache& cache_;
  StreamConfig stream_;
  FlowSchedule schedule_;
  std::vector<double> timesteps_;
  std::int64_t next_frame_ = 0;
  std::int64_t block_index_ = 0;
  std::int64_t last_recache_frames_ = 0;
  std::vector<torch::Tensor> recent_;  // finished frames [B, 1, C, H, W], newest last
};

}  // namespace liveframe::wan
