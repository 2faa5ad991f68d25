#include "video_writer.h"

extern "C" {
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
}

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace liveframe::export_internal {
namespace {

const char* encoderName(ExportCodec codec) {
  switch (codec) {
    case ExportCodec::H264: return "libx264";
    case ExportCodec::Hevc: return "libx265";
    case ExportCodec::ProRes422Hq:
    case ExportCodec::ProRes4444: return "prores_ks";
    case ExportCodec::Ffv1: return "ffv1";
    case ExportCodec::Av1: return "libsvtav1";
    default: return "";
  }
}

const char* muxerName(ExportContainer container) {
  switch (container) {
    case ExportContainer::Mov: return "mov";
    case ExportContainer::Mkv: return "matroska";
    default: return "mp4";
  }
}

bool isRgbFormat(AVPixelFormat format) {
  const AVPixFmtDescriptor* descriptor = av_pix_fmt_desc_get(format);
  return descriptor != nullptr && (descriptor->flags & AV_PIX_FMT_FLAG_RGB);
}

// Encoder settings for a high-quality master at a speed that beats real time on small CPUs.
AVDictionary* encoderOptions(const ExportPlan& plan, AVCodecContext& codec) {
  AVDictionary* options = nullptr;
  const std::string crf = std::to_string(plan.crf);
  switch (plan.codec) {
    case ExportCodec::H264:
      av_dict_set(&options, "preset", "medium", 0);
      break;
    case ExportCodec::Hevc:
      av_dict_set(&options, "preset", "fast", 0);
      av_dict_set(&options, "x265-params", "log-level=error", 0);
      break;
    case ExportCodec::Av1:
      av_dict_set(&options, "preset", "8", 0);
      break;
    case ExportCodec::ProRes422Hq:
      av_dict_set(&options, "profile", "hq", 0);
      av_dict_set(&options, "vendor", "apl0", 0);
      break;
    case ExportCodec::ProRes4444:
      av_dict_set(&options, "profile", "4444", 0);
      av_dict_set(&options, "vendor", "apl0", 0);
      // An overlays-only layer's alpha, at ProRes's full 16 bits (straight, as FFmpeg's yuva).
      if (plan.overlays_only) av_dict_set(&options, "alpha_bits", "16", 0);
      break;
    case ExportCodec::Ffv1:
      // Every frame a keyframe with checksummed slices: survives damage, seeks anywhere.
      av_dict_set(&options, "level", "3", 0);
      av_dict_set(&options, "slicecrc", "1", 0);
      codec.gop_size = 1;
      break;
    default:
      break;
  }
  if (plan.crf >= 0) av_dict_set(&options, "crf", crf.c_str(), 0);
  if (plan.bitrate_bps > 0) codec.bit_rate = plan.bitrate_bps;
  return options;
}

// The options an encoder or muxer did not take: a typo here would silently change the output.
Status checkAllUsed(AVDictionary* left, const char* what) {
  const AVDictionaryEntry* entry = av_dict_get(left, "", nullptr, AV_DICT_IGNORE_SUFFIX);
  if (entry == nullptr) return Status::success();
  return Error{std::string(what) + " does not take the option " + entry->key};
}

// ecosystem.md: the MP4 muxer drops the "xmp" key; a top-level uuid box with this id, appended
// after the file is finalized, carries it without moving any offset.
constexpr std::array<std::uint8_t, 16> kXmpUuid = {0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8,
                                                   0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC};

Status appendXmpBox(const std::filesystem::path& path, const std::string& xmp,
                    const std::string& name) {
  const std::uint32_t size = static_cast<std::uint32_t>(8 + kXmpUuid.size() + xmp.size());
  std::string box = {static_cast<char>(size >> 24), static_cast<char>(size >> 16),
                     static_cast<char>(size >> 8), static_cast<char>(size), 'u', 'u', 'i', 'd'};
  box.append(kXmpUuid.begin(), kXmpUuid.end());
  box += xmp;
  std::FILE* file = std::fopen(path.c_str(), "ab");
  bool ok = file != nullptr && std::fwrite(box.data(), 1, box.size(), file) == box.size();
  if (file != nullptr) ok = std::fclose(file) == 0 && ok;
  if (!ok) return Error{"cannot write " + name + ": " + std::strerror(errno)};
  return Status::success();
}

}  // namespace

void applyColorTags(const ExportPlan& plan, AVCodecContext& codec) {
  const auto& tags = plan.color.tags;
  codec.color_primaries = static_cast<AVColorPrimaries>(
      std::max(0, av_color_primaries_from_name(tags.primaries.c_str())));
  codec.color_trc = static_cast<AVColorTransferCharacteristic>(
      std::max(0, av_color_transfer_from_name(tags.transfer.c_str())));
  if (isRgbFormat(plan.pixel_format) || plan.pixel_format == AV_PIX_FMT_NONE) {
    codec.colorspace = AVCOL_SPC_RGB;
    codec.color_range = AVCOL_RANGE_JPEG;
  } else {
    const int matrix = av_color_space_from_name(tags.matrix.c_str());
    // Y'CbCr needs some matrix: BT.709 when the colour space names none (and swscale uses it).
    codec.colorspace = matrix > 0 && matrix != AVCOL_SPC_UNSPECIFIED
                           ? static_cast<AVColorSpace>(matrix)
                           : AVCOL_SPC_BT709;
    codec.color_range = tags.range == "pc" ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG;
  }
}

void applyColorTags(const ExportPlan& plan, AVFrame& frame) {
  AVCodecContext tags{};
  applyColorTags(plan, tags);
  frame.color_primaries = tags.color_primaries;
  frame.color_trc = tags.color_trc;
  frame.colorspace = tags.colorspace;
  frame.color_range = tags.color_range;
}

Result<std::unique_ptr<VideoWriter>> VideoWriter::open(const std::filesystem::path& path,
                                                       const ExportPlan& plan,
                                                       const MetadataEntries& metadata,
                                                       const std::string& xmp) {
  std::unique_ptr<VideoWriter> writer(new VideoWriter());
  writer->path_ = plan.output;
  writer->staged_path_ = path;
  const std::string name = plan.output.string();
  const AVCodec* encoder = avcodec_find_encoder_by_name(encoderName(plan.codec));
  if (encoder == nullptr) {
    return Error{std::string("this FFmpeg has no ") + encoderName(plan.codec) + " encoder"};
  }
  AVFormatContext* raw_format = nullptr;
  int code = avformat_alloc_output_context2(&raw_format, nullptr, muxerName(plan.container),
                                            path.c_str());
  if (code < 0) return writer->failure("set up", code);
  writer->format_.reset(raw_format);
  writer->stream_ = avformat_new_stream(raw_format, nullptr);
  writer->codec_.reset(avcodec_alloc_context3(encoder));
  writer->frame_ = allocateFrame(plan.pixel_format, plan.width, plan.height);
  writer->packet_.reset(av_packet_alloc());
  if (!writer->stream_ || !writer->codec_ || !writer->frame_ || !writer->packet_) {
    return writer->failure("set up", AVERROR(ENOMEM));
  }
  AVCodecContext& codec = *writer->codec_;
  const AVRational rate = av_d2q(plan.fps, 1001000);
  codec.width = plan.width;
  codec.height = plan.height;
  codec.pix_fmt = plan.pixel_format;
  codec.time_base = av_inv_q(rate);
  codec.framerate = rate;
  codec.sample_aspect_ratio = AVRational{1, 1};
  codec.thread_count = 0;  // one per core
  applyColorTags(plan, codec);
  applyColorTags(plan, *writer->frame_);
  if (raw_format->oformat->flags & AVFMT_GLOBALHEADER) codec.flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  AVDictionary* options = encoderOptions(plan, codec);
  code = avcodec_open2(&codec, encoder, &options);
  Status used = checkAllUsed(options, encoderName(plan.codec));
  av_dict_free(&options);
  if (code < 0) return writer->failure(std::string("open the ") + encoderName(plan.codec) + " encoder for", code);
  if (!used) return Error{used.error()};
  code = avcodec_parameters_from_context(writer->stream_->codecpar, &codec);
  if (code < 0) return writer->failure("set up", code);
  writer->stream_->time_base = codec.time_base;
  writer->stream_->avg_frame_rate = rate;
  // Apple's players and editors open HEVC in MP4/MOV only under the hvc1 tag.
  if (plan.codec == ExportCodec::Hevc && plan.container != ExportContainer::Mkv) {
    writer->stream_->codecpar->codec_tag = MKTAG('h', 'v', 'c', '1');
  }
  for (const auto& [key, value] : metadata) {
    av_dict_set(&raw_format->metadata, key.c_str(), value.c_str(), 0);
  }
  if (!xmp.empty() && plan.container == ExportContainer::Mp4) writer->xmp_for_mp4_ = xmp;
  if (!xmp.empty() && plan.container != ExportContainer::Mp4) {
    av_dict_set(&raw_format->metadata, "xmp", xmp.c_str(), 0);
  }
  code = avio_open(&raw_format->pb, path.c_str(), AVIO_FLAG_WRITE);
  if (code < 0) return writer->failure("create", code);
  AVDictionary* muxer_options = nullptr;
  if (plan.container != ExportContainer::Mkv) {
    av_dict_set(&muxer_options, "movflags", "+use_metadata_tags+write_colr", 0);
  }
  code = avformat_write_header(raw_format, &muxer_options);
  used = checkAllUsed(muxer_options, muxerName(plan.container));
  av_dict_free(&muxer_options);
  if (code < 0) return writer->failure("write", code);
  if (!used) return Error{used.error()};
  return writer;
}

VideoWriter::~VideoWriter() = default;

Error VideoWriter::failure(const std::string& action, int error_code) const {
  return Error{"cannot " + action + " " + path_.string() + ": " + avErrorText(error_code)};
}

Result<AVFrame*> VideoWriter::nextFrame() {
  // The encoder may still hold the previous picture (lookahead): write into a fresh buffer.
  const int code = av_frame_make_writable(frame_.get());
  if (code < 0) return failure("encode", code);
  return frame_.get();
}

Status VideoWriter::writeFrame() {
  frame_->pts = next_pts_++;
  return encode(frame_.get());
}

Status VideoWriter::encode(AVFrame* frame) {
  const int code = avcodec_send_frame(codec_.get(), frame);
  if (code < 0) return failure("encode a frame of", code);
  return writePackets();
}

Status VideoWriter::writePackets() {
  for (;;) {
    int code = avcodec_receive_packet(codec_.get(), packet_.get());
    if (code == AVERROR(EAGAIN) || code == AVERROR_EOF) return Status::success();
    if (code < 0) return failure("encode a frame of", code);
    packet_->stream_index = stream_->index;
    if (packet_->duration == 0) packet_->duration = 1;
    av_packet_rescale_ts(packet_.get(), codec_->time_base, stream_->time_base);
    code = av_interleaved_write_frame(format_.get(), packet_.get());
    if (code < 0) return failure("write", code);
  }
}

Status VideoWriter::finish() {
  if (auto status = encode(nullptr); !status) return status;
  AVFormatContext* format = format_.get();
  int code = av_write_trailer(format);
  if (code < 0) return failure("write", code);
  avio_flush(format->pb);
  // avio_close() reports the close, not the last failed write: check the sticky error first.
  code = format->pb->error;
  const int close_code = avio_closep(&format->pb);
  if (code < 0) return failure("write", code);
  if (close_code < 0) return failure("close", close_code);
  format_.reset();
  if (xmp_for_mp4_.empty()) return Status::success();
  return appendXmpBox(staged_path_, xmp_for_mp4_, path_.string());
}

}  // namespace liveframe::export_internal
