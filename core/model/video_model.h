// The interface a model family implements (DESIGN §3). Internal to core/: it speaks tensors.
// Thread-safety: Unsafe. The engine owns a VideoModel: its step thread calls everything but
// decode(), which its output thread calls, possibly while step() runs. decode() must
// therefore touch only decoder state, never what step() mutates.
#pragma once

#include <ATen/Tensor.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "liveframe/frame.h"
#include "liveframe/model.h"
#include "liveframe/result.h"

namespace liveframe::model {

// Encoded prompt. Immutable once made, so the engine may cache and share it.
struct Conditioning {
  std::string text;   // what was encoded (or a description of a blend)
  at::Tensor tokens;  // family-specific, e.g. [K, D]; blends interpolate it
};
using ConditioningPtr = std::shared_ptr<const Conditioning>;

// Per-stream state (caches, noise generator, positions). Families derive from it.
struct StreamState {
  virtual ~StreamState() = default;
  std::uint64_t seed = 0;
  std::int64_t frame_index = 0;  // index of the next frame step() will produce
};

class VideoModel {
 public:
  virtual ~VideoModel() = default;
  virtual const ModelInfo& info() const = 0;
  // Words the text encoder knows; empty if it takes any text.
  virtual std::vector<std::string> vocabulary() const { return {}; }

  virtual ConditioningPtr encodePrompt(const std::string& text) = 0;
  // Weighted sum of conditionings (weights already normalised to sum 1).
  virtual ConditioningPtr blend(const std::vector<std::pair<ConditioningPtr, float>>& parts);

  virtual std::unique_ptr<StreamState> beginStream(std::uint64_t seed) = 0;
  // Latents of the next frames, conditioned on `conditioning` and `actions`; advances
  // state.frame_index by the pixel frames they decode to (frames_per_step, or fewer on a
  // stream's first step where a decoder warms up).
  virtual at::Tensor step(StreamState& state, const Conditioning& conditioning,
                          unsigned actions) = 0;
  // Turns latents from step() into frames (appended to `frames`, pixels only).
  virtual void decode(StreamState& state, const at::Tensor& latents,
                      std::vector<Frame>& frames) = 0;
  // LongLive-style families re-cache on a prompt switch; the default does nothing.
  virtual void switchPrompt(StreamState& state, const Conditioning& conditioning) {
    (void)state;
    (void)conditioning;
  }
};

// Mixes a stream seed and a frame index into the seed of that frame's noise, so any frame's
// noise is known without generating the ones before it (replay from any point).
std::uint64_t frameNoiseSeed(std::uint64_t stream_seed, std::int64_t frame_index);

struct LoadOptions {
  bool random_weights = false;  // the architecture at random weights (registry ids only)
  int width = 0;                // 0: the model's native size; else a size it can render at
  int height = 0;
};

// Loads a model by registry id ("sketch"), weights file or model folder.
Result<std::unique_ptr<VideoModel>> loadModel(const std::string& name_or_path,
                                              const LoadOptions& options);

}  // namespace liveframe::model
