// Encodes frames with libavcodec and muxes them with libavformat into one file: H.264 and
// HEVC (x264/x265), ProRes 422 HQ and 4444 (prores_ks), FFV1, AV1 (SVT-AV1) in MP4, MOV or
// MKV, with the stream's colour tags and the clip's metadata. Every write is checked, so a full
// disk surfaces as an error from writeFrame() or finish(). Internal to core/export.
// Thread-safety: Unsafe; one export thread owns a writer.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "av_handles.h"
#include "clip_metadata.h"
#include "export_plan.h"

namespace liveframe::export_internal {

class VideoWriter {
 public:
  // Opens `path` (the staged file) for the plan's codec and container. `metadata` and `xmp`
  // are written unless empty.
  static Result<std::unique_ptr<VideoWriter>> open(const std::filesystem::path& path,
                                                   const ExportPlan& plan,
                                                   const MetadataEntries& metadata,
                                                   const std::string& xmp);
  ~VideoWriter();

  // The frame to fill before writeFrame(); writable, of the plan's pixel format and size.
  Result<AVFrame*> nextFrame();
  Status writeFrame();
  // Drains the encoder, writes the trailer and closes the file.
  Status finish();

 private:
  VideoWriter() = default;
  Status encode(AVFrame* frame);
  Status writePackets();
  Error failure(const std::string& action, int error_code) const;

  std::filesystem::path path_;         // the clip's name, for messages
  std::filesystem::path staged_path_;  // where it is written
  std::string xmp_for_mp4_;  // MP4 drops the "xmp" key: appended as a uuid box after closing
  OutputFormatPtr format_;
  CodecContextPtr codec_;
  AVStream* stream_ = nullptr;  // owned by format_
  AvFramePtr frame_;
  PacketPtr packet_;
  std::int64_t next_pts_ = 0;
};

// Sets the plan's colour tags on a codec context (before avcodec_open2) or frame.
void applyColorTags(const ExportPlan& plan, AVCodecContext& codec);
void applyColorTags(const ExportPlan& plan, AVFrame& frame);

}  // namespace liveframe::export_internal
