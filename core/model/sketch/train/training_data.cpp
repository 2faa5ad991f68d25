#include "sketch/train/training_data.h"

#include <algorithm>
#include <cstring>

#include "world/clip.h"
#include "world/rng.h"

namespace liveframe::sketch {
namespace {

// Subject tokens weigh 1 + this in the transformer's loss (see subjectTokenWeights).
constexpr float kSubjectLossExtra = 4.0f;
constexpr double kFromTheStartShare = 0.5;

}  // namespace

std::vector<float> subjectTokenWeights(const FrameLabels& labels, int grid, float subject_extra) {
  std::vector<float> weights(static_cast<std::size_t>(grid) * grid, 1.0f);
  const float cell = 1.0f / static_cast<float>(grid);
  for (const auto& subject : labels.subjects) {
    const float reach = subject.radius * 1.25f;
    for (int row = 0; row < grid; ++row) {
      for (int col = 0; col < grid; ++col) {
        // Distance from the disc's centre to the nearest point of the cell.
        const float x0 = col * cell, y0 = row * cell;
        const float dx = std::max({x0 - subject.centre_x, 0.0f, subject.centre_x - x0 - cell});
        const float dy = std::max({y0 - subject.centre_y, 0.0f, subject.centre_y - y0 - cell});
        if (dx * dx + dy * dy < reach * reach) {
          weights[static_cast<std::size_t>(row * grid + col)] = 1.0f + subject_extra;
        }
      }
    }
  }
  return weights;
}

TrainingData::TrainingData(const SketchConfig& config, const Tokenizer& tokenizer,
                           int clips_per_batch, int frames_per_clip, std::uint64_t seed)
    : config_(config),
      tokenizer_(tokenizer),
      clips_(clips_per_batch),
      frames_(frames_per_clip),
      seed_(seed) {
  worker_ = std::thread([this] {
    for (std::uint64_t i = 0; !stop_; ++i) {
      if (!queue_.push(make(i))) break;
    }
  });
}

TrainingData::~TrainingData() {
  stop_ = true;
  queue_.close();
  worker_.join();
}

TrainingBatch TrainingData::next() {
  while (true) {
    if (auto batch = queue_.pop(std::chrono::seconds(1))) return std::move(*batch);
  }
}

TrainingBatch TrainingData::make(std::uint64_t batch_index) {
  const int size = config_.image_size;
  const int length = config_.text_max_tokens;
  TrainingBatch batch;
  auto pixels = torch::empty({clips_, frames_, size, size, 3}, torch::kUInt8);
  batch.tokens = torch::zeros({clips_, frames_, length}, torch::kLong);
  batch.actions = torch::zeros({clips_, frames_}, torch::kLong);
  const int grid = config_.latent_grid / config_.patch;
  batch.weights = torch::ones({clips_, frames_, grid * grid}, torch::kFloat32);
  for (int c = 0; c < clips_; ++c) {
    const std::uint64_t clip_seed =
        mixSeed(seed_, batch_index * 64 + static_cast<std::uint64_t>(c));
    // Half the clips start where the world does (the subjects at their spawn places, as a
    // stream's first frame has them), the others somewhere inside a longer clip so that
    // changes, actions and motion phases fall anywhere.
    Rng rng(clip_seed);
    const int lead = rng.chance(kFromTheStartShare) ? 0 : rng.below(24);
    const Clip clip = generateClip(clip_seed, lead + frames_, size, size);
    const std::size_t frame_bytes = static_cast<std::size_t>(size) * size * 3;
    std::memcpy(pixels[c].data_ptr<std::uint8_t>(), clip.frame(lead), frame_bytes * frames_);
    for (int f = 0; f < frames_; ++f) {
      const auto ids =
          tokenizer_.encode(clip.captions[static_cast<std::size_t>(lead + f)], length).ids;
      std::memcpy(batch.tokens[c][f].data_ptr<std::int64_t>(), ids.data(),
                  ids.size() * sizeof(std::int64_t));
      const auto weights = subjectTokenWeights(clip.labels[static_cast<std::size_t>(lead + f)],
                                               grid, kSubjectLossExtra);
      std::memcpy(batch.weights[c][f].data_ptr<float>(), weights.data(),
                  weights.size() * sizeof(float));
      // actions[i] is held from frame i into i + 1: the action that shaped frame f is f - 1's.
      const int source = lead + f - 1;
      batch.actions[c][f] =
          source >= 0 ? static_cast<std::int64_t>(clip.actions[static_cast<std::size_t>(source)])
                      : 0;
    }
  }
  batch.frames = pixels.permute({0, 1, 4, 2, 3}).to(torch::kFloat32).div_(255.0f);
  return batch;
}

}  // namespace liveframe::sketch
