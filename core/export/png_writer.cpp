#include "png_writer.h"

extern "C" {
#include <libavutil/crc.h>
}

#include "staged_output.h"
#include "video_writer.h"

namespace liveframe::export_internal {
namespace {

constexpr std::size_t kSignatureSize = 8;
constexpr std::size_t kHeaderChunkSize = 4 + 4 + 13 + 4;  // IHDR: length, type, data, CRC

void appendBigEndian(std::vector<std::uint8_t>& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(value >> shift));
}

// PNG's registered keywords where one fits, our own names for the rest.
std::string pngKeyword(const std::string& key) {
  if (key == "comment") return "Comment";
  if (key == "software") return "Software";
  if (key == "creation_time") return "Creation Time";
  return key;
}

}  // namespace

std::vector<std::uint8_t> pngTextChunk(const std::string& keyword, const std::string& text) {
  // Type, keyword, NUL, not compressed, method 0, empty language tag NUL, empty translation
  // NUL, then the text. Built as a string: GCC 12 misreads vector inserts of brace lists here.
  std::string data = "iTXt" + keyword;
  data.append(5, '\0');
  data += text;
  std::vector<std::uint8_t> chunk;
  chunk.reserve(data.size() + 8);
  appendBigEndian(chunk, static_cast<std::uint32_t>(data.size() - 4));
  chunk.insert(chunk.end(), data.begin(), data.end());
  const std::uint32_t crc =
      av_crc(av_crc_get_table(AV_CRC_32_IEEE_LE), 0xFFFFFFFFu,
             reinterpret_cast<const std::uint8_t*>(data.data()), data.size()) ^
      0xFFFFFFFFu;
  appendBigEndian(chunk, crc);
  return chunk;
}

Result<std::unique_ptr<PngWriter>> PngWriter::open(const ExportPlan& plan,
                                                   const MetadataEntries& metadata,
                                                   const std::string& xmp) {
  std::unique_ptr<PngWriter> writer(new PngWriter());
  const AVCodec* encoder = avcodec_find_encoder(AV_CODEC_ID_PNG);
  if (encoder == nullptr) return Error{"this FFmpeg has no PNG encoder"};
  writer->codec_.reset(avcodec_alloc_context3(encoder));
  writer->frame_ = allocateFrame(plan.pixel_format, plan.width, plan.height);
  writer->packet_.reset(av_packet_alloc());
  if (!writer->codec_ || !writer->frame_ || !writer->packet_) {
    return Error{"cannot set up the PNG encoder: out of memory"};
  }
  AVCodecContext& codec = *writer->codec_;
  codec.width = plan.width;
  codec.height = plan.height;
  codec.pix_fmt = plan.pixel_format;
  codec.time_base = av_inv_q(av_d2q(plan.fps, 1001000));
  applyColorTags(plan, codec);
  applyColorTags(plan, *writer->frame_);
  if (const int code = avcodec_open2(&codec, encoder, nullptr); code < 0) {
    return Error{"cannot open the PNG encoder: " + avErrorText(code)};
  }
  for (const auto& [key, value] : metadata) {
    const auto chunk = pngTextChunk(pngKeyword(key), value);
    writer->text_chunks_.insert(writer->text_chunks_.end(), chunk.begin(), chunk.end());
  }
  if (!xmp.empty()) {
    const auto chunk = pngTextChunk("XML:com.adobe.xmp", xmp);
    writer->text_chunks_.insert(writer->text_chunks_.end(), chunk.begin(), chunk.end());
  }
  return writer;
}

Result<AVFrame*> PngWriter::nextFrame() {
  if (const int code = av_frame_make_writable(frame_.get()); code < 0) {
    return Error{"cannot encode PNG: " + avErrorText(code)};
  }
  return frame_.get();
}

Status PngWriter::write(const std::filesystem::path& path, const std::string& name) {
  int code = avcodec_send_frame(codec_.get(), frame_.get());
  if (code >= 0) code = avcodec_receive_packet(codec_.get(), packet_.get());
  if (code < 0) return Error{"cannot encode " + name + ": " + avErrorText(code)};
  const std::uint8_t* bytes = packet_->data;
  const auto size = static_cast<std::size_t>(packet_->size);
  if (size < kSignatureSize + kHeaderChunkSize) return Error{"cannot encode " + name + ": short PNG"};
  file_.assign(bytes, bytes + kSignatureSize + kHeaderChunkSize);
  file_.insert(file_.end(), text_chunks_.begin(), text_chunks_.end());
  file_.insert(file_.end(), bytes + kSignatureSize + kHeaderChunkSize, bytes + size);
  av_packet_unref(packet_.get());
  return writeBytes(path, file_, name);
}

}  // namespace liveframe::export_internal
