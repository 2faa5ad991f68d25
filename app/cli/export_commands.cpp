// `liveframe export` and `liveframe verify`.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "cli/common.h"
#include "cli/overlay_option.h"
#include "liveframe/export.h"
#include "liveframe/provenance.h"

namespace liveframe::cli {
namespace {

constexpr int kExitMismatch = 3;  // verify: the clip differs from its manifest

struct ExportArgs {
  std::string session, output, codec, format, from, to, scale, bitrate, color_space, display, view;
  std::vector<std::string> overlays;
  double fps = 0;
  int crf = -1;
  bool no_provenance = false, label = false, otio = false, edl = false, quiet = false;
  bool overlays_only = false;
};

// "8M", "2500k", "8000000" bits per second.
Result<std::int64_t> parseBitrate(const std::string& text) {
  const auto [value, used] = leadingNumber(text);
  const std::string suffix = text.substr(used);
  const double scale = suffix.empty()                   ? 1
                       : suffix == "k" || suffix == "K" ? 1e3
                       : suffix == "M" || suffix == "m" ? 1e6
                                                        : 0;
  if (used == 0 || scale == 0 || !(value > 0) || value * scale > 1e11) {
    return Error{"bad bit rate '" + text + "' (use bits per second like 8M or 2500k)"};
  }
  return static_cast<std::int64_t>(std::llround(value * scale));
}

Status parseScale(const std::string& text, ExportOptions& options) {
  return parseFrameSize(text, "scale", options.width, options.height);
}

Result<ExportOptions> exportOptions(const ExportArgs& args, double session_fps) {
  ExportOptions options;
  options.output = args.output;
  if (!args.codec.empty()) {
    auto codec = parseExportCodec(args.codec);
    if (!codec) return Error{codec.error()};
    options.codec = codec.value();
  }
  if (!args.format.empty()) {
    auto format = parseExportContainer(args.format);
    if (!format) return Error{format.error()};
    options.container = format.value();
  }
  if (!args.from.empty()) {
    auto from = parseTimelinePosition(args.from, session_fps);
    if (!from) return Error{"--from: " + from.error()};
    options.from_frame = from.value();
  }
  if (!args.to.empty()) {
    auto to = parseTimelinePosition(args.to, session_fps);
    if (!to) return Error{"--to: " + to.error()};
    options.to_frame = to.value();
  }
  if (!args.scale.empty()) {
    if (auto status = parseScale(args.scale, options); !status) return Error{status.error()};
  }
  if (!args.bitrate.empty()) {
    auto bitrate = parseBitrate(args.bitrate);
    if (!bitrate) return Error{bitrate.error()};
    options.bitrate_bps = bitrate.value();
  }
  options.fps = args.fps;
  options.crf = args.crf;
  options.color_space = args.color_space;
  options.display = args.display;
  options.view = args.view;
  options.provenance = !args.no_provenance;
  options.visible_label = args.label;
  options.otio = args.otio;
  options.edl = args.edl;
  options.overlays_only = args.overlays_only;
  return options;
}

// The --overlay options: a malformed one is a usage error (exit 2), a file that cannot be read
// a failure (exit 1).
int readOverlays(const ExportArgs& args, const Session& session, ExportOptions& options) {
  const auto& frames = session.frames();
  const std::int64_t length =
      frames.empty() ? 0 : frames.back().frame_index - frames.front().frame_index + 1;
  for (const std::string& text : args.overlays) {
    auto spec = parseOverlaySpec(text, session.header().fps, length);
    if (!spec) {
      fail(spec.error());
      return kExitUsage;
    }
    auto overlay = readOverlay(*spec);
    if (!overlay) return fail(overlay.error());
    options.overlays.push_back(std::move(overlay).value());
  }
  return kExitOk;
}

void printOverlays(const ExportOptions& options) {
  for (const OverlayLayer& overlay : options.overlays) {
    std::printf("  overlay     %s, frames %lld-%lld%s\n", overlay.name.c_str(),
                static_cast<long long>(overlay.from_frame),
                static_cast<long long>(overlay.to_frame),
                options.overlays_only ? " (alone, with alpha)" : "");
  }
}

// Thread-safety: Unsafe; the export thread's.
class ProgressLine {
 public:
  void update(const ExportProgress& progress) {
    const auto now = std::chrono::steady_clock::now();
    const bool last = progress.frames_done == progress.frames_total;
    if (!last && now < next_) return;
    next_ = now + std::chrono::milliseconds(200);
    line_open_ = !last;  // the last update ends its line
    print(progress);
  }
  // A progress line is on screen without its newline.
  bool lineOpen() const { return line_open_; }

