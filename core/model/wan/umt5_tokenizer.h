// umT5's tokenizer for the Wan family: the released SentencePiece model
// (google/umt5-xxl/spiece.model) read with Debian's libsentencepiece, used as Wan's
// HuggingfaceTokenizer(clean='whitespace') uses it: HTML entities unescaped (twice, as
// html.unescape(html.unescape(..))), whitespace runs collapsed and trimmed, EOS (id 1)
// appended, truncated to text_len keeping the EOS, padded with id 0; the mask marks the real
// tokens. (Wan also runs ftfy.fix_text first, which repairs mojibake; valid UTF-8 passes it
// unchanged, and that is not reproduced here.)
// SentencePiece runs inside libliveframe_spm.so, dlopen()ed locally (see wan/spm_shim.cpp).
// Thread-safety: encode() is const and SentencePieceProcessor::Encode is thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "liveframe/result.h"

namespace liveframe::wan {

struct Umt5Tokens {
  std::vector<std::int64_t> ids;   // text_len ids
  std::vector<std::int64_t> mask;  // 1 for real tokens (EOS included), 0 for padding
  int length = 0;                  // real tokens
};

class Umt5Tokenizer {
 public:
  static constexpr std::int64_t kPadId = 0;
  static constexpr std::int64_t kEosId = 1;

  // One-line errors: "spiece.model: no such tokenizer file", "spiece.model: not a
  // SentencePiece model (...)".
  static Result<Umt5Tokenizer> open(const std::filesystem::path& model);
  Umt5Tokens encode(const std::string& text, int text_len) const;
  int vocabularySize() const;

 private:
  std::shared_ptr<void> processor_;  // the module's handle, freed through the module
};

// Wan's prompt cleaning: HTML entities unescaped twice, whitespace collapsed and trimmed.
std::string cleanPromptText(const std::string& text);

}  // namespace liveframe::wan
