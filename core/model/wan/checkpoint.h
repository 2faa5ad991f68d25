// Released Wan-family checkpoints as state dicts, whatever file they come in: safetensors
// (Wan2.1's diffusion_pytorch_model.safetensors, the test vectors' weights) or a torch.save
// pickle (.pth / .pt: models_t5_umt5-xxl-enc-bf16.pth, Wan2.1_VAE.pth, Self-Forcing's
// self_forcing_dmd.pt under "generator_ema", CausVid's and LongLive's under "generator").
// Training wrappers' key prefixes ("model.", "_fsdp_wrapped_module.") are stripped, so every
// file reads with the plain WanModel / T5 / VAE key names the modules use. LongLive's PEFT LoRA
// file merges into a loaded dict (W' = W + scale · B·A).
// Thread-safety: a StateDict is immutable after open() except through mergeLora(); share a
// const one freely.
#pragma once

#include <torch/torch.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "liveframe/result.h"

namespace liveframe::wan {

class StateDict {
 public:
  // `sections`: for a pickle holding a dict of dicts (a training checkpoint), the first of
  // these keys that is present is read (e.g. {"generator_ema", "generator"}); ignored when the
  // top level already maps names to tensors. Errors are one line naming the file.
  static Result<StateDict> open(const std::filesystem::path& file,
                                const std::vector<std::string>& sections = {});

  const std::filesystem::path& file() const { return file_; }
  std::size_t size() const { return tensors_.size(); }
  std::vector<std::string> names() const;  // sorted
  const torch::Tensor* find(const std::string& name) const;  // null if absent

  // Copies every parameter and buffer of `module` from tensors named prefix + name, converted
  // to the module's dtype. Strict: "FILE: missing tensor 'K'" or "FILE: tensor 'K' has shape
  // [..], expected [..]".
  Status loadInto(torch::nn::Module& module, const std::string& prefix = "") const;

  // Adds scale · B·A to each weight a LoRA file names (PEFT keys
  // "base_model.model.<name>.lora_A.weight" / "lora_B.weight", A [r, in], B [out, r]).
  // Errors name the LoRA file and the key; the dict is unchanged on error.
  Status mergeLora(const StateDict& lora, float scale);

 private:
  std::filesystem::path file_;
  std::map<std::string, torch::Tensor> tensors_;
};

// The name a checkpoint key has without the training wrappers' prefixes.
std::string plainKey(std::string key);

}  // namespace liveframe::wan
