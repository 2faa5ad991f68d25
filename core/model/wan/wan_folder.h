// A Wan-family model folder as a user lays it out from the released downloads (README,
// "Wan models"): which file fills each part, where each was looked for, what is missing.
// Only names and existence are checked here; StateDict::open reads and checks the contents.
// Thread-safety: pure functions over the file system.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace liveframe::wan {

enum class GeneratorKind { kSelfForcing, kCausVid, kLongLive, kWanBase };

struct FolderPart {
  std::string role;      // "generator", "text encoder", "tokenizer", "decoder", "lora"
  std::string purpose;   // one line for `liveframe models`
  bool required = true;
  std::vector<std::filesystem::path> candidates;  // looked for, in order (absolute)
  std::filesystem::path found;                    // the first candidate present; empty if none
  std::vector<std::string> sections;              // pickle sections to read (generator)
};

struct WanFolder {
  std::filesystem::path folder;
  GeneratorKind generator = GeneratorKind::kWanBase;
  std::vector<FolderPart> parts;
  std::string generator_label;  // "Self-Forcing", ...; empty when no generator file was found

  bool complete() const;
  bool anyFound() const;  // some known file is present: it is meant as a Wan folder
  const FolderPart* part(const std::string& role) const;
  // "FOLDER: missing the umT5 text encoder: models_t5_umt5-xxl-enc-bf16.pth (looked for
  // FOLDER/models_t5_umt5-xxl-enc-bf16.pth)"; empty when complete.
  std::string missingText() const;
  std::string generatorName() const;  // "Self-Forcing (self_forcing_dmd.pt)", ...
};

// True when `folder` looks like a Wan model folder (any of the known file names inside).
bool looksLikeWanFolder(const std::filesystem::path& folder);
WanFolder scanWanFolder(const std::filesystem::path& folder);

}  // namespace liveframe::wan
