#include "export_plan.h"

#include <algorithm>
#include <cmath>
#include <system_error>

#include "export_formats.h"
#include "overlay_compositor.h"

namespace liveframe::export_internal {
namespace {

struct CodecTraits {
  int default_crf = -1;  // -1: no constant-quality control
  int max_crf = -1;
  bool takes_bitrate = false;
  bool even_width = false, even_height = false;  // chroma subsampling
};

CodecTraits traitsOf(ExportCodec codec) {
  switch (codec) {
    case ExportCodec::H264:
      return {16, 51, true, true, true};
    case ExportCodec::Hevc:
      return {18, 51, true, true, true};
    case ExportCodec::Av1:
      return {24, 63, true, true, true};
    case ExportCodec::ProRes422Hq:
      return {-1, -1, false, true, false};
    default:
      return {};
  }
}

AVPixelFormat pixelFormatOf(ExportCodec codec, bool transforms, bool alpha) {
  if (alpha) {  // overlays only: planOverlays() allows only these three
    return codec == ExportCodec::Png          ? AV_PIX_FMT_RGBA
           : codec == ExportCodec::ProRes4444 ? AV_PIX_FMT_YUVA444P10LE
                                              : AV_PIX_FMT_NONE;
  }
  switch (codec) {
    case ExportCodec::H264:
    case ExportCodec::Av1:
      return AV_PIX_FMT_YUV420P;
    case ExportCodec::Hevc:
      return AV_PIX_FMT_YUV420P10LE;
    case ExportCodec::ProRes422Hq:
      return AV_PIX_FMT_YUV422P10LE;
    case ExportCodec::ProRes4444:
      return AV_PIX_FMT_YUV444P10LE;
    // Lossless RGB keeps recorded frames bit for bit; transformed values keep 16 bits.
    case ExportCodec::Ffv1:
      return transforms ? AV_PIX_FMT_GBRP16LE : AV_PIX_FMT_BGR0;
    case ExportCodec::Png:
      return transforms ? AV_PIX_FMT_RGB48BE : AV_PIX_FMT_RGB24;
    case ExportCodec::Exr:
      return AV_PIX_FMT_NONE;
  }
  return AV_PIX_FMT_NONE;
}

// Delivery codecs go out as Rec.709 video (what players and editors assume); lossless RGB
// keeps the recorded sRGB values; EXR is scene-linear by convention.
std::string defaultColorSpace(ExportCodec codec, const ColorConfig& config) {
  switch (codec) {
    case ExportCodec::Ffv1:
    case ExportCodec::Png:
      return config.modelOutputSpace();
    case ExportCodec::Exr:
      return std::string(kColorSpaceSceneLinear);
    default:
      return std::string(kColorSpaceVideo);
  }
}

std::string describeTags(const ContainerColorTags& tags) {
  return "primaries " + tags.primaries + ", transfer " + tags.transfer;
}

// A display's tags: the display's own name, else its "<name> - Display" colour space, else
// what its name says (the shipped "Rec.1886 / Rec.709 Video").
ContainerColorTags displayTags(const std::string& display, std::string& color_space) {
  for (const std::string& candidate : {display, display + " - Display"}) {
    auto tags = containerColorTags(candidate);
    if (tags.primaries != "unknown") {
      color_space = candidate;
      return tags;
    }
  }
  if (display.find("709") != std::string::npos || display.find("1886") != std::string::npos) {
    color_space = std::string(kColorSpaceVideo);
    return containerColorTags(kColorSpaceVideo);
  }
  color_space = display;
  return {};
}

Result<ColorPlan> planColor(const ExportOptions& options, ExportCodec codec) {
  auto config = ColorConfig::load();
  if (!config) return Error{config.error()};
  const ColorConfig& cfg = **config;
  const std::string source = cfg.modelOutputSpace();
  ColorPlan plan;
  if (!options.display.empty() || !options.view.empty()) {
    if (!options.color_space.empty()) {
      return Error{"give an output colour space or a display and view, not both"};
    }
    const std::string display = options.display.empty() ? cfg.defaultDisplay() : options.display;
    const std::string view = options.view.empty() ? cfg.defaultView(display) : options.view;
    auto processor = cfg.displayProcessor({display, view, 0.0, source});
    if (!processor) return Error{processor.error()};
    plan.processor = std::move(processor).value();
    plan.tags = view == "Raw" ? ContainerColorTags{} : displayTags(display, plan.color_space);
    plan.description = "display " + display + ", view " + view + " (" + describeTags(plan.tags) + ")";
    return plan;
  }
  std::string target = options.color_space;
  if (target.empty()) {
    target = defaultColorSpace(codec, cfg);
    // A user's $OCIO config may lack our names: then the frames go out as recorded.
    if (!cfg.hasColorSpace(target)) target = source;
  } else if (!cfg.hasColorSpace(target)) {
    std::string names;
    for (const auto& name : cfg.colorSpaces()) names += (names.empty() ? "" : ", ") + name;
    return Error{"unknown colour space '" + target + "' in " + cfg.path().string() +
                 " (it has: " + names + ")"};
  }
  if (target != source) {
    auto processor = cfg.conversion(source, target);
    if (!processor) return Error{processor.error()};
    plan.processor = std::move(processor).value();
  }
  plan.color_space = target;
  plan.tags = containerColorTags(target == source ? std::string(kColorSpaceModelOutput) : target);
  plan.description = target + " (" + describeTags(plan.tags) + ")";
  return plan;
}

// Checks a printf-style number field: exactly one "%d" or "%0Nd" (and "%%" escapes).
Status checkPattern(const std::string& name) {
  int fields = 0;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] != '%') continue;
    if (i + 1 < name.size() && name[i + 1] == '%') {
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    while (j < name.size() && std::isdigit(static_cast<unsigned char>(name[j]))) ++j;
    if (j >= name.size() || name[j] != 'd' || j - i > 3) {
      return Error{"bad image sequence name '" + name + "': use one number field like %05d"};
    }
    ++fields;
    i = j;
  }
  if (fields != 1) {
    return Error{"bad image sequence name '" + name + "': use one number field like %05d"};
  }
  return Status::success();
}

