#include <string>

#include "liveframe/engine.h"

namespace liveframe {
namespace {

bool validUtf8(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    int length = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (length == 0 || i + static_cast<std::size_t>(length) > text.size()) return false;
    for (int k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) >> 6) != 0x2)
        return false;
    }
    i += static_cast<std::size_t>(length);
  }
  return true;
}

}  // namespace

Status validatePrompt(const std::string& text) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error{"the prompt is empty"};
  }
  if (text.size() > kMaxPromptBytes) {
    return Error{"the prompt is " + std::to_string(text.size()) + " bytes; the limit is " +
                 std::to_string(kMaxPromptBytes)};
  }
  if (!validUtf8(text)) return Error{"the prompt is not valid UTF-8 text"};
  return Status::success();
}

}  // namespace liveframe
