// Helpers shared by the session tests: temporary folders, deterministic frames, child processes.
#pragma once

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include "liveframe/session.h"

namespace liveframe::testing {

// A fresh folder under $TMPDIR (or /tmp), removed with everything in it at the end.
class TempFolder {
 public:
  TempFolder() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/lf_session_XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  ~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline SessionHeader testHeader(int width = 64, int height = 48) {
  SessionHeader header;
  header.model_id = "sketch-v1";
  header.weights_hash = "xxh3:0123456789abcdef";
  header.seed = 0xFEDCBA9876543210ull;  // above 2^63: must survive JSON as an unsigned number
  header.width = width;
  header.height = height;
  header.fps = 24;
  header.app_version = "0.1.0-test";
  header.start_time_utc = "2025-01-02T03:04:05Z";
  return header;
}

enum class Content {
  Natural,  // gradients plus a little noise: compresses like generated video
  Flat,     // one color: compresses to almost nothing
  Noise,    // random bytes: does not compress
};

// Deterministic pixels for frame `index`, different for every index.
inline Frame testFrame(std::int64_t index, int width = 64, int height = 48,
                       Content content = Content::Natural) {
  Frame frame;
  frame.frame_index = index;
  frame.width = width;
  frame.height = height;
  frame.rgb.resize(static_cast<std::size_t>(width) * height * 3);
  std::uint64_t state = 0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(index + 1);
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return static_cast<std::uint8_t>(state);
  };
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      auto* pixel = &frame.rgb[(static_cast<std::size_t>(y) * width + x) * 3];
      for (int c = 0; c < 3; ++c) {
        switch (content) {
          case Content::Natural:
            pixel[c] = static_cast<std::uint8_t>(x * (c + 1) + y * 2 + index * 3 + (next() & 7));
            break;
          case Content::Flat:
            pixel[c] = static_cast<std::uint8_t>(index * 11 + c);
            break;
          case Content::Noise:
            pixel[c] = next();
            break;
        }
      }
    }
  }
  return frame;
}

inline Event testEvent(std::uint64_t id, std::int64_t frame_index) {
  Event event;
  event.id = id;
  event.frame_index = frame_index;
  event.time_us = frame_index * 41'667;
  event.type = id % 3 == 0 ? "prompt" : (id % 3 == 1 ? "marker" : "blend");
  event.payload_json = R"({"text":"a red fox \"number\" )" + std::to_string(id) +
                       R"( – ü","weight":0.5,"nested":{"b":[1,2,3],"a":null}})";
  return event;
}

// Runs `body` in a forked child (so it can exit without closing anything, like a crash) and
// returns its exit code, or -signal if a signal ended it.
inline int runInChild(const std::function<int()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    int code = 97;
    try {
      code = body();
    } catch (...) {
      code = 98;
    }
    ::_exit(code);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

inline std::vector<std::string> fileNames(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  std::error_code error;
  for (std::filesystem::directory_iterator entry(folder, error);
       !error && entry != std::filesystem::directory_iterator(); entry.increment(error)) {
    names.push_back(entry->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

inline std::string readText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void writeText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

}  // namespace liveframe::testing
