// `liveframe export --overlay FILE.png[@FROM-TO][:fade=IN,OUT]`: a title or logo over the
// picture, read from a PNG with alpha. FROM and TO are timeline positions like --from and --to
// (frame numbers, seconds like 2.5s, timecode HH:MM:SS:FF), either may be left out; IN and OUT
// are fade lengths written the same way (one value fades both ends).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "liveframe/export.h"
#include "liveframe/result.h"

namespace liveframe::cli {

struct OverlaySpec {
  std::filesystem::path file;
  std::int64_t from_frame = 0, to_frame = 0;  // timeline frames, [from, to)
  int fade_in_frames = 0, fade_out_frames = 0;
};

// Reads the option's text (not the file) for a session of `timeline_frames` frames at `fps`.
// Errors are usage errors: one line naming the option.
Result<OverlaySpec> parseOverlaySpec(const std::string& text, double fps,
                                     std::int64_t timeline_frames);

// The overlay: the PNG converted to straight 8-bit sRGB RGBA (libpng's simplified reader),
// named after the file.
Result<OverlayLayer> readOverlay(const OverlaySpec& spec);

}  // namespace liveframe::cli
