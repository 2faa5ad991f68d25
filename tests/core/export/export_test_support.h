// Helpers for the export tests: small sessions written with SessionWriter, and exported files
// read back with libavformat/libavcodec (decoded to 16-bit RGB with the stream's own matrix
// and range) and OpenEXR.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <OpenEXR/ImfChannelList.h>
#include <OpenEXR/ImfChromaticitiesAttribute.h>
#include <OpenEXR/ImfFrameBuffer.h>
#include <OpenEXR/ImfHeader.h>
#include <OpenEXR/ImfInputFile.h>
#include <OpenEXR/ImfStringAttribute.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "liveframe/color.h"
#include "liveframe/export.h"
#include "liveframe/session.h"
#include "session_test_support.h"

namespace liveframe::testing {

// Encoder chatter off for the whole test binary.
inline const bool kCodecLogsQuiet = (quietCodecLogs(), true);

// A smooth moving picture (gradients and a soft disk), like generated video: lossy codecs at
// high quality reproduce it well, and 4:2:0 chroma loses little.
inline Frame smoothFrame(std::int64_t index, int width, int height) {
  Frame frame;
  frame.frame_index = index;
  frame.width = width;
  frame.height = height;
  frame.rgb.resize(static_cast<std::size_t>(width) * height * 3);
  const double cx = width * (0.3 + 0.4 * std::sin(index * 0.2));
  const double cy = height * (0.5 + 0.2 * std::cos(index * 0.13));
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const double d = std::hypot(x - cx, y - cy) / (0.25 * width);
      const double disk = 1.0 / (1.0 + std::pow(d, 4.0));
      auto* p = &frame.rgb[(static_cast<std::size_t>(y) * width + x) * 3];
      p[0] = static_cast<std::uint8_t>(std::lround(40 + 150.0 * x / width + 60 * disk));
      p[1] = static_cast<std::uint8_t>(std::lround(30 + 120.0 * y / height + 90 * disk));
      p[2] = static_cast<std::uint8_t>(std::lround(200 - 120.0 * y / height + index % 24));
    }
  }
  return frame;
}

inline SessionHeader smallHeader(int width = 64, int height = 64, double fps = 24) {
  SessionHeader header;
  header.model_id = "sketch";
  header.weights_hash = "0123456789abcdef";
  header.seed = 42;
  header.width = width;
  header.height = height;
  header.fps = fps;
  header.app_version = "0.1.0-test";
  header.start_time_utc = "2026-01-02T03:04:05Z";
  return header;
}