Status planOutput(const Session& session, const ExportOptions& options, ExportPlan& plan) {
  if (options.output.empty()) return Error{"no output file given"};
  plan.output = options.output;
  plan.folder = options.output.parent_path();  // empty: the working folder
  const std::filesystem::path folder = plan.folder.empty() ? "." : plan.folder;
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) {
    return Error{"cannot export to " + options.output.string() + ": the folder " +
                 folder.string() + " does not exist"};
  }
  const auto session_folder = std::filesystem::weakly_canonical(session.folder(), error);
  const auto output_folder = std::filesystem::weakly_canonical(folder, error);
  const auto relative = output_folder.lexically_relative(session_folder);
  if (!relative.empty() && *relative.begin() != "..") {
    return Error{"cannot export into the session folder " + session.folder().string() +
                 " (sessions are never written by an export)"};
  }
  if (!isImageSequence(plan.container)) {
    if (std::filesystem::is_directory(options.output, error)) {
      return Error{"cannot export to " + options.output.string() + ": it is a folder"};
    }
    return Status::success();
  }
  std::string name = options.output.filename().string();
  // "plate" with format exr: "plate.%05d.exr"; "plate.exr": the same.
  std::string extension = options.output.extension().string();
  std::string stem = options.output.stem().string();
  if (extension.empty() || extension.find('%') != std::string::npos) {
    stem = name;
    extension = "." + std::string(exportContainerName(plan.container));
    if (name.find('%') != std::string::npos) name += extension;
  }
  if (name.find('%') == std::string::npos) name = stem + ".%05d" + extension;
  if (auto status = checkPattern(name); !status) return status;
  plan.sequence_pattern = name;
  plan.output = plan.folder / name;
  return Status::success();
}

