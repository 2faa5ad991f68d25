// Export (DESIGN §5-§6): turns a recorded session, or a range of it, into a clip an editor can
// use: H.264/HEVC/AV1 MP4, ProRes MOV, FFV1 MKV, or PNG/OpenEXR image sequences, labelled as
// AI-generated in the container and in a sidecar provenance manifest, optionally with an
// OpenTimelineIO timeline and a CMX3600 EDL beside it.
//
// Files appear only when complete: the clip is written under a temporary name in the
// destination folder and renamed at the end, so a cancelled or failed export (full disk) leaves
// nothing behind. The session is opened read-only and never written; a session still being
// recorded exports the frames it had when the export began, a crashed one what it recovered.
//
// Thread-safety: exportSession() runs on the calling thread (a worker thread in the studio)
// and calls ExportCallbacks::progress there; the stop token may be triggered from any thread.
// The free functions are safe from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "liveframe/result.h"
#include "liveframe/session.h"

namespace liveframe {

enum class ExportCodec { H264, Hevc, ProRes422Hq, ProRes4444, Ffv1, Av1, Png, Exr };
enum class ExportContainer { Mp4, Mov, Mkv, PngSequence, ExrSequence };

// The command-line names: h264 hevc prores prores4444 ffv1 av1 png exr / mp4 mov mkv png exr.
std::string_view exportCodecName(ExportCodec codec);
std::string_view exportContainerName(ExportContainer container);
Result<ExportCodec> parseExportCodec(std::string_view name);
Result<ExportContainer> parseExportContainer(std::string_view name);

// A position on a session's timeline, where frame 0 is the first recorded frame: a frame
// number ("120"), seconds ("12.5s") or SMPTE timecode ("HH:MM:SS:FF", non-drop).
Result<std::int64_t> parseTimelinePosition(std::string_view text, double fps);
// "HH:MM:SS:FF" (non-drop) for a frame count at a frame rate (rounded to whole frames/s).
std::string formatTimecode(std::int64_t frame, double fps);

// A graphic over the picture (a title, a logo), e.g. text the studio rasterized. It is
// composited over the recorded frames in their own sRGB code space, before the output colour
// transform and scaling, so it gets the same output transform as the picture.
struct OverlayLayer {
  std::string name = "title";  // for provenance/OTIO
  // Covers the whole frame. Overlays are composited at the recorded frame size, so another
  // size is scaled to it once (Lanczos, premultiplied), then scaled with the picture.
  int width = 0, height = 0;
  // Straight alpha, sRGB-encoded like the recorded frames, rows top down.
  std::vector<std::uint8_t> rgba;
  std::int64_t from_frame = 0;  // timeline frames (as ExportOptions::from_frame), [from, to)
  std::int64_t to_frame = 0;
  // Linear opacity ramps inside [from, to): frame from + k shows (k + 1) / fade_in_frames, the
  // last frames (to - frame) / fade_out_frames. Ramps that would overlap are each cut to half
  // the range (as the studio's preview does). Opacity = alpha x fade.
  int fade_in_frames = 0, fade_out_frames = 0;
};

struct ExportOptions {
  // The clip, or an image sequence's name with a printf pattern ("shot.%05d.exr"; without
  // one, ".%05d" goes before the extension). Its folder must exist.
  std::filesystem::path output;
  std::optional<ExportContainer> container;  // default: from the extension
  std::optional<ExportCodec> codec;          // default: the container's first choice
  // The range in timeline frames, [from_frame, to_frame); to_frame empty: to the end.
  std::int64_t from_frame = 0;
  std::optional<std::int64_t> to_frame;
  double fps = 0;                // output frame rate; 0: the session's (others drop/repeat)
  int width = 0, height = 0;     // output size; 0: the session's (scaled with Lanczos)
  int crf = -1;                  // constant quality; -1: the codec's high-quality default
  std::int64_t bitrate_bps = 0;  // average bit rate instead of constant quality (h264/hevc/av1)
  // Output colour (DESIGN §5): an OCIO colour space of the active config to convert the
  // recorded sRGB frames into, or a display and view. Empty: the format's natural encoding
  // (sRGB-encoded Rec.709 video and PNG, scene-linear Rec.709 EXR).
  std::string color_space;
  std::string display, view;
  bool provenance = true;     // container metadata and the sidecar manifest
  bool visible_label = false; // burn "AI-GENERATED" into the picture
  bool otio = false;          // write NAME.otio beside the clip
  bool edl = false;           // write NAME.edl beside the clip
  std::vector<OverlayLayer> overlays;  // composited over the frames, in order
  // Write only the overlays, with alpha, over transparent black: the layer an editor can change.
  // Needs a format with alpha: PNG or EXR sequences, or ProRes 4444 (yuva444p10le) MOV (the
  // default codec for .mov here). PNG and ProRes carry straight alpha; EXR premultiplied
  // colour, as OpenEXR requires. Colour goes through the output transform as the picture's
  // would. The visible label belongs to the picture: a layer has none.
  bool overlays_only = false;
};

struct ExportProgress {
  std::int64_t frames_done = 0;
  std::int64_t frames_total = 0;
  double elapsed_s = 0;
  double remaining_s = 0;  // estimate from the rate so far; 0 until a frame is done
};

struct ExportCallbacks {
  std::function<void(const ExportProgress&)> progress;  // after every frame
  std::stop_token stop;  // a stop request cancels: no file is left
};

struct ExportedClip {
  std::vector<std::filesystem::path> files;  // the clip, or every image of the sequence
  std::filesystem::path provenance;          // empty when not written
  std::filesystem::path otio, edl;           // empty when not asked for
  ExportCodec codec = ExportCodec::H264;
  ExportContainer container = ExportContainer::Mp4;
  std::int64_t frames = 0;
  std::int64_t frames_held = 0;  // frames a crash lost, filled by repeating the one before
  double fps = 0;
  int width = 0, height = 0;
  std::string color;  // the output colour, in words ("Rec.709 primaries, sRGB transfer")
  double elapsed_s = 0;
};

// FFmpeg and SVT-AV1 print encoder chatter on stderr; this keeps them to errors. Process-wide
// (both libraries log globally): the CLI and the studio call it once at start.
void quietCodecLogs();

// Exports `session` (opened read-only). Errors are one line; "export cancelled" after a stop.
Result<ExportedClip> exportSession(const std::shared_ptr<const Session>& session,
                                   const ExportOptions& options, const ExportCallbacks& callbacks);

}  // namespace liveframe
