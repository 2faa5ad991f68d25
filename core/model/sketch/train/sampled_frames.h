// The model's own drawing of a clip, for training on the context a stream really has.
// Thread-safety: as the Transformer it runs (one caller at a time).
#pragma once

#include <torch/torch.h>

#include "sketch/sketch_config.h"
#include "sketch/transformer.h"

namespace liveframe::sketch {

// What the sampler (SketchModel::step: the config's sampling timesteps in turn, fresh noise
// between them) draws for every frame of clips z [B, F, T, C] when the real frames before it,
// noised to `context_noise` as the stream's cache holds them, are its context. All frames at
// once through the teacher-forcing layout `buckets` (teacherForcingBuckets of F frames); frame
// i depends only on frames before i. No gradient. Returns [B, F, T, C].
torch::Tensor sampledFrames(TransformerImpl& transformer, const SketchConfig& config,
                            const torch::Tensor& z, const torch::Tensor& actions,
                            const torch::Tensor& conditioning, const torch::Tensor& buckets,
                            float context_noise);

}  // namespace liveframe::sketch
