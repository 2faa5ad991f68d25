// What a model is, as the rest of the app sees it: description, registry, vocabulary.
// The model's own interface (tensors, streams) is internal to core/ (core/model/video_model.h).
// Thread-safety: plain value types and free functions safe to call from any thread.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "liveframe/result.h"

namespace liveframe {

struct ModelInfo {
  std::string id;           // "sketch", "wan-1.3b", ...
  std::string description;  // one line
  int width = 0;            // native output resolution
  int height = 0;
  double fps = 0;                  // the frame rate the model was trained for
  int frames_per_step = 1;         // frames one step() produces (a stream's first: maybe fewer)
  std::vector<long> latent_shape;  // per latent frame, e.g. {16, 8, 8}
  std::string device;              // "cpu", "cuda:0"
  std::string weights_hash;        // hex SHA-256 prefix of the weights file, or "random"
  bool accepts_actions = false;    // camera actions (arrow keys)
  int denoising_steps = 0;
  double flops_per_frame = 0;  // model arithmetic per generated frame (2 x multiply-adds)
};

// Measures this machine's float32 matrix-multiply rate (GFLOP/s) with `threads` threads:
// the peak that bench compares the model's achieved FLOP/s against.
double measureMatmulGflops(int threads);

// A model known to this build: a name, where its weights come from, whether they are present.
struct ModelEntry {
  std::string id;
  std::string description;
  std::filesystem::path weights;  // file or folder; empty for "random weights"
  bool available = false;
  std::string missing;  // what is missing, when not available
  std::vector<std::string> details;  // one line per part of a model folder: found or missing
};

// The built-in model, then one entry per model folder given (a Wan folder's parts listed).
std::vector<ModelEntry> listModels(const std::vector<std::filesystem::path>& folders = {});

// Camera actions for one frame (Oasis-style world-model input); a bit set.
enum Action : unsigned {
  kActionNone = 0,
  kActionPanLeft = 1u << 0,
  kActionPanRight = 1u << 1,
  kActionZoomIn = 1u << 2,
  kActionZoomOut = 1u << 3,
};

}  // namespace liveframe
