// What a video file says about itself, read with libavformat: codec, size, frame count, rate,
// colour tags and container metadata. verify uses it, and so do the export tests. Internal to
// core/export. Thread-safety: reentrant.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "liveframe/result.h"

namespace liveframe::export_internal {

struct MediaFacts {
  std::string container;  // libavformat's name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
  std::string codec;      // libavcodec's name: "h264", "hevc", "prores", "ffv1", "av1"
  std::string profile;    // e.g. "High", "HQ", "4444"
  std::string pixel_format;
  int width = 0, height = 0;
  std::int64_t frames = 0;  // packets of the video stream (one frame each for these codecs)
  double fps = 0;
  double duration_s = 0;
  std::string primaries, transfer, matrix, range;  // FFmpeg's names
  std::map<std::string, std::string> metadata;     // container level; keys lower-cased
};

Result<MediaFacts> probeMedia(const std::filesystem::path& path);

}  // namespace liveframe::export_internal
