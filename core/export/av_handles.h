// RAII owners for FFmpeg's C handles, and FFmpeg error codes as one-line messages (internal to
// core/export; the only place besides the writers that includes FFmpeg headers).
// Thread-safety: an owner is used by one thread at a time, like the handle it owns.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <memory>
#include <string>

namespace liveframe::export_internal {

struct CodecContextDeleter {
  void operator()(AVCodecContext* context) const { avcodec_free_context(&context); }
};
struct FrameDeleter {
  void operator()(AVFrame* frame) const { av_frame_free(&frame); }
};
struct PacketDeleter {
  void operator()(AVPacket* packet) const { av_packet_free(&packet); }
};
struct ScalerDeleter {
  void operator()(SwsContext* context) const { sws_freeContext(context); }
};
// Closes the file (if the muxer opened one) and frees the context.
struct OutputFormatDeleter {
  void operator()(AVFormatContext* context) const;
};
struct InputFormatDeleter {
  void operator()(AVFormatContext* context) const { avformat_close_input(&context); }
};

using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using AvFramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using ScalerPtr = std::unique_ptr<SwsContext, ScalerDeleter>;
using OutputFormatPtr = std::unique_ptr<AVFormatContext, OutputFormatDeleter>;
using InputFormatPtr = std::unique_ptr<AVFormatContext, InputFormatDeleter>;

// av_strerror() text, e.g. "No space left on device".
std::string avErrorText(int error_code);

// An AVFrame of `format` and size with its buffers allocated; null when out of memory.
AvFramePtr allocateFrame(AVPixelFormat format, int width, int height);

}  // namespace liveframe::export_internal
