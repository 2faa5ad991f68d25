#include "media_probe.h"

#include <algorithm>
#include <cctype>

#include "av_handles.h"

extern "C" {
#include <libavutil/pixdesc.h>
}

namespace liveframe::export_internal {
namespace {

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string nameOr(const char* name) { return name != nullptr ? name : "unknown"; }

}  // namespace

Result<MediaFacts> probeMedia(const std::filesystem::path& path) {
  const std::string shown = path.string();
  AVFormatContext* raw = nullptr;
  AVDictionary* options = nullptr;
  av_dict_set(&options, "export_xmp", "1", 0);  // MOV/MP4: the XMP box into metadata["xmp"]
  int code = avformat_open_input(&raw, path.c_str(), nullptr, &options);
  av_dict_free(&options);
  if (code < 0) return Error{"cannot read " + shown + ": " + avErrorText(code)};
  InputFormatPtr format(raw);
  code = avformat_find_stream_info(raw, nullptr);
  if (code < 0) return Error{"cannot read " + shown + ": " + avErrorText(code)};
  const int index = av_find_best_stream(raw, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (index < 0) return Error{shown + " has no video stream"};
  const AVStream* stream = raw->streams[index];
  const AVCodecParameters& parameters = *stream->codecpar;
  MediaFacts facts;
  facts.container = raw->iformat->name;
  facts.codec = avcodec_get_name(parameters.codec_id);
  facts.profile = nameOr(avcodec_profile_name(parameters.codec_id, parameters.profile));
  facts.pixel_format = nameOr(av_get_pix_fmt_name(static_cast<AVPixelFormat>(parameters.format)));
  facts.width = parameters.width;
  facts.height = parameters.height;
  facts.fps = av_q2d(stream->avg_frame_rate);
  facts.primaries = nameOr(av_color_primaries_name(parameters.color_primaries));
  facts.transfer = nameOr(av_color_transfer_name(parameters.color_trc));
  facts.matrix = nameOr(av_color_space_name(parameters.color_space));
  facts.range = nameOr(av_color_range_name(parameters.color_range));
  const AVDictionaryEntry* entry = nullptr;
  while ((entry = av_dict_get(raw->metadata, "", entry, AV_DICT_IGNORE_SUFFIX)) != nullptr) {
    facts.metadata[lowercase(entry->key)] = entry->value;
  }
  PacketPtr packet(av_packet_alloc());
  if (!packet) return Error{"cannot read " + shown + ": out of memory"};
  std::int64_t end_pts = 0;
  while ((code = av_read_frame(raw, packet.get())) >= 0) {
    if (packet->stream_index == index) {
      ++facts.frames;
      if (packet->pts != AV_NOPTS_VALUE) end_pts = std::max(end_pts, packet->pts + packet->duration);
    }
    av_packet_unref(packet.get());
  }
  if (code != AVERROR_EOF) return Error{"cannot read " + shown + ": " + avErrorText(code)};
  facts.duration_s = static_cast<double>(end_pts - std::max<std::int64_t>(0, stream->start_time)) *
                     av_q2d(stream->time_base);
  return facts;
}

}  // namespace liveframe::export_internal
