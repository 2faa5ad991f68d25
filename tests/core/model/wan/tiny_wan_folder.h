// Test files in the released formats, at the reference vectors' tiny configurations: a
// SentencePiece model written field by field, torch.save pickles, and whole Wan model folders
// laid out as a user downloads them (README, "Wan model folders") — small enough to stream in a
// test, with random weights (they test the wiring and the arithmetic, not pictures).
#pragma once

#include <torch/torch.h>

#include <filesystem>
#include <optional>
#include <string>

namespace liveframe::wan::tiny {

// A unigram SentencePiece model: T5's specials (pad 0, eos 1, unk 2), the word boundary, 8
// whole words and every letter: 38 pieces.
std::string unigramModel();

void writePickle(const std::filesystem::path& file, const c10::IValue& value);
c10::impl::GenericDict tensorDict();
// Every tensor of a reference weights file, keys prefixed (e.g. "model."), in `dtype` if given.
c10::impl::GenericDict vectorWeights(const std::string& weights_file, const std::string& prefix = "",
                                     std::optional<torch::Dtype> dtype = std::nullopt);

enum class TinyGenerator { kSelfForcing, kLongLive, kCausVid, kBaseOnly };

struct TinyFolderOptions {
  TinyGenerator generator = TinyGenerator::kSelfForcing;
  bool taehv = false;        // add taew2_1.pth (the fast decoder)
  bool config_json = true;   // add config.json with the tiny DiT's shapes
  bool bf16_text_encoder = false;  // umT5 stored in bf16, as the released file is
};

// Writes a folder whose DiT is causal_dit_rolling's (dim 64, text_dim 32, text_len 16), umT5
// umt5_encoder's (dim 32, vocab 100), VAE wan_vae's (width 8) and TAEHV taehv's. Frames are
// 48×32 pixels (latent 6×4, as the vectors). Returns the folder.
std::filesystem::path writeTinyWanFolder(const std::filesystem::path& folder,
                                         const TinyFolderOptions& options = {});

inline constexpr int kTinyWidth = 48;
inline constexpr int kTinyHeight = 32;

}  // namespace liveframe::wan::tiny
