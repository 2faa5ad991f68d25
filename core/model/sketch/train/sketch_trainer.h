// Training the built-in model: first the autoencoder on rendered frames, then the text encoder
// and causal transformer on rendered clips (teacher forcing on the masked full sequence, which
// computes exactly what streaming with the KV cache computes). Resumable from checkpoints.
// Thread-safety: trainSketch() owns everything it creates; run one at a time per folder.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "liveframe/result.h"
#include "sketch/sketch_config.h"

namespace liveframe::sketch {

struct TrainOptions {
  enum class Stage { Autoencoder, Transformer };
  Stage stage = Stage::Autoencoder;
  std::filesystem::path checkpoint_dir = "checkpoints/sketch";
  SketchConfig config;
  int steps = 1000;    // stop after this many steps of the stage (counting resumed ones)
  double minutes = 0;  // and/or after this much wall time (0: no limit)
  int batch_clips = 2;
  int frames_per_clip = 10;  // transformer stage; the autoencoder takes frames from clips
  float learning_rate = 0;   // 0: the stage's default
  int threads = 2;
  int log_every = 20;
  double save_every_s = 600;
  std::uint64_t seed = 1;
  bool resume = true;                 // continue from the stage's checkpoint when there is one
  std::function<bool()> interrupted;  // polled between steps: true stops and saves (Ctrl-C)
};

struct TrainReport {
  int steps_done = 0;                    // in this run
  int total_steps = 0;                   // including resumed ones
  double first_loss = 0, last_loss = 0;  // means over the first and last log windows
  double seconds = 0;
};

using TrainLog = std::function<void(const std::string& line)>;

Result<TrainReport> trainSketch(const TrainOptions& options, const TrainLog& log);

// Inference settings an export may choose (the checkpoint's own config otherwise).
struct ExportSettings {
  std::string notes;
  std::optional<float> guidance_scale;  // SketchConfig::guidance_scale
  std::optional<int> guided_steps;
  std::optional<std::vector<float>> sampling_timesteps;  // descending, in (0, 1]
  std::optional<float> context_noise;                    // SketchConfig::context_noise
};

// Writes the shipped weights (text encoder, transformer, decoder) in half precision from the
// stage checkpoints, with the config, vocabulary and training notes as metadata.
Status exportSketch(const std::filesystem::path& checkpoint_dir, const std::filesystem::path& out,
                    const ExportSettings& settings);

}  // namespace liveframe::sketch
