// Runs a Wan component against a reference vector file (../shared/testvectors/wan/ format:
// `X.weights.safetensors` with the released key names and the config in its metadata,
// `X.vectors.safetensors` with inputs, intermediates and outputs) and measures agreement.
// The same runner backs the tests and `liveframe check-vectors`.
// Thread-safety: functions; each call builds its own model.
#pragma once

#include <torch/torch.h>

#include <filesystem>
#include <string>
#include <vector>

#include "liveframe/result.h"

namespace liveframe::wan {

struct TensorAgreement {
  std::string name;
  std::int64_t elements = 0;
  double max_abs_error = 0;
  // max |actual − expected| / max |expected|: relative to the tensor's scale, so values that
  // happen to be near zero do not blow it up.
  double relative_error = 0;
};

struct VectorReport {
  std::string component;  // "causal_dit", "umt5_encoder", "taehv_decoder", "wan_vae"
  std::vector<TensorAgreement> tensors;
  double worstRelativeError() const;
  double worstAbsError() const;
};

// A shape mismatch counts as infinitely wrong (and names both shapes).
TensorAgreement compareTensors(const std::string& name, const torch::Tensor& actual,
                               const torch::Tensor& expected);

// Detects the component from the weights' keys, builds it from the metadata's config, runs
// the vector file's inputs through it and compares every intermediate and output it holds.
// Errors are one line (a file that does not open, a component not supported, a missing key).
Result<VectorReport> checkVectors(const std::filesystem::path& weights,
                                  const std::filesystem::path& vectors);

}  // namespace liveframe::wan
