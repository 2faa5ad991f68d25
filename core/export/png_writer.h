// PNG image sequences: libavcodec's PNG encoder (which writes the sRGB/cHRM/gAMA chunks of the
// frame's colour tags) plus iTXt chunks with the clip's metadata and XMP packet. Internal to
// core/export. Thread-safety: Unsafe; one export thread owns a writer.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "av_handles.h"
#include "clip_metadata.h"
#include "export_plan.h"

namespace liveframe::export_internal {

class PngWriter {
 public:
  static Result<std::unique_ptr<PngWriter>> open(const ExportPlan& plan,
                                                 const MetadataEntries& metadata,
                                                 const std::string& xmp);
  // The picture to fill before write(); of the plan's pixel format and size.
  Result<AVFrame*> nextFrame();
  // Encodes the picture into `path`; errors name `name`.
  Status write(const std::filesystem::path& path, const std::string& name);

 private:
  PngWriter() = default;
  CodecContextPtr codec_;
  AvFramePtr frame_;
  PacketPtr packet_;
  std::vector<std::uint8_t> text_chunks_;  // inserted after IHDR in every file
  std::vector<std::uint8_t> file_;
};

// One PNG iTXt chunk (uncompressed UTF-8 text), length and CRC included.
std::vector<std::uint8_t> pngTextChunk(const std::string& keyword, const std::string& text);

}  // namespace liveframe::export_internal