inline Event promptEvent(std::uint64_t id, std::int64_t frame_index, const std::string& text) {
  return {id, frame_index, frame_index * 41'667, "prompt", R"({"text":")" + text + R"("})"};
}

inline Event markerEvent(std::uint64_t id, std::int64_t frame_index, const std::string& label) {
  return {id, frame_index, frame_index * 41'667, "marker", R"({"label":")" + label + R"("})"};
}

// Writes `frames` smooth frames (and a prompt at 0, a marker and a prompt later) into `folder`.
// close = false leaves it as a crash would.
inline void writeSession(const std::filesystem::path& folder, int frames, bool close = true,
                         int width = 64, int height = 64, int frames_per_segment = 24) {
  SessionWriter::Options options;
  options.frames_per_segment = frames_per_segment;
  auto writer = SessionWriter::create(folder, smallHeader(width, height), options);
  ASSERT_TRUE(writer.ok()) << writer.error();
  ASSERT_TRUE((*writer)->appendEvent(promptEvent(1, 0, "a red ball over the ocean")).ok());
  for (int i = 0; i < frames; ++i) {
    if (i == frames / 2) {
      ASSERT_TRUE((*writer)->appendEvent(markerEvent(2, i, "chorus")).ok());
      ASSERT_TRUE((*writer)->appendEvent(promptEvent(3, i, "night sky with stars")).ok());
    }
    const Frame frame = smoothFrame(i, width, height);
    ASSERT_TRUE((*writer)->appendFrame(frame, i * 41'667).ok());
  }
  ASSERT_TRUE((*writer)->flush(true).ok());
  if (close) {
    ASSERT_TRUE((*writer)->close().ok());
  } else {
    (*writer).release();  // leaked on purpose: nothing closed, like a crash
  }
}

inline std::shared_ptr<const Session> openSession(const std::filesystem::path& folder) {
  auto session = Session::open(folder, Session::Mode::ReadOnly);
  EXPECT_TRUE(session.ok()) << session.error();
  return session.ok() ? session.value() : nullptr;
}

// Every frame of a video or image file, decoded to packed RGB48 (RGBA64 with `alpha`) with the
// stream's matrix/range.
struct DecodedVideo {
  std::vector<std::vector<std::uint16_t>> frames;
  int width = 0, height = 0;
};

inline DecodedVideo decodeAll(const std::filesystem::path& path, bool alpha = false) {
  DecodedVideo out;
  AVFormatContext* format = nullptr;
  if (avformat_open_input(&format, path.c_str(), nullptr, nullptr) < 0) return out;
  avformat_find_stream_info(format, nullptr);
  const int index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  const AVCodecParameters* parameters = format->streams[index]->codecpar;
  const AVCodec* decoder = avcodec_find_decoder(parameters->codec_id);
  AVCodecContext* codec = avcodec_alloc_context3(decoder);
  avcodec_parameters_to_context(codec, parameters);
  avcodec_open2(codec, decoder, nullptr);
  AVPacket* packet = av_packet_alloc();
  AVFrame* frame = av_frame_alloc();
  SwsContext* scaler = nullptr;
  auto drain = [&] {
    while (avcodec_receive_frame(codec, frame) == 0) {
      out.width = frame->width;
      out.height = frame->height;
      const auto* format = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(frame->format));
      const bool rgb_input = format->flags & AV_PIX_FMT_FLAG_RGB;
      // swscale's 8 to 16 bit RGB is not exact: 8-bit RGB is read as 8 bits and widened here.
      const bool eight_bit_rgb = rgb_input && format->comp[0].depth <= 8;
      const AVPixelFormat target_format = eight_bit_rgb
                                              ? (alpha ? AV_PIX_FMT_RGBA : AV_PIX_FMT_RGB24)
                                              : (alpha ? AV_PIX_FMT_RGBA64 : AV_PIX_FMT_RGB48);
      const int channels = alpha ? 4 : 3;
      if (scaler == nullptr) {
        scaler = sws_getContext(frame->width, frame->height, static_cast<AVPixelFormat>(frame->format),
                                frame->width, frame->height, target_format,
                                SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr,
                                nullptr, nullptr);
        const int matrix = frame->colorspace == AVCOL_SPC_BT709 ? SWS_CS_ITU709 : SWS_CS_DEFAULT;
        const int* table = sws_getCoefficients(matrix);
        const bool full = frame->color_range == AVCOL_RANGE_JPEG || rgb_input;
        sws_setColorspaceDetails(scaler, table, full, table, 1, 0, 1 << 16, 1 << 16);
      }
      const std::size_t values = static_cast<std::size_t>(frame->width) * frame->height * channels;
      std::vector<std::uint16_t> rgb(values);
      std::vector<std::uint8_t> rgb8(eight_bit_rgb ? values : 0);
      std::uint8_t* target[] = {eight_bit_rgb ? rgb8.data()
                                              : reinterpret_cast<std::uint8_t*>(rgb.data())};
      const int stride[] = {frame->width * channels * (eight_bit_rgb ? 1 : 2)};
      sws_scale(scaler, frame->data, frame->linesize, 0, frame->height, target, stride);
      for (std::size_t v = 0; v < rgb8.size(); ++v) rgb[v] = static_cast<std::uint16_t>(rgb8[v] * 257);
      out.frames.push_back(std::move(rgb));
    }
  };
  while (av_read_frame(format, packet) >= 0) {
    if (packet->stream_index == index) {
      avcodec_send_packet(codec, packet);
      drain();
    }
    av_packet_unref(packet);
  }
  avcodec_send_packet(codec, nullptr);
  drain();
  sws_freeContext(scaler);
  av_frame_free(&frame);
  av_packet_free(&packet);
  avcodec_free_context(&codec);
  avformat_close_input(&format);
  return out;
}

// Half-float RGB (RGBA with `alpha`) of an EXR file as floats.
struct ExrImage {
  int width = 0, height = 0;
  std::vector<float> rgb;
  Imf::Header header;
};

inline ExrImage readExr(const std::filesystem::path& path, bool alpha = false) {
  Imf::InputFile file(path.c_str());
  const auto window = file.header().dataWindow();
  ExrImage image;
  image.header = file.header();
  image.width = window.max.x - window.min.x + 1;
  image.height = window.max.y - window.min.y + 1;
  const int count = alpha ? 4 : 3;
  image.rgb.resize(static_cast<std::size_t>(image.width) * image.height * count);
  Imf::FrameBuffer buffer;
  const char* channels[] = {"R", "G", "B", "A"};
  for (int c = 0; c < count; ++c) {
    buffer.insert(channels[c],
                  Imf::Slice(Imf::FLOAT, reinterpret_cast<char*>(image.rgb.data() + c),
                             count * sizeof(float), count * sizeof(float) * image.width));
  }
  file.setFrameBuffer(buffer);
  file.readPixels(window.min.y, window.max.y);
  return image;
}

// The recorded frame through the output colour transform, as floats (1.0 = white).
inline std::vector<float> expectedPixels(const Frame& frame, const std::string& color_space) {
  std::vector<float> out(frame.rgb.size());
  auto config = ColorConfig::load();
  EXPECT_TRUE(config.ok()) << config.error();
  auto processor = (*config)->conversion((*config)->modelOutputSpace(), color_space);
  EXPECT_TRUE(processor.ok()) << processor.error();
  EXPECT_TRUE((*processor)->apply(std::span<const std::uint8_t>(frame.rgb), std::span<float>(out)).ok());
  return out;
}

// PSNR in dB of 16-bit decoded pixels against expected floats (peak 1.0).
inline double psnr(const std::vector<std::uint16_t>& decoded, const std::vector<float>& expected) {
  double squared = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const double difference = decoded[i] / 65535.0 - std::clamp(expected[i], 0.0f, 1.0f);
    squared += difference * difference;
  }
  const double mse = squared / static_cast<double>(expected.size());
  return mse == 0 ? 200.0 : 10.0 * std::log10(1.0 / mse);
}

inline std::vector<std::string> folderListing(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// A test with a closed session of `frames` smooth frames in a fresh folder.
class ExportSessionTest : public ::testing::Test {
 protected:
  explicit ExportSessionTest(int frames = 24) : frames_(frames) {}
  void SetUp() override {
    writeSession(session_folder_, frames_);
    session_ = openSession(session_folder_);
    ASSERT_TRUE(session_);
  }
  // Exports the session to `name` in the test's folder (or to a path when it has a folder).
  Result<ExportedClip> exportTo(const std::filesystem::path& name, ExportOptions options = {},
                                const ExportCallbacks& callbacks = {}) {
    options.output = name.has_parent_path() ? name : folder_.path() / name;
    return exportSession(session_, options, callbacks);
  }
  Frame recorded(std::size_t position) const { return session_->readFrame(position).value(); }

  TempFolder folder_;
  const std::filesystem::path session_folder_ = folder_.path() / "take.lfsession";
  std::shared_ptr<const Session> session_;

 private:
  int frames_;
};

}  // namespace liveframe::testing
