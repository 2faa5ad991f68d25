// Positions on a session's timeline: frame numbers, seconds and SMPTE timecode.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

#include "liveframe/export.h"

namespace liveframe {
namespace {

// Whole frames per second for timecode: 23.976 counts 24 frames a second, as non-drop
// timecode does.
std::int64_t timecodeBase(double fps) { return std::max<std::int64_t>(1, std::llround(fps)); }

std::optional<std::int64_t> parseCount(std::string_view text) {
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [last, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || last != end || value < 0 || text.empty()) return std::nullopt;
  return value;
}

Error badPosition(std::string_view text, const std::string& why) {
  return Error{"bad position '" + std::string(text) + "': " + why +
               " (use a frame number, seconds like 12.5s, or timecode HH:MM:SS:FF)"};
}

Result<std::int64_t> parseTimecode(std::string_view text, double fps) {
  std::int64_t parts[4] = {};
  std::size_t start = 0;
  for (int i = 0; i < 4; ++i) {
    const std::size_t end = i < 3 ? text.find_first_of(":;", start) : text.size();
    if (end == std::string_view::npos) return badPosition(text, "timecode needs four fields");
    const auto value = parseCount(text.substr(start, end - start));
    if (!value) return badPosition(text, "timecode fields are whole numbers");
    parts[i] = *value;
    start = end + 1;
  }
  const std::int64_t base = timecodeBase(fps);
  if (parts[1] >= 60 || parts[2] >= 60) return badPosition(text, "minutes and seconds go to 59");
  if (parts[3] >= base) {
    return badPosition(text, "frames go to " + std::to_string(base - 1) + " at this frame rate");
  }
  return ((parts[0] * 60 + parts[1]) * 60 + parts[2]) * base + parts[3];
}

}  // namespace

Result<std::int64_t> parseTimelinePosition(std::string_view text, double fps) {
  if (!(fps > 0)) return Error{"cannot place '" + std::string(text) + "': no frame rate"};
  if (text.find_first_of(":;") != std::string_view::npos) return parseTimecode(text, fps);
  if (!text.empty() && text.back() == 's') {
    const std::string number(text.substr(0, text.size() - 1));
    double seconds = 0;
    const auto* end = number.data() + number.size();
    const auto [last, error] = std::from_chars(number.data(), end, seconds);
    if (number.empty() || error != std::errc() || last != end || !std::isfinite(seconds) ||
        seconds < 0) {
      return badPosition(text, "seconds must be a number of at least 0");
    }
    // The frame on screen at that moment; a hair of tolerance keeps 0.5s at 24 fps frame 12.
    return static_cast<std::int64_t>(std::floor(seconds * fps + 1e-6));
  }
  if (const auto frame = parseCount(text)) return *frame;
  return badPosition(text, "not a position");
}

std::string formatTimecode(std::int64_t frame, double fps) {
  const std::int64_t base = timecodeBase(fps);
  const std::int64_t total_seconds = frame / base;
  char text[96];
  std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld:%02lld",
                static_cast<long long>(total_seconds / 3600),
                static_cast<long long>(total_seconds / 60 % 60),
                static_cast<long long>(total_seconds % 60), static_cast<long long>(frame % base));
  return text;
}

}  // namespace liveframe