// Picks the recorded frame each output frame shows: the one on screen at that moment of the
// source timeline; a frame a crash lost shows the one before it (or after, at the start).
Status planFrames(const Session& session, const ExportOptions& options, ExportPlan& plan) {
  const auto& frames = session.frames();
  if (frames.empty()) {
    return Error{session.folder().string() + " has no frames to export"};
  }
  plan.first_frame_index = frames.front().frame_index;
  const std::int64_t length = frames.back().frame_index - plan.first_frame_index + 1;
  plan.from_frame = options.from_frame;
  plan.to_frame = options.to_frame.value_or(length);
  if (plan.from_frame < 0 || plan.from_frame >= length) {
    return Error{"the range starts at frame " + std::to_string(plan.from_frame) +
                 ", outside the session's " + std::to_string(length) + " frames"};
  }
  if (plan.to_frame <= plan.from_frame || plan.to_frame > length) {
    return Error{"the range ends at frame " + std::to_string(plan.to_frame) + ": it must be after " +
                 std::to_string(plan.from_frame) + " and at most " + std::to_string(length)};
  }
  const double span = static_cast<double>(plan.to_frame - plan.from_frame);
  const auto count =
      std::max<std::int64_t>(1, std::llround(span * plan.fps / plan.source_fps));
  plan.positions.reserve(static_cast<std::size_t>(count));
  for (std::int64_t k = 0; k < count; ++k) {
    const auto offset = static_cast<std::int64_t>(
        std::floor(static_cast<double>(k) * plan.source_fps / plan.fps + 1e-9));
    const std::int64_t wanted = plan.first_frame_index + plan.from_frame + offset;
    auto it = std::upper_bound(
        frames.begin(), frames.end(), wanted,
        [](std::int64_t index, const FrameRecord& record) { return index < record.frame_index; });
    if (it != frames.begin()) --it;  // the last frame at or before the wanted one
    if (it->frame_index != wanted) ++plan.frames_held;
    plan.positions.push_back(static_cast<std::size_t>(it - frames.begin()));
    plan.timeline_frames.push_back(plan.from_frame + offset);
  }
  return Status::success();
}

Status planQuality(const ExportOptions& options, ExportPlan& plan) {
  const CodecTraits traits = traitsOf(plan.codec);
  const std::string codec(exportCodecName(plan.codec));
  if (options.crf >= 0 && options.bitrate_bps > 0) {
    return Error{"give a quality (crf) or a bit rate, not both"};
  }
  if (options.crf >= 0) {
    if (traits.max_crf < 0) return Error{"crf applies to h264, hevc and av1, not " + codec};
    if (options.crf > traits.max_crf) {
      return Error{"crf " + std::to_string(options.crf) + " is out of range for " + codec +
                   " (0 to " + std::to_string(traits.max_crf) + ")"};
    }
  }
  if (options.bitrate_bps < 0 || (options.bitrate_bps > 0 && !traits.takes_bitrate)) {
    return Error{"a bit rate applies to h264, hevc and av1, not " + codec};
  }
  plan.bitrate_bps = options.bitrate_bps;
  plan.crf = options.bitrate_bps > 0 ? -1 : (options.crf >= 0 ? options.crf : traits.default_crf);
  return Status::success();
}

Status planSize(const Session& session, const ExportOptions& options, ExportPlan& plan) {
  const auto& header = session.header();
  plan.source_width = header.width;
  plan.source_height = header.height;
  if (options.width < 0 || options.height < 0 || (options.width == 0) != (options.height == 0)) {
    return Error{"give both an output width and height"};
  }
  plan.width = options.width > 0 ? options.width : header.width;
  plan.height = options.height > 0 ? options.height : header.height;
  if (plan.width > 16384 || plan.height > 16384) {
    return Error{"an output of " + std::to_string(plan.width) + "x" + std::to_string(plan.height) +
                 " is too large (16384 at most)"};
  }
  const CodecTraits traits = traitsOf(plan.codec);
  if ((traits.even_width && plan.width % 2) || (traits.even_height && plan.height % 2)) {
    return Error{std::string(exportCodecName(plan.codec)) + " needs an even " +
                 (traits.even_height ? "width and height" : "width") + "; " +
                 std::to_string(plan.width) + "x" + std::to_string(plan.height) +
                 " is not (choose a size with scale)"};
  }
  plan.source_fps = header.fps;
  plan.fps = options.fps > 0 ? options.fps : header.fps;
  if (!(plan.source_fps > 0) || !std::isfinite(plan.fps) || plan.fps > 1000 || options.fps < 0) {
    return Error{"cannot export at " + std::to_string(plan.fps) + " fps"};
  }
  return Status::success();
}

