#include "wan/causal_sampler.h"

#include <algorithm>
#include <stdexcept>

namespace liveframe::wan {

CausalSampler::CausalSampler(CausalDit dit, DitCache& cache, const StreamConfig& stream)
    : dit_(std::move(dit)),
      cache_(cache),
      stream_(stream),
      schedule_(stream.timestep_shift),
      timesteps_(schedule_.samplingTimesteps(stream.denoising_steps, stream.warp_denoising_steps)) {
}

torch::Tensor CausalSampler::predictFlow(const torch::Tensor& latents, double timestep) {
  // [B, F, C, H, W] ↔ the DiT's [B, C, F, H, W].
  const auto batch = latents.size(0);
  const auto frames = latents.size(1);
  auto t = torch::full({batch, frames}, timestep, latents.options().dtype(torch::kFloat32));
  auto flow = dit_->forward(latents.permute({0, 2, 1, 3, 4}), t, next_frame_, cache_);
  return flow.permute({0, 2, 1, 3, 4});
}

torch::Tensor CausalSampler::generateBlock(const torch::Tensor& block_noise,
                                           const NoiseSource& renoise, const Observer& observe) {
  if (block_noise.dim() != 5 || block_noise.size(1) != stream_.frames_per_block) {
    throw std::invalid_argument("a block's noise must be [B, frames_per_block, C, H, W]");
  }
  torch::NoGradGuard no_grad;
  auto noisy = block_noise;
  torch::Tensor x0;
  for (std::size_t step = 0; step < timesteps_.size(); ++step) {
    const double timestep = timesteps_[step];
    auto flow = predictFlow(noisy, timestep);
    x0 = schedule_.flowToX0(flow, noisy, timestep);
    if (observe) observe(Step{block_index_, step, noisy, flow, x0});
    if (step + 1 < timesteps_.size()) {
      noisy = schedule_.addNoise(x0, renoise(x0), timesteps_[step + 1]);
    }
  }
  predictFlow(x0, stream_.context_noise);  // writes the clean block into the cache
  for (std::int64_t f = 0; f < x0.size(1); ++f) recent_.push_back(x0.slice(1, f, f + 1));
  const auto kept = static_cast<std::size_t>(stream_.cacheFrames());
  if (recent_.size() > kept)
    recent_.erase(recent_.begin(), recent_.end() - static_cast<std::ptrdiff_t>(kept));
  next_frame_ += stream_.frames_per_block;
  ++block_index_;
  return x0;
}

void CausalSampler::switchPrompt(const torch::Tensor& text, bool recache) {
  torch::NoGradGuard no_grad;
  dit_->setPrompt(text, cache_);
  last_recache_frames_ = 0;
  const std::int64_t sink = stream_.rolling() ? stream_.sink_frames : 0;
  if (!recache || next_frame_ <= sink) return;
  // The frames after the sink that the window holds: the newest ones, in its last slots.
  const std::int64_t frames = std::min(next_frame_ - sink, stream_.cacheFrames() - sink);
  // Block by block, oldest first, each at its own slots: a block attends to the sink, the
  // blocks before it (already re-cached) and itself, never to newer frames — LongLive's
  // blockwise-causal mask for this pass. The first block is shorter when the count is not a
  // whole number of blocks.
  std::int64_t begin = next_frame_ - frames;
  while (begin < next_frame_) {
    const std::int64_t into_block = (begin - sink) % stream_.frames_per_block;
    const std::int64_t count = std::min(next_frame_ - begin, stream_.frames_per_block - into_block);
    const auto first = recent_.end() - (next_frame_ - begin);
    std::vector<torch::Tensor> block(first, first + count);
    auto latents = torch::cat(block, 1);  // [B, count, C, H, W]
    auto t = torch::full({latents.size(0), count}, stream_.context_noise,
                         latents.options().dtype(torch::kFloat32));
    dit_->forward(latents.permute({0, 2, 1, 3, 4}), t, begin, cache_);
    begin += count;
  }
  last_recache_frames_ = frames;
}

void CausalSampler::restart() {
  recent_.clear();
  cache_.reset();
  next_frame_ = 0;
  block_index_ = 0;
}

}  // namespace liveframe::wan
