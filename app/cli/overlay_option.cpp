#include "cli/overlay_option.h"

#include <png.h>

#include <limits>
#include <string_view>
#include <system_error>

namespace liveframe::cli {
namespace {

constexpr std::string_view kFadeKey = ":fade=";
constexpr std::string_view kUsage = " (use FILE.png[@FROM-TO][:fade=IN,OUT])";
constexpr int kMaxSide = 16384;  // as an export's output

// Position errors say how to write a position already; the option's own say how to write it.
Error badOverlay(const std::string& text, const std::string& why) {
  return Error{"--overlay '" + text + "': " + why};
}

// A position, or `fallback` when the text is empty.
Result<std::int64_t> positionOr(const std::string& text, std::int64_t fallback, double fps) {
  if (text.empty()) return fallback;
  return parseTimelinePosition(text, fps);
}

Result<int> fadeFrames(const std::string& text, double fps) {
  auto frames = parseTimelinePosition(text, fps);
  if (!frames) return Error{frames.error()};
  if (*frames > std::numeric_limits<int>::max()) return Error{"fade '" + text + "' is too long"};
  return static_cast<int>(*frames);
}

Status parseFades(const std::string& text, double fps, OverlaySpec& spec) {
  const std::size_t comma = text.find(',');
  auto in = fadeFrames(text.substr(0, comma), fps);
  if (!in) return Error{in.error()};
  auto out = comma == std::string::npos ? in : fadeFrames(text.substr(comma + 1), fps);
  if (!out) return Error{out.error()};
  spec.fade_in_frames = *in;
  spec.fade_out_frames = *out;
  return Status::success();
}

Status parseRange(const std::string& text, double fps, std::int64_t timeline_frames,
                  OverlaySpec& spec) {
  const std::size_t dash = text.find('-');
  if (dash == std::string::npos) {
    return Error{"the range '" + text + "' has no '-'" + std::string(kUsage)};
  }
  auto from = positionOr(text.substr(0, dash), 0, fps);
  if (!from) return Error{from.error()};
  auto to = positionOr(text.substr(dash + 1), timeline_frames, fps);
  if (!to) return Error{to.error()};
  spec.from_frame = *from;
  spec.to_frame = *to;
  return Status::success();
}

}  // namespace

Result<OverlaySpec> parseOverlaySpec(const std::string& text, double fps,
                                     std::int64_t timeline_frames) {
  OverlaySpec spec;
  spec.to_frame = timeline_frames;
  std::string file = text;
  if (const std::size_t fade = text.rfind(kFadeKey); fade != std::string::npos) {
    file = text.substr(0, fade);
    if (auto status = parseFades(text.substr(fade + kFadeKey.size()), fps, spec); !status) {
      return badOverlay(text, status.error());
    }
  }
  // "logo@2x.png" is a file name: '@' starts a range only when the whole is no file.
  std::error_code error;
  const std::size_t at = file.rfind('@');
  if (at != std::string::npos && !std::filesystem::exists(file, error)) {
    if (auto status = parseRange(file.substr(at + 1), fps, timeline_frames, spec); !status) {
      return badOverlay(text, status.error());
    }
    file.resize(at);
  }
  if (file.empty()) return badOverlay(text, "no file" + std::string(kUsage));
  spec.file = file;
  if (spec.from_frame >= spec.to_frame || spec.to_frame > timeline_frames) {
    return badOverlay(text, "the range " + std::to_string(spec.from_frame) + "-" +
                                std::to_string(spec.to_frame) +
                                " must end after it starts and at most at the session's " +
                                std::to_string(timeline_frames) + " frames" + std::string(kUsage));
  }
  return spec;
}

Result<OverlayLayer> readOverlay(const OverlaySpec& spec) {
  const std::string name = spec.file.string();
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (png_image_begin_read_from_file(&image, name.c_str()) == 0) {
    // libpng frees the image itself when it fails.
    return Error{"cannot read the overlay " + name + ": " + image.message};
  }
  if (image.width > kMaxSide || image.height > kMaxSide) {
    png_image_free(&image);
    return Error{"the overlay " + name + " is " + std::to_string(image.width) + "x" +
                 std::to_string(image.height) + " (" + std::to_string(kMaxSide) + " at most)"};
  }
  // 8-bit RGBA from the simplified reader is sRGB-encoded with straight alpha, what the
  // exporter takes, whatever the file's own depth, palette or gamma.
  image.format = PNG_FORMAT_RGBA;
  OverlayLayer overlay;
  overlay.rgba.resize(PNG_IMAGE_SIZE(image));
  if (png_image_finish_read(&image, nullptr, overlay.rgba.data(), 0, nullptr) == 0) {
    return Error{"cannot read the overlay " + name + ": " + image.message};
  }
  overlay.name = spec.file.stem().string();
  overlay.width = static_cast<int>(image.width);
  overlay.height = static_cast<int>(image.height);
  overlay.from_frame = spec.from_frame;
  overlay.to_frame = spec.to_frame;
  overlay.fade_in_frames = spec.fade_in_frames;
  overlay.fade_out_frames = spec.fade_out_frames;
  return overlay;
}

}  // namespace liveframe::cli
