// Word-level tokenizer over the procedural world's vocabulary.
// Thread-safety: immutable after construction; any thread may call it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace liveframe::sketch {

class Tokenizer {
 public:
  static constexpr std::int64_t kPad = 0;
  static constexpr std::int64_t kUnknown = 1;

  explicit Tokenizer(std::vector<std::string> words);

  struct Encoded {
    std::vector<std::int64_t> ids;  // padded with kPad to max_tokens
    int length = 0;                 // tokens before padding
    std::vector<std::string> unknown_words;
  };
  // Lower-cases ASCII, splits on anything that is not a letter, keeps the first max_tokens.
  Encoded encode(std::string_view text, int max_tokens) const;

  const std::vector<std::string>& words() const { return words_; }
  std::int64_t size() const { return static_cast<std::int64_t>(words_.size()) + 2; }
  // Words of `text` the vocabulary lacks (what the studio underlines).
  std::vector<std::string> unknownWords(std::string_view text) const;

 private:
  std::vector<std::string> words_;
  std::unordered_map<std::string, std::int64_t> ids_;
};

// Splits text into lower-case ASCII words (non-letters separate words; other bytes are dropped
// with the word they are in, so non-UTF-8 input cannot reach the model).
std::vector<std::string> splitWords(std::string_view text);

}  // namespace liveframe::sketch
