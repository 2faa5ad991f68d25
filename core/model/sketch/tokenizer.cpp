#include "sketch/tokenizer.h"

#include <algorithm>

namespace liveframe::sketch {

std::vector<std::string> splitWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  bool poisoned = false;  // the word contains a byte that is not ASCII
  auto finish = [&] {
    if (!word.empty() && !poisoned) words.push_back(word);
    if (!word.empty() && poisoned) words.push_back("<unk>");
    word.clear();
    poisoned = false;
  };
  for (const char raw : text) {
    const auto c = static_cast<unsigned char>(raw);
    if (c >= 'A' && c <= 'Z') {
      word.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (c >= 'a' && c <= 'z') {
      word.push_back(static_cast<char>(c));
    } else if (c >= 0x80) {
      word.push_back('?');
      poisoned = true;
    } else {
      finish();
    }
  }
  finish();
  return words;
}

Tokenizer::Tokenizer(std::vector<std::string> words) : words_(std::move(words)) {
  std::sort(words_.begin(), words_.end());
  words_.erase(std::unique(words_.begin(), words_.end()), words_.end());
  for (std::size_t i = 0; i < words_.size(); ++i)
    ids_[words_[i]] = static_cast<std::int64_t>(i) + 2;
}

Tokenizer::Encoded Tokenizer::encode(std::string_view text, int max_tokens) const {
  Encoded out;
  out.ids.assign(static_cast<std::size_t>(max_tokens), kPad);
  for (const std::string& word : splitWords(text)) {
    const auto it = ids_.find(word);
    if (it == ids_.end()) out.unknown_words.push_back(word);
    if (out.length < max_tokens) {
      out.ids[static_cast<std::size_t>(out.length++)] = it == ids_.end() ? kUnknown : it->second;
    }
  }
  return out;
}

std::vector<std::string> Tokenizer::unknownWords(std::string_view text) const {
  std::vector<std::string> unknown;
  for (const std::string& word : splitWords(text)) {
    if (!ids_.count(word)) unknown.push_back(word);
  }
  return unknown;
}

}  // namespace liveframe::sketch
