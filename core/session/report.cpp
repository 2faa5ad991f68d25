// RecoveryReport::summary(): the one line a user sees after opening a session.
#include <cstdio>
#include <string>

#include "liveframe/session.h"

namespace liveframe {
namespace {

std::string count(std::int64_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string formatBytes(std::int64_t bytes) {
  if (bytes < 1024) return count(bytes, "byte");
  char text[32];
  if (bytes < 1024 * 1024) {
    std::snprintf(text, sizeof(text), "%lld KB", static_cast<long long>((bytes + 512) / 1024));
  } else {
    std::snprintf(text, sizeof(text), "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  }
  return text;
}

}  // namespace

std::string RecoveryReport::summary() const {
  std::string text =
      "recovered " + count(frames_recovered, "frame") + " and " + count(events_recovered, "event");
  if (frames_lost == 0 && events_lost == 0 && bytes_truncated == 0) {
    return text + (was_clean ? "; nothing lost" : "; nothing lost, but it was not closed cleanly");
  }
  text += "; lost " + count(frames_lost, "frame");
  if (bytes_truncated > 0) text += " (" + formatBytes(bytes_truncated) + " truncated)";
  return text + " and " + count(events_lost, "event");
}

}  // namespace liveframe