 private:
  static void print(const ExportProgress& progress);
  std::chrono::steady_clock::time_point next_{};
  bool line_open_ = false;
};

void ProgressLine::print(const ExportProgress& progress) {
  const double fps = progress.elapsed_s > 0 ? progress.frames_done / progress.elapsed_s : 0;
  std::fprintf(stderr, "\rexport %lld/%lld frames  %3.0f%%  %6.1f fps  %4.0f s left ",
               static_cast<long long>(progress.frames_done),
               static_cast<long long>(progress.frames_total),
               100.0 * progress.frames_done / std::max<std::int64_t>(1, progress.frames_total), fps,
               progress.remaining_s);
  if (progress.frames_done == progress.frames_total) std::fputc('\n', stderr);
  std::fflush(stderr);
}

void printSummary(const ExportedClip& clip) {
  const std::string where =
      clip.files.size() == 1
          ? clip.files.front().string()
          : std::to_string(clip.files.size()) + " images, " + clip.files.front().string() + " ...";
  const std::string format =
      std::string(exportCodecName(clip.codec)) +
      (clip.files.size() > 1 ? " images"
                             : " in " + std::string(exportContainerName(clip.container)));
  std::printf("exported %lld frames (%.2f s at %g fps, %dx%d, %s) to %s in %.1f s (%.0f fps)\n",
              static_cast<long long>(clip.frames), clip.frames / clip.fps, clip.fps, clip.width,
              clip.height, format.c_str(), where.c_str(), clip.elapsed_s,
              clip.elapsed_s > 0 ? clip.frames / clip.elapsed_s : 0.0);
  std::printf("  colour      %s\n", clip.color.c_str());
  if (!clip.provenance.empty()) std::printf("  provenance  %s\n", clip.provenance.c_str());
  if (!clip.otio.empty()) std::printf("  otio        %s\n", clip.otio.c_str());
  if (!clip.edl.empty()) std::printf("  edl         %s\n", clip.edl.c_str());
  if (clip.frames_held > 0) {
    std::printf("  note        %lld frames a crash lost show the frame before them\n",
                static_cast<long long>(clip.frames_held));
  }
}

int runExport(const ExportArgs& args) {
  installSignalHandlers();
  quietCodecLogs();
  auto session = Session::open(args.session, Session::Mode::ReadOnly);
  if (!session) return fail(session.error());
  if (!(*session)->report().was_clean) {
    std::cerr << "liveframe: note: " << args.session << ": " << (*session)->report().summary()
              << "\n";
  }
  auto options = exportOptions(args, (*session)->header().fps);
  if (!options) return fail(options.error());
  if (const int code = readOverlays(args, **session, *options); code != kExitOk) return code;
  std::stop_source stop;
  ExportCallbacks callbacks;
  callbacks.stop = stop.get_token();
  ProgressLine line;
  // A progress line is for people: none in logs and pipes, where stderr holds only errors.
  const bool show_progress = !args.quiet && ::isatty(STDERR_FILENO);
  callbacks.progress = [&](const ExportProgress& progress) {
    if (interrupted()) stop.request_stop();  // Ctrl-C: a clean cancel, no file left
    if (show_progress) line.update(progress);
  };
  auto clip = exportSession(session.value(), options.value(), callbacks);
  if (!clip) {
    if (line.lineOpen()) std::fputc('\n', stderr);
    return fail(clip.error());
  }
  printSummary(clip.value());
  printOverlays(*options);
  return kExitOk;
}

}  // namespace

void addExportCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ExportArgs>();
  auto* cmd = app.add_subcommand(
      "export",
      "Export a session (or a range) as a clip: H.264/HEVC/AV1 MP4, ProRes MOV, FFV1 MKV, PNG "
      "or EXR sequence, labelled AI-generated with a provenance manifest");
  cmd->add_option("session", args->session, "Session folder (NAME.lfsession)")->required();
  cmd->add_option("-o,--output", args->output,
                  "Output file; image sequences take a %05d pattern (shot.%05d.exr)")
      ->required();
  cmd->add_option("--codec", args->codec, "h264, hevc, prores, prores4444, ffv1, av1, png, exr");
  cmd->add_option("--format", args->format,
                  "mp4, mov, mkv, png, exr (default: from the output's extension)");
  cmd->add_option("--from", args->from,
                  "Range start: frame number, seconds (12.5s) or timecode HH:MM:SS:FF");
  cmd->add_option("--to", args->to, "Range end (exclusive), like --from; default: the end");
  cmd->add_option("--fps", args->fps, "Output frame rate (default: the session's)")
      ->check(CLI::Range(0.001, 1000.0));
  cmd->add_option("--scale", args->scale, "Output size WIDTHxHEIGHT (Lanczos)");
  auto* crf = cmd->add_option("--crf", args->crf, "Constant quality (h264/hevc 0-51, av1 0-63)")
                  ->check(CLI::Range(0, 63));
  cmd->add_option("--bitrate", args->bitrate, "Average bit rate instead (8M, 2500k)")
      ->excludes(crf);
  auto* color_space = cmd->add_option(
      "--colorspace", args->color_space,
      "OCIO colour space to convert into (default: Rec.709 - Display for video, the recorded "
      "sRGB for FFV1/PNG, Linear Rec.709 (sRGB) for EXR)");
  cmd->add_option("--display", args->display, "OCIO display for a display/view output instead")
      ->excludes(color_space);
  cmd->add_option("--view", args->view, "OCIO view of --display")->excludes(color_space);
  cmd->add_flag("--no-provenance", args->no_provenance,
                "No AI-generated metadata and no provenance manifest");
  cmd->add_flag("--label", args->label, "Burn a visible AI-GENERATED label into the picture");
  cmd->add_flag("--otio", args->otio, "Also write NAME.otio (OpenTimelineIO) beside the clip");
  cmd->add_flag("--edl", args->edl, "Also write NAME.edl (CMX3600) beside the clip");
  auto* overlay = cmd->add_option(
      "--overlay", args->overlays,
      "A title or logo over the picture: FILE.png[@FROM-TO][:fade=IN,OUT], a PNG with alpha "
      "(scaled to the frames), shown on timeline frames FROM to TO (default: all), fading in "
      "and out over IN and OUT (frames or 0.5s); repeat for more, drawn in order");
  cmd->add_flag("--overlays-only", args->overlays_only,
                "Write only the overlays, with alpha, over transparent black: the layer an editor "
                "can change (PNG or EXR sequence, or ProRes 4444 MOV)")
      ->needs(overlay);
  cmd->add_flag("-q,--quiet", args->quiet,
                "No progress line (there is none when stderr is not a terminal)");
  cmd->callback([args, exit_code] { *exit_code = runExport(*args); });
}

void addVerifyCommand(CLI::App& app, int* exit_code) {
  auto clip = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "verify", "Check an exported clip against its provenance manifest (hash, frames, metadata)");
  cmd->add_option("clip", *clip, "Clip, image sequence pattern or image, or the manifest")
      ->required();
  cmd->callback([clip, exit_code] {
    quietCodecLogs();
    auto verification = verifyClip(*clip);
    if (!verification) {
      *exit_code = fail(verification.error());
    } else if (!verification->matches) {
      fail(verification->verdict);
      *exit_code = kExitMismatch;
    } else {
      std::cout << verification->verdict << "\n";
    }
  });
}

}  // namespace liveframe::cli
