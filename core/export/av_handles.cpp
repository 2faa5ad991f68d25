#include "av_handles.h"

#include <cstdlib>

#include "liveframe/export.h"

namespace liveframe {

void quietCodecLogs() {
  av_log_set_level(AV_LOG_ERROR);
  ::setenv("SVT_LOG", "1", /*overwrite=*/0);  // SVT-AV1 reads it when an encoder opens: errors
}

namespace export_internal {

void OutputFormatDeleter::operator()(AVFormatContext* context) const {
  if (context == nullptr) return;
  if (context->pb != nullptr && !(context->oformat->flags & AVFMT_NOFILE)) {
    avio_closep(&context->pb);
  }
  avformat_free_context(context);
}

std::string avErrorText(int error_code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(error_code, text, sizeof text);
  return text;
}

AvFramePtr allocateFrame(AVPixelFormat format, int width, int height) {
  AvFramePtr frame(av_frame_alloc());
  if (!frame) return nullptr;
  frame->format = format;
  frame->width = width;
  frame->height = height;
  if (av_frame_get_buffer(frame.get(), 0) < 0) return nullptr;
  return frame;
}

}  // namespace export_internal
}  // namespace liveframe
