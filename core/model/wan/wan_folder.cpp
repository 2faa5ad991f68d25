#include "wan/wan_folder.h"

#include <system_error>

namespace liveframe::wan {
namespace {

namespace fs = std::filesystem;

struct GeneratorFile {
  const char* name;
  GeneratorKind kind;
  std::vector<std::string> sections;
  const char* label;
};

// The causal finetunes first: a folder holding both a finetune and the Wan2.1 base uses the
// finetune (the base is bidirectional and streams poorly).
const std::vector<GeneratorFile>& generatorFiles() {
  static const std::vector<GeneratorFile> files = {
      {"self_forcing_dmd.pt", GeneratorKind::kSelfForcing, {"generator_ema", "generator"},
       "Self-Forcing"},
      {"checkpoints/self_forcing_dmd.pt", GeneratorKind::kSelfForcing,
       {"generator_ema", "generator"}, "Self-Forcing"},
      {"longlive_base.pt", GeneratorKind::kLongLive, {"generator_ema", "generator"}, "LongLive"},
      {"models/longlive_base.pt", GeneratorKind::kLongLive, {"generator_ema", "generator"},
       "LongLive"},
      {"model.pt", GeneratorKind::kCausVid, {"generator_ema", "generator"}, "CausVid"},
      {"autoregressive_checkpoint/model.pt", GeneratorKind::kCausVid,
       {"generator_ema", "generator"}, "CausVid"},
      {"diffusion_pytorch_model.safetensors", GeneratorKind::kWanBase, {}, "Wan2.1-T2V-1.3B"},
      {"Wan2.1-T2V-1.3B/diffusion_pytorch_model.safetensors", GeneratorKind::kWanBase, {},
       "Wan2.1-T2V-1.3B"},
  };
  return files;
}

FolderPart makePart(const fs::path& folder, std::string role, std::string purpose, bool required,
                    const std::vector<std::string>& names) {
  FolderPart part{std::move(role), std::move(purpose), required, {}, {}, {}};
  std::error_code ec;
  for (const auto& name : names) {
    part.candidates.push_back(folder / name);
    if (part.found.empty() && fs::is_regular_file(folder / name, ec)) part.found = folder / name;
  }
  return part;
}

// Wan2.1's own downloads keep the text encoder, tokenizer and VAE in the Wan2.1-T2V-1.3B
// folder; Self-Forcing's README puts that folder under wan_models/.
std::vector<std::string> withWanFolders(const std::string& name) {
  return {name, "Wan2.1-T2V-1.3B/" + name, "wan_models/Wan2.1-T2V-1.3B/" + name};
}

}  // namespace

bool WanFolder::complete() const {
  for (const auto& p : parts) {
    if (p.required && p.found.empty()) return false;
  }
  return true;
}

const FolderPart* WanFolder::part(const std::string& role) const {
  for (const auto& p : parts) {
    if (p.role == role) return &p;
  }
  return nullptr;
}

std::string WanFolder::missingText() const {
  for (const auto& p : parts) {
    if (!p.required || !p.found.empty()) continue;
    std::string looked;
    for (const auto& c : p.candidates) looked += (looked.empty() ? "" : ", ") + c.string();
    return folder.string() + ": missing the " + p.purpose + ": " +
           p.candidates.front().filename().string() + " (looked for " + looked + ")";
  }
  return {};
}

std::string WanFolder::generatorName() const {
  const FolderPart* g = part("generator");
  if (generator_label.empty() || !g) return "none";
  return generator_label + " (" + g->found.filename().string() + ")";
}

bool WanFolder::anyFound() const {
  for (const auto& p : parts) {
    if (!p.found.empty()) return true;
  }
  return false;
}

bool looksLikeWanFolder(const fs::path& folder) { return scanWanFolder(folder).anyFound(); }

WanFolder scanWanFolder(const fs::path& folder) {
  WanFolder scan;
  scan.folder = folder;
  std::vector<std::string> generator_names;
  for (const auto& file : generatorFiles()) generator_names.push_back(file.name);
  FolderPart generator = makePart(folder, "generator",
                                  "causal video generator (Self-Forcing, LongLive or CausVid)",
                                  true, generator_names);
  for (const auto& file : generatorFiles()) {
    if (!generator.found.empty() && generator.found == folder / file.name) {
      scan.generator = file.kind;
      scan.generator_label = file.label;
      generator.sections = file.sections;
      break;
    }
  }
  scan.parts.push_back(std::move(generator));
  scan.parts.push_back(makePart(folder, "text encoder", "umT5 text encoder", true,
                                withWanFolders("models_t5_umt5-xxl-enc-bf16.pth")));
  scan.parts.push_back(makePart(folder, "tokenizer", "umT5 SentencePiece tokenizer", true,
                                withWanFolders("google/umt5-xxl/spiece.model")));
  scan.parts.push_back(makePart(folder, "decoder", "Wan VAE decoder", true,
                                withWanFolders("Wan2.1_VAE.pth")));
  scan.parts.push_back(makePart(folder, "fast decoder", "TAEHV fast decoder (optional)", false,
                                {"taew2_1.pth", "checkpoints/taew2_1.pth"}));
  scan.parts.push_back(makePart(folder, "config", "DiT configuration (optional: Wan2.1-T2V-1.3B's)",
                                false, withWanFolders("config.json")));
  if (scan.generator == GeneratorKind::kLongLive) {
    scan.parts.push_back(makePart(folder, "lora", "LongLive LoRA (merged at load)", true,
                                  {"lora.pt", "models/lora.pt"}));
  }
  return scan;
}

}  // namespace liveframe::wan
