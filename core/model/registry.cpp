// Finding and loading models: registry ids, weights files and model folders.
#include <unistd.h>
#include <cstdlib>
#include <system_error>

#include "liveframe/model.h"
#include "model/resources.h"
#include "model/video_model.h"
#include "sketch/sketch_model.h"
#include "wan/wan_folder.h"
#include "wan/wan_model.h"
#include "world/caption.h"

namespace liveframe {
namespace fs = std::filesystem;

namespace model {

fs::path builtinSketchWeights() { return resourceDir() / "models/sketch/sketch.safetensors"; }

std::uint64_t frameNoiseSeed(std::uint64_t stream_seed, std::int64_t frame_index) {
  // splitmix64 finalizer over both values.
  std::uint64_t z = stream_seed * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(frame_index);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

ConditioningPtr VideoModel::blend(const std::vector<std::pair<ConditioningPtr, float>>& parts) {
  auto blended = std::make_shared<Conditioning>();
  for (const auto& [part, weight] : parts) {
    blended->tokens =
        blended->tokens.defined() ? blended->tokens + weight * part->tokens : weight * part->tokens;
    blended->text += (blended->text.empty() ? "" : " | ") + part->text + ":" +
                     std::to_string(weight).substr(0, 4);
  }
  return blended;
}

namespace {

// The built-in model renders at one size only.
Status checkSketchSize(const LoadOptions& options) {
  const int native = sketch::SketchConfig{}.image_size;
  if ((options.width == 0 && options.height == 0) ||
      (options.width == native && options.height == native)) {
    return Status::success();
  }
  return Error{"the built-in model renders " + std::to_string(native) + "x" +
               std::to_string(native) + " only, not " + std::to_string(options.width) + "x" +
               std::to_string(options.height)};
}

}  // namespace

Result<std::unique_ptr<VideoModel>> loadModel(const std::string& name_or_path,
                                              const LoadOptions& options) {
  const bool random_weights = options.random_weights;
  if (name_or_path == "sketch") {
    if (Status size = checkSketchSize(options); !size) return Error{size.error()};
    if (random_weights) {
      return std::unique_ptr<VideoModel>(
          sketch::SketchModel::random(sketch::SketchConfig{}, sketch::vocabulary()));
    }
    const fs::path weights = builtinSketchWeights();
    std::error_code ec;
    if (!fs::exists(weights, ec)) {
      return Error{"built-in model weights not found at " + weights.string() +
                   " (train them with 'liveframe train sketch', or use --random-weights)"};
    }
    auto model = sketch::SketchModel::load(weights);
    if (!model.ok()) return Error{model.error()};
    return std::unique_ptr<VideoModel>(std::move(model).value());
  }
  const fs::path path(name_or_path);
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    if (random_weights) return Error{"--random-weights takes a model name, not a folder"};
    const wan::WanFolder folder = wan::scanWanFolder(path);
    if (!folder.anyFound()) {
      return Error{path.string() + ": not a model folder (no Wan checkpoint found; see " +
                   "'liveframe models " + path.string() + "')"};
    }
    wan::WanModelOptions wan_options;
    wan_options.width = options.width;
    wan_options.height = options.height;
    auto model = wan::WanModel::load(folder, wan_options);
    if (!model.ok()) return Error{model.error()};
    return std::unique_ptr<VideoModel>(std::move(model).value());
  }
  if (fs::exists(path, ec)) {
    if (random_weights) return Error{"--random-weights takes a model name, not a file"};
    if (Status size = checkSketchSize(options); !size) return Error{size.error()};
    auto model = sketch::SketchModel::load(path);
    if (!model.ok()) return Error{model.error()};
    return std::unique_ptr<VideoModel>(std::move(model).value());
  }
  if (path.has_extension() || name_or_path.find('/') != std::string::npos) {
    return Error{path.string() + ": no such model file or folder"};
  }
  return Error{"unknown model '" + name_or_path + "' (see 'liveframe models')"};
}

}  // namespace model

namespace {

ModelEntry wanEntry(const fs::path& path) {
  const wan::WanFolder folder = wan::scanWanFolder(path);
  ModelEntry entry;
  entry.id = path.filename().empty() ? path.parent_path().filename().string()
                                     : path.filename().string();
  entry.description = "Wan2.1 causal video model folder, generator: " + folder.generatorName();
  entry.weights = path;
  entry.available = folder.complete();
  entry.missing = folder.missingText();
  for (const auto& part : folder.parts) {
    if (!part.found.empty()) {
      entry.details.push_back("found    " + part.role + ": " + part.found.string());
    } else {
      entry.details.push_back(std::string(part.required ? "missing  " : "absent   ") + part.role +
                              ": " + part.candidates.front().filename().string() + " (" +
                              part.purpose + ")");
    }
  }
  return entry;
}

}  // namespace

std::vector<ModelEntry> listModels(const std::vector<fs::path>& folders) {
  std::vector<ModelEntry> entries;
  ModelEntry sketch;
  sketch.id = "sketch";
  sketch.description = "built-in causal latent video diffusion model, 256x256, CPU real time";
  sketch.weights = model::builtinSketchWeights();
  std::error_code ec;
  sketch.available = fs::exists(sketch.weights, ec);
  if (!sketch.available) sketch.missing = sketch.weights.string() + " (use --random-weights)";
  entries.push_back(sketch);
  for (const auto& folder : folders) entries.push_back(wanEntry(folder));
  return entries;
}

}  // namespace liveframe
