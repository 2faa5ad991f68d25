// Training batches rendered from the procedural world on a background thread, so the trainer
// never waits for pixels. Thread-safety: next() from one consumer thread.
#pragma once

#include <torch/torch.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "engine/bounded_queue.h"
#include "sketch/sketch_config.h"
#include "sketch/tokenizer.h"
#include "world/world.h"

namespace liveframe::sketch {

struct TrainingBatch {
  torch::Tensor frames;   // [B, F, 3, S, S] float in [0, 1]
  torch::Tensor tokens;   // [B, F, L] int64: the caption in force at each frame
  torch::Tensor actions;  // [B, F] int64: the camera action that moved the view into frame f
  torch::Tensor weights;  // [B, F, T] float: each transformer token's loss weight
};

// The loss weight of each of a frame's grid x grid tokens (row-major, square frames): 1, plus
// `subject_extra` where a visible subject's disc (with a margin of a quarter of its radius)
// touches the token's cell. The subjects cover a few percent of the pixels; an unweighted
// loss is content to leave them out.
std::vector<float> subjectTokenWeights(const FrameLabels& labels, int grid, float subject_extra);

class TrainingData {
 public:
  TrainingData(const SketchConfig& config, const Tokenizer& tokenizer, int clips_per_batch,
               int frames_per_clip, std::uint64_t seed);
  ~TrainingData();
  TrainingBatch next();

 private:
  TrainingBatch make(std::uint64_t batch_index);
  SketchConfig config_;
  const Tokenizer& tokenizer_;
  int clips_, frames_;
  std::uint64_t seed_;
  BoundedQueue<TrainingBatch> queue_{3};
  std::atomic<bool> stop_{false};
  std::thread worker_;
};

}  // namespace liveframe::sketch
