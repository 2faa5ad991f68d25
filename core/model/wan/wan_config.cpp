#include "wan/wan_config.h"

#include <charconv>
#include <initializer_list>
#include <sstream>

namespace liveframe::wan {
namespace {

template <typename T>
Status readNumber(const std::map<std::string, std::string>& metadata, const std::string& key,
                  T& out) {
  auto found = metadata.find(key);
  if (found == metadata.end()) return Status::success();
  const std::string& text = found->second;
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return Error{"config key '" + key + "' is '" + text + "', expected a number"};
  }
  out = value;
  return Status::success();
}

Status readBool(const std::map<std::string, std::string>& metadata, const std::string& key,
                bool& out) {
  auto found = metadata.find(key);
  if (found == metadata.end()) return Status::success();
  if (found->second == "True" || found->second == "true" || found->second == "1") {
    out = true;
  } else if (found->second == "False" || found->second == "false" || found->second == "0") {
    out = false;
  } else {
    return Error{"config key '" + key + "' is '" + found->second + "', expected True or False"};
  }
  return Status::success();
}

Result<std::vector<std::int64_t>> readList(const std::string& key, const std::string& text) {
  std::vector<std::int64_t> values;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (error != std::errc() || end != item.data() + item.size()) {
      return Error{"config key '" + key + "' is '" + text +
                   "', expected numbers separated by commas"};
    }
    values.push_back(value);
  }
  return values;
}

// The first failure among several reads (all are attempted; each is cheap).
Status firstError(std::initializer_list<Status> statuses) {
  for (const Status& status : statuses) {
    if (!status) return status;
  }
  return Status::success();
}

}  // namespace

DitConfig DitConfig::wan1_3b() { return DitConfig{}; }

Result<DitConfig> DitConfig::fromMetadata(const std::map<std::string, std::string>& metadata) {
  DitConfig config;
  Status read = firstError({
      readNumber(metadata, "dim", config.dim),
      readNumber(metadata, "ffn_dim", config.ffn_dim),
      readNumber(metadata, "num_heads", config.num_heads),
      readNumber(metadata, "num_layers", config.num_layers),
      readNumber(metadata, "in_dim", config.in_dim),
      readNumber(metadata, "out_dim", config.out_dim),
      readNumber(metadata, "text_dim", config.text_dim),
      readNumber(metadata, "text_len", config.text_len),
      readNumber(metadata, "freq_dim", config.freq_dim),
      readNumber(metadata, "eps", config.eps),
      readBool(metadata, "qk_norm", config.qk_norm),
      readBool(metadata, "cross_attn_norm", config.cross_attn_norm),
  });
  if (!read) return Error{read.error()};
  if (auto found = metadata.find("patch_size"); found != metadata.end()) {
    auto patch = readList("patch_size", found->second);
    if (!patch.ok()) return Error{patch.error()};
    if (patch->size() != 3) return Error{"config key 'patch_size' needs 3 numbers"};
    config.patch = {(*patch)[0], (*patch)[1], (*patch)[2]};
  }
  if (Status valid = config.validate(); !valid) return Error{valid.error()};
  return config;
}

Status DitConfig::validate() const {
  if (dim <= 0 || num_heads <= 0 || dim % num_heads != 0) {
    return Error{"dim " + std::to_string(dim) + " is not a multiple of num_heads " +
                 std::to_string(num_heads)};
  }
  if (headDim() % 2 != 0 || headDim() < 6) {
    return Error{"head dim " + std::to_string(headDim()) + " cannot be split into 3 RoPE axes"};
  }
  if (num_layers <= 0 || ffn_dim <= 0 || in_dim <= 0 || out_dim <= 0 || text_dim <= 0 ||
      text_len <= 0 || freq_dim <= 0 || freq_dim % 2 != 0) {
    return Error{"a DiT dimension is not positive (or freq_dim is odd)"};
  }
  for (auto size : patch) {
    if (size <= 0) return Error{"patch_size entries must be positive"};
  }
  return Status::success();
}

Result<StreamConfig> StreamConfig::fromMetadata(
    const std::map<std::string, std::string>& metadata) {
  StreamConfig config;
  Status read = firstError({
      readNumber(metadata, "frames_per_block", config.frames_per_block),
      readNumber(metadata, "local_attn_size", config.local_attn_frames),
      readNumber(metadata, "sink_size", config.sink_frames),
      readNumber(metadata, "timestep_shift", config.timestep_shift),
      readNumber(metadata, "context_noise", config.context_noise),
      readBool(metadata, "warp_denoising_step", config.warp_denoising_steps),
  });
  if (!read) return Error{read.error()};
  if (auto found = metadata.find("denoising_step_list"); found != metadata.end()) {
    auto steps = readList("denoising_step_list", found->second);
    if (!steps.ok()) return Error{steps.error()};
    config.denoising_steps = std::move(steps.value());
  }
  if (Status valid = config.validate(); !valid) return Error{valid.error()};
  return config;
}

Status StreamConfig::validate() const {
  if (frames_per_block <= 0) return Error{"frames_per_block must be at least 1"};
  if (denoising_steps.empty()) return Error{"the denoising step list is empty"};
  for (auto step : denoising_steps) {
    if (step < 1 || step > 1000) {
      return Error{"denoising step " + std::to_string(step) + " is outside 1..1000"};
    }
  }
  if (rolling()) {
    if (sink_frames < 0 || sink_frames + frames_per_block > local_attn_frames) {
      return Error{"a rolling window of " + std::to_string(local_attn_frames) +
                   " frames cannot hold " + std::to_string(sink_frames) + " sink frames and a " +
                   std::to_string(frames_per_block) + "-frame block"};
    }
  } else if (local_attn_frames != -1) {
    return Error{"local_attn_size must be -1 (global) or a positive number of frames"};
  } else if (global_cache_frames < frames_per_block) {
    return Error{"the global cache must hold at least one block"};
  }
  if (timestep_shift <= 0) return Error{"timestep_shift must be positive"};
  return Status::success();
}

}  // namespace liveframe::wan
