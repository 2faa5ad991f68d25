// exportSession(): plan, convert and encode every frame into a staged output, then write the
// sidecars and publish everything at once. Any failure or a stop request leaves no file.
#include <chrono>
#include <exception>
#include <variant>

#include <unistd.h>

#include "exr_writer.h"
#include "export_formats.h"
#include "interchange.h"
#include "io/atomic_file.h"
#include "io/sha256.h"
#include "output_pictures.h"
#include "png_writer.h"
#include "provenance_manifest.h"
#include "staged_output.h"
#include "video_writer.h"

namespace liveframe {
namespace {

using namespace export_internal;
using SteadyClock = std::chrono::steady_clock;

// Calls the progress callback with an estimate of the time left.
// Thread-safety: Unsafe; the export thread's.
class ProgressReporter {
 public:
  ProgressReporter(const ExportCallbacks& callbacks, std::int64_t total)
      : callbacks_(callbacks), total_(total) {}
  Status frameDone(std::int64_t done) {
    if (callbacks_.stop.stop_requested()) return Error{"export cancelled"};
    if (!callbacks_.progress) return Status::success();
    ExportProgress progress;
    progress.frames_done = done;
    progress.frames_total = total_;
    progress.elapsed_s = elapsed();
    progress.remaining_s = progress.elapsed_s / static_cast<double>(done) *
                           static_cast<double>(total_ - done);
    callbacks_.progress(progress);
    return Status::success();
  }
  double elapsed() const {
    return std::chrono::duration<double>(SteadyClock::now() - start_).count();
  }

 private:
  const ExportCallbacks& callbacks_;
  std::int64_t total_;
  SteadyClock::time_point start_ = SteadyClock::now();
};

// What the writers need besides the plan.
struct ExportContext {
  const ExportPlan& plan;
  OutputPictures& pictures;
  ProgressReporter& progress;
  const MetadataEntries& metadata;
  const std::string& xmp;
};

Result<OutputFile> describeFile(const std::filesystem::path& path, const std::string& name) {
  auto hash = io::sha256File(path);
  if (!hash) return Error{hash.error()};
  std::error_code error;
  const auto bytes = std::filesystem::file_size(path, error);
  if (error) return Error{"cannot read " + name + ": " + error.message()};
  return OutputFile{name, bytes, hash.value()};
}

Status encodeVideo(const ExportContext& context, const std::filesystem::path& staged) {
  auto writer = VideoWriter::open(staged, context.plan, context.metadata, context.xmp);
  if (!writer) return Error{writer.error()};
  for (std::size_t k = 0; k < context.plan.positions.size(); ++k) {
    auto picture = (*writer)->nextFrame();
    if (!picture) return Error{picture.error()};
    if (auto status = context.pictures.toVideoFrame(k, **picture); !status) return status;
    if (auto status = (*writer)->writeFrame(); !status) return status;
    if (auto status = context.progress.frameDone(static_cast<std::int64_t>(k + 1)); !status) {
      return status;
    }
  }
  return (*writer)->finish();
}

Status encodeSequence(const ExportContext& context, const StagedFolder& stage,
                      std::vector<std::string>& names) {
  const ExportPlan& plan = context.plan;
  std::unique_ptr<PngWriter> png;
  if (plan.codec == ExportCodec::Png) {
    auto opened = PngWriter::open(plan, context.metadata, context.xmp);
    if (!opened) return Error{opened.error()};
    png = std::move(opened).value();
  }
  for (std::size_t k = 0; k < plan.positions.size(); ++k) {
    const std::string name = sequenceFileName(plan.sequence_pattern, static_cast<std::int64_t>(k));
    const std::string shown = (plan.folder / name).string();
    if (png) {
      auto picture = png->nextFrame();
      if (!picture) return Error{picture.error()};
      if (auto status = context.pictures.toVideoFrame(k, **picture); !status) return status;
      if (auto status = png->write(stage.stagePath(name), shown); !status) return status;
    } else {
      auto pixels = context.pictures.toFloatPixels(k);
      if (!pixels) return Error{pixels.error()};
      if (auto status = writeExr(stage.stagePath(name), shown, plan, pixels.value(),
                                 context.metadata, context.xmp);
          !status) {
        return status;
      }
    }
    names.push_back(name);
    if (auto status = context.progress.frameDone(static_cast<std::int64_t>(k + 1)); !status) {
      return status;
    }
  }
  return Status::success();
}

// A finished clip, still under its temporary name(s).
struct StagedClip {
  std::variant<StagedFile, StagedFolder> stage;
  std::vector<std::string> names;  // sequences: the image files
  std::vector<std::filesystem::path> files;