// The overlays, checked, and where each shows in the clip. Overlays only: a format with alpha.
Status planOverlays(const ExportOptions& options, ExportPlan& plan) {
  if (auto status = checkOverlays(options.overlays); !status) return status;
  plan.overlays_only = options.overlays_only;
  if (plan.overlays_only) {
    if (options.overlays.empty()) return Error{"an overlays-only export needs an overlay"};
    if (plan.codec != ExportCodec::Png && plan.codec != ExportCodec::Exr &&
        plan.codec != ExportCodec::ProRes4444) {
      const std::string codec(exportCodecName(plan.codec));
      return Error{"an overlays-only export needs a format with alpha: PNG or EXR sequences, or "
                   "ProRes 4444 MOV (not " + codec + ")"};
    }
  }
  const auto& shown = plan.timeline_frames;
  for (const OverlayLayer& overlay : options.overlays) {
    const auto timing = OverlayTiming::of(overlay);  // the fades as they are drawn
    OverlaySpan span{overlay.name,          overlay.from_frame,     overlay.to_frame,
                     timing.fade_in_frames, timing.fade_out_frames, overlay.width,
                     overlay.height};
    // Output frames show non-decreasing timeline frames, so the overlay's are one run.
    const auto first_at_or_after = [&](std::int64_t frame) {
      return std::lower_bound(shown.begin(), shown.end(), frame) - shown.begin();
    };
    span.clip_from = first_at_or_after(overlay.from_frame);
    span.clip_to = first_at_or_after(overlay.to_frame);
    plan.overlays.push_back(std::move(span));
  }
  return Status::success();
}

}  // namespace

Result<ExportPlan> planExport(const Session& session, const ExportOptions& options) {
  ExportPlan plan;
  auto format = chooseFormat(options.output, options.container, options.codec);
  if (!format) return Error{format.error()};
  plan.container = format->container;
  plan.codec = format->codec;
  // The layer an editor changes needs alpha: in a .mov, ProRes 4444 unless a codec was named.
  if (options.overlays_only && plan.container == ExportContainer::Mov && !options.codec) {
    plan.codec = ExportCodec::ProRes4444;
  }
  Status status = planOutput(session, options, plan);
  if (status) status = planSize(session, options, plan);
  if (status) status = planFrames(session, options, plan);
  if (status) status = planOverlays(options, plan);
  if (status) status = planQuality(options, plan);
  if (!status) return Error{status.error()};
  auto color = planColor(options, plan.codec);
  if (!color) return Error{color.error()};
  plan.color = std::move(color).value();
  plan.pixel_format = pixelFormatOf(
      plan.codec, plan.color.processor && !plan.color.processor->isNoOp(), plan.overlays_only);
  // The label belongs to the picture; an overlays-only layer goes over a labelled clip.
  if (options.visible_label && !plan.overlays_only) {
    plan.label = "AI-GENERATED (" + session.header().model_id + ")";
  }
  plan.provenance = options.provenance;
  plan.otio = options.otio;
  plan.edl = options.edl;
  return plan;
}

std::string sequenceFileName(const std::string& pattern, std::int64_t index) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%') {
      out += pattern[i];
      continue;
    }
    if (pattern[i + 1] == '%') {
      out += '%';
      ++i;
      continue;
    }
    const std::size_t end = pattern.find('d', i);
    const int width = end > i + 1 ? std::stoi(pattern.substr(i + 1, end - i - 1)) : 0;
    std::string number = std::to_string(index);
    if (static_cast<int>(number.size()) < width) {
      number.insert(0, static_cast<std::size_t>(width) - number.size(), '0');
    }
    out += number;
    i = end;
  }
  return out;
}

std::string sequenceBaseName(const std::string& pattern) {
  const std::size_t start = pattern.find('%');
  const std::size_t end = pattern.find('d', start);
  std::string base = pattern.substr(0, start) + pattern.substr(end + 1);
  // "shot.%05d.exr" -> "shot..exr" -> "shot.exr"; "shot_%05d.exr" -> "shot_.exr" is kept.
  if (const auto twin = base.find(".."); twin != std::string::npos) base.erase(twin, 1);
  return base;
}

namespace {
std::string clipFileName(const ExportPlan& plan) {
  return isImageSequence(plan.container) ? sequenceBaseName(plan.sequence_pattern)
                                         : plan.output.filename().string();
}
}  // namespace

std::string clipTitle(const ExportPlan& plan) {
  return std::filesystem::path(clipFileName(plan)).stem().string();
}

std::filesystem::path provenancePath(const ExportPlan& plan) {
  return plan.folder / (clipFileName(plan) + ".provenance.json");
}

std::filesystem::path otioPath(const ExportPlan& plan) {
  return plan.folder / std::filesystem::path(clipFileName(plan)).replace_extension(".otio");
}

std::filesystem::path edlPath(const ExportPlan& plan) {
  return plan.folder / std::filesystem::path(clipFileName(plan)).replace_extension(".edl");
}

}  // namespace liveframe::export_internal
