// Everything an export decides before it writes a byte: format, output names, the range and
// which recorded frame each output frame shows, size, quality and colour. Checking it all first
// means a bad option fails at once, not after minutes of encoding. Internal to core/export.
// Thread-safety: a plan is a value; planExport() is reentrant.
#pragma once

extern "C" {
#include <libavutil/pixfmt.h>
}

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "liveframe/color.h"
#include "liveframe/export.h"
#include "liveframe/session.h"

namespace liveframe::export_internal {

struct ColorPlan {
  ColorProcessorPtr processor;  // null: the recorded values go out as they are
  std::string color_space;      // what the pixels are in ("Rec.709 - Display")
  ContainerColorTags tags;      // as FFmpeg names them; matrix/range for a Y'CbCr encode
  std::string description;      // one line for people
};

// An overlay as the sidecars describe it (its pixels stay in ExportOptions::overlays).
struct OverlaySpan {
  std::string name;
  std::int64_t from_frame = 0, to_frame = 0;  // timeline frames, [from, to)
  int fade_in_frames = 0, fade_out_frames = 0;  // as drawn (ramps that overlapped are cut)
  int width = 0, height = 0;
  std::int64_t clip_from = 0, clip_to = 0;  // output frames it shows on; equal: none
};

struct ExportPlan {
  ExportContainer container = ExportContainer::Mp4;
  ExportCodec codec = ExportCodec::H264;
  AVPixelFormat pixel_format = AV_PIX_FMT_NONE;  // what the encoder takes; NONE for EXR
  std::filesystem::path output;                  // the clip, or the sequence's pattern
  std::filesystem::path folder;                  // where everything goes; empty: the working one
  std::string sequence_pattern;                  // file name with one %0Nd, for sequences

  std::int64_t first_frame_index = 0;  // the session frame that is timeline frame 0
  std::int64_t from_frame = 0, to_frame = 0;  // timeline frames [from, to)
  std::vector<std::size_t> positions;  // per output frame: its position in Session::frames()
  std::vector<std::int64_t> timeline_frames;  // per output frame: the timeline frame it shows
  std::int64_t frames_held = 0;        // output frames showing a neighbour of a lost frame

  double source_fps = 0, fps = 0;
  int source_width = 0, source_height = 0, width = 0, height = 0;
  int crf = -1;  // resolved: the codec's default when not given; -1 when it has none
  std::int64_t bitrate_bps = 0;
  ColorPlan color;
  std::string label;  // empty: no visible label
  bool provenance = true;
  bool otio = false, edl = false;
  std::vector<OverlaySpan> overlays;
  bool overlays_only = false;  // the overlays alone, with alpha (pixel_format has it)
};

Result<ExportPlan> planExport(const Session& session, const ExportOptions& options);

// The name of image `index` of a sequence pattern ("shot.%05d.exr", 7 -> "shot.00007.exr").
std::string sequenceFileName(const std::string& pattern, std::int64_t index);
// The pattern without its number field ("shot.%05d.exr" -> "shot.exr"), for sidecar names.
std::string sequenceBaseName(const std::string& pattern);

// The clip's name without extension or number field ("shot.%05d.exr" -> "shot").
std::string clipTitle(const ExportPlan& plan);

// Sidecars: "<clip file name>.provenance.json"; OTIO and EDL after the clip's stem.
std::filesystem::path provenancePath(const ExportPlan& plan);
std::filesystem::path otioPath(const ExportPlan& plan);
std::filesystem::path edlPath(const ExportPlan& plan);

}  // namespace liveframe::export_internal
