// Moves module parameters between torch and safetensors files (via core/io's own parser).
// Thread-safety: functions on caller-owned objects; no shared state.
#pragma once

#include <torch/torch.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "io/safetensors.h"
#include "liveframe/result.h"

namespace liveframe::model {

// Copies every parameter and buffer of `module` from tensors named prefix + name. Strict:
// a missing tensor or a wrong shape is an error naming the file, the key and both shapes.
// F32, F16 and BF16 sources are converted to the module's dtype.
Status loadModule(torch::nn::Module& module, const io::SafetensorsFile& file,
                  const std::string& prefix);

struct NamedModule {
  std::string prefix;  // e.g. "transformer."
  torch::nn::Module* module;
};
enum class StoreAs { F32, F16 };

// Writes the parameters and buffers of several modules into one file, atomically.
Status saveModules(const std::filesystem::path& path, const std::vector<NamedModule>& modules,
                   const std::map<std::string, std::string>& metadata, StoreAs store_as);

// Converts one stored tensor to a float32 torch tensor (copies the bytes).
Result<torch::Tensor> toTorch(const io::TensorView& view);

}  // namespace liveframe::model