  Status publish() {
    if (auto* file = std::get_if<StagedFile>(&stage)) return file->commit();
    return std::get<StagedFolder>(stage).commit(names);
  }
};

Result<StagedClip> writeVideo(const ExportContext& context, ManifestInput& manifest) {
  const ExportPlan& plan = context.plan;
  auto staged = StagedFile::create(plan.output);
  if (!staged) return Error{staged.error()};
  if (auto status = encodeVideo(context, staged->tempPath()); !status) return Error{status.error()};
  auto file = describeFile(staged->tempPath(), plan.output.filename().string());
  if (!file) return Error{file.error()};
  manifest.files.push_back(std::move(file).value());
  return StagedClip{std::move(staged).value(), {}, {plan.output}};
}

Result<StagedClip> writeSequence(const ExportContext& context, ManifestInput& manifest) {
  const ExportPlan& plan = context.plan;
  auto stage = StagedFolder::create(plan.folder, sequenceBaseName(plan.sequence_pattern));
  if (!stage) return Error{stage.error()};
  StagedClip clip{std::move(stage).value(), {}, {}};
  const auto& folder = std::get<StagedFolder>(clip.stage);
  if (auto status = encodeSequence(context, folder, clip.names); !status) {
    return Error{status.error()};
  }
  for (const auto& name : clip.names) {
    auto file = describeFile(folder.stagePath(name), name);
    if (!file) return Error{file.error()};
    manifest.files.push_back(std::move(file).value());
    clip.files.push_back(plan.folder / name);
  }
  return clip;
}

// The sidecars, staged beside the clip until everything can be published.
struct Sidecar {
  std::filesystem::path path;
  io::AtomicFileWriter writer;
};

Result<std::vector<Sidecar>> stageSidecars(const Session& session, const ExportPlan& plan,
                                           const ManifestInput& manifest) {
  const std::string title = clipTitle(plan);
  std::vector<std::pair<std::filesystem::path, std::string>> texts;
  if (plan.provenance) texts.emplace_back(provenancePath(plan), provenanceManifest(manifest));
  if (plan.otio) {
    texts.emplace_back(otioPath(plan),
                       otioTimeline(plan, session.header(), *manifest.timeline, title));
  }
  if (plan.edl) texts.emplace_back(edlPath(plan), cmx3600Edl(plan, *manifest.timeline, title));
  std::vector<Sidecar> sidecars;
  for (auto& [path, text] : texts) {
    auto writer = io::AtomicFileWriter::create(path);
    if (!writer) return Error{writer.error()};
    if (auto status = writer->append(std::as_bytes(std::span(text.data(), text.size())));
        !status) {
      return Error{status.error()};
    }
    sidecars.push_back({path, std::move(writer).value()});
  }
  return sidecars;
}

// Publishes the clip, then its sidecars; if one fails, what was published goes again.
Status publish(StagedClip& clip, std::vector<Sidecar>& sidecars) {
  if (auto status = clip.publish(); !status) return status;
  std::vector<std::filesystem::path> published = clip.files;
  for (auto& sidecar : sidecars) {
    if (auto status = sidecar.writer.commit(); !status) {
      for (const auto& path : published) ::unlink(path.c_str());
      return status;
    }
    published.push_back(sidecar.path);
  }
  return Status::success();
}

ExportedClip describeClip(const ExportPlan& plan, std::vector<std::filesystem::path> files,
                          double elapsed_s) {
  ExportedClip clip;
  clip.files = std::move(files);
  if (plan.provenance) clip.provenance = provenancePath(plan);
  if (plan.otio) clip.otio = otioPath(plan);
  if (plan.edl) clip.edl = edlPath(plan);
  clip.codec = plan.codec;
  clip.container = plan.container;
  clip.frames = static_cast<std::int64_t>(plan.positions.size());
  clip.frames_held = plan.frames_held;
  clip.fps = plan.fps;
  clip.width = plan.width;
  clip.height = plan.height;
  clip.color = plan.color.description;
  clip.elapsed_s = elapsed_s;
  return clip;
}

Result<ExportedClip> runExport(const std::shared_ptr<const Session>& session,
                               const ExportOptions& options, const ExportCallbacks& callbacks) {
  if (!session) return Error{"no session to export"};
  auto planned = planExport(*session, options);
  if (!planned) return Error{planned.error()};
  const ExportPlan& plan = planned.value();
  const auto timeline = rangeTimeline(*session, plan);
  ManifestInput manifest;
  manifest.session = session.get();
  manifest.plan = &plan;
  manifest.timeline = &timeline;
  manifest.created_utc = utcNow();
  std::string xmp;
  if (plan.provenance) {
    manifest.metadata = clipMetadata(session->header(), manifest.created_utc);
    xmp = xmpPacket(session->header(), manifest.created_utc);
  }
  auto pictures = OutputPictures::create(plan, session, options.overlays);
  if (!pictures) return Error{pictures.error()};
  ProgressReporter progress(callbacks, static_cast<std::int64_t>(plan.positions.size()));
  const ExportContext context{plan, **pictures, progress, manifest.metadata, xmp};
  auto clip = isImageSequence(plan.container) ? writeSequence(context, manifest)
                                              : writeVideo(context, manifest);
  if (!clip) return Error{clip.error()};
  auto sidecars = stageSidecars(*session, plan, manifest);
  if (!sidecars) return Error{sidecars.error()};
  if (auto status = publish(*clip, *sidecars); !status) return Error{status.error()};
  return describeClip(plan, std::move(clip->files), progress.elapsed());
}

}  // namespace

Result<ExportedClip> exportSession(const std::shared_ptr<const Session>& session,
                                   const ExportOptions& options, const ExportCallbacks& callbacks) {
  // Allocation failures and library surprises become an error here, not an exception.
  try {
    return runExport(session, options, callbacks);
  } catch (const std::exception& error) {
    return Error{"cannot export to " + options.output.string() + ": " + error.what()};
  }
}

}  // namespace liveframe
