#include "sketch/train/sampled_frames.h"

namespace liveframe::sketch {

torch::Tensor sampledFrames(TransformerImpl& transformer, const SketchConfig& config,
                            const torch::Tensor& z, const torch::Tensor& actions,
                            const torch::Tensor& conditioning, const torch::Tensor& buckets,
                            float context_noise) {
  torch::NoGradGuard no_grad;
  const int64_t b = z.size(0), f = z.size(1);
  const auto tc = torch::full({b, f}, context_noise);
  const auto context = (1 - context_noise) * z + context_noise * torch::randn_like(z);
  const auto both_actions = torch::cat({actions, actions}, 1);
  const auto both_conditioning = torch::cat({conditioning, conditioning}, 1);
  auto x = torch::randn_like(z);
  torch::Tensor x0;
  const auto& steps = config.sampling_timesteps;
  for (std::size_t s = 0; s < steps.size(); ++s) {
    const float t = steps[s];
    const auto flow = transformer.forwardSequence(torch::cat({context, x}, 1),
                                                  torch::cat({tc, torch::full({b, f}, t)}, 1),
                                                  both_actions, both_conditioning, buckets);
    x0 = x - t * flow.narrow(1, f, f);
    if (s + 1 < steps.size()) x = (1 - steps[s + 1]) * x0 + steps[s + 1] * torch::randn_like(z);
  }
  return x0;
}

}  // namespace liveframe::sketch
