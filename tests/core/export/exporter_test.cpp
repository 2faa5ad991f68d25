// Every format, read back with libavformat/libavcodec or OpenEXR: codec, frame count, duration,
// frame rate, colour tags, metadata, and pixels against the recorded frames through the
// output colour transform.
#include <gtest/gtest.h>

#include "export/media_probe.h"
#include "export_test_support.h"

namespace liveframe {
namespace {

using export_internal::probeMedia;
namespace fs = std::filesystem;

constexpr int kFrames = 24;

using ExporterTest = testing::ExportSessionTest;

struct VideoCase {
  const char* file;
  ExportCodec codec;
  const char* av_codec;
  const char* profile;  // empty: not checked
  const char* color_space;
  const char* matrix;
  const char* range;
  double min_psnr_db;  // lossless: only float rounding (bit-exactness has its own test)
};

void PrintTo(const VideoCase& c, std::ostream* out) { *out << c.file; }

class VideoExportTest : public ExporterTest, public ::testing::WithParamInterface<VideoCase> {};

TEST_P(VideoExportTest, ReadsBackWithTagsMetadataAndPixels) {
  const VideoCase& c = GetParam();
  ExportOptions options;
  options.codec = c.codec;
  if (c.codec == ExportCodec::H264 || c.codec == ExportCodec::Hevc) options.crf = 4;
  if (c.codec == ExportCodec::Av1) options.crf = 8;
  auto clip = exportTo(c.file, options);
  ASSERT_TRUE(clip.ok()) << clip.error();
  ASSERT_EQ(clip->files.size(), 1u);
  EXPECT_EQ(clip->frames, kFrames);

  auto facts = probeMedia(clip->files[0]);
  ASSERT_TRUE(facts.ok()) << facts.error();
  EXPECT_EQ(facts->codec, c.av_codec);
  if (*c.profile) {
    EXPECT_EQ(facts->profile, c.profile);
  }
  EXPECT_EQ(facts->width, 64);
  EXPECT_EQ(facts->height, 64);
  EXPECT_EQ(facts->frames, kFrames);
  EXPECT_DOUBLE_EQ(facts->fps, 24.0);
  EXPECT_NEAR(facts->duration_s, 1.0, 0.002);  // Matroska keeps milliseconds
  const auto tags = containerColorTags(c.color_space);
  EXPECT_EQ(facts->primaries, tags.primaries);
  EXPECT_EQ(facts->transfer, tags.transfer);
  EXPECT_EQ(facts->matrix, c.matrix);
  EXPECT_EQ(facts->range, c.range);
  EXPECT_EQ(facts->metadata["ai_generated"], "true");
  EXPECT_EQ(facts->metadata["ai_model"], "sketch");
  EXPECT_EQ(facts->metadata["ai_model_weights"], "0123456789abcdef");
  EXPECT_NE(facts->metadata["comment"].find("AI-generated"), std::string::npos);
  EXPECT_NE(facts->metadata["xmp"].find("trainedAlgorithmicMedia"), std::string::npos);

  const auto decoded = testing::decodeAll(clip->files[0]);
  ASSERT_EQ(decoded.frames.size(), static_cast<std::size_t>(kFrames));
  double worst_db = 1e9;
  for (std::size_t i = 0; i < decoded.frames.size(); ++i) {
    const auto expected = testing::expectedPixels(recorded(i), c.color_space);
    worst_db = std::min(worst_db, testing::psnr(decoded.frames[i], expected));
  }
  EXPECT_GE(worst_db, c.min_psnr_db);
}

INSTANTIATE_TEST_SUITE_P(
    Formats, VideoExportTest,
    ::testing::Values(
        VideoCase{"clip.mp4", ExportCodec::H264, "h264", "High", "Rec.709 - Display", "bt709", "tv", 45},
        VideoCase{"clip_hevc.mp4", ExportCodec::Hevc, "hevc", "Main 10", "Rec.709 - Display", "bt709", "tv", 45},
        VideoCase{"clip.mov", ExportCodec::ProRes422Hq, "prores", "HQ", "Rec.709 - Display", "bt709", "tv", 45},
        VideoCase{"clip4444.mov", ExportCodec::ProRes4444, "prores", "4444", "Rec.709 - Display", "bt709", "tv", 45},
        VideoCase{"clip_av1.mp4", ExportCodec::Av1, "av1", "", "Rec.709 - Display", "bt709", "tv", 45},
        VideoCase{"clip.mkv", ExportCodec::Ffv1, "ffv1", "", "sRGB - Texture", "gbr", "pc", 120}));

TEST_F(ExporterTest, Ffv1IsBitExactToTheRecording) {
  auto clip = exportTo("exact.mkv");
  ASSERT_TRUE(clip.ok()) << clip.error();
  const auto decoded = testing::decodeAll(clip->files[0]);
  ASSERT_EQ(decoded.frames.size(), static_cast<std::size_t>(kFrames));
  for (std::size_t i = 0; i < decoded.frames.size(); ++i) {
    const Frame frame = recorded(i);
    for (std::size_t v = 0; v < frame.rgb.size(); ++v) {
      ASSERT_EQ(decoded.frames[i][v] >> 8, frame.rgb[v]) << "frame " << i << " value " << v;
    }
  }
}

TEST_F(ExporterTest, PngSequenceIsExactAndLabelled) {
  auto clip = exportTo("shot.png");
  ASSERT_TRUE(clip.ok()) << clip.error();
  ASSERT_EQ(clip->files.size(), static_cast<std::size_t>(kFrames));
  EXPECT_EQ(clip->files[3].filename(), "shot.00003.png");
  const std::string bytes = testing::readText(clip->files[0]);
  EXPECT_NE(bytes.find("sRGB"), std::string::npos);  // the sRGB chunk
  EXPECT_NE(bytes.find("ai_generated"), std::string::npos);
  EXPECT_NE(bytes.find("XML:com.adobe.xmp"), std::string::npos);
  for (std::size_t i = 0; i < clip->files.size(); i += 7) {
    const auto decoded = testing::decodeAll(clip->files[i]);
    ASSERT_EQ(decoded.frames.size(), 1u) << clip->files[i];
    const Frame frame = recorded(i);
    for (std::size_t v = 0; v < frame.rgb.size(); ++v) {
      ASSERT_EQ(decoded.frames[0][v] >> 8, frame.rgb[v]) << "image " << i;
    }
  }
}

TEST_F(ExporterTest, ExrSequenceIsSceneLinearHalfFloat) {
  ExportOptions options;
  options.from_frame = 4;
  options.to_frame = 10;
  auto clip = exportTo("plate.%04d.exr", options);
  ASSERT_TRUE(clip.ok()) << clip.error();
  ASSERT_EQ(clip->files.size(), 6u);
  EXPECT_EQ(clip->files[0].filename(), "plate.0000.exr");
  for (std::size_t i = 0; i < clip->files.size(); ++i) {
    const auto image = testing::readExr(clip->files[i]);
    ASSERT_EQ(image.width, 64);
    EXPECT_EQ(image.header.channels().findChannel("R")->type, Imf::HALF);
    const auto expected =
        testing::expectedPixels(recorded(4 + i), std::string(kColorSpaceSceneLinear));
    for (std::size_t v = 0; v < expected.size(); ++v) {
      ASSERT_NEAR(image.rgb[v], expected[v], 1e-3 + expected[v] * 1e-3) << "value " << v;
    }
    const auto* model = image.header.findTypedAttribute<Imf::StringAttribute>("ai_model");
    ASSERT_NE(model, nullptr);
    EXPECT_EQ(model->value(), "sketch");
    const auto* comments = image.header.findTypedAttribute<Imf::StringAttribute>("comments");
    ASSERT_NE(comments, nullptr);
    EXPECT_NE(comments->value().find("AI-generated"), std::string::npos);
    const auto* chromaticities =
        image.header.findTypedAttribute<Imf::ChromaticitiesAttribute>("chromaticities");
    ASSERT_NE(chromaticities, nullptr);
    EXPECT_FLOAT_EQ(chromaticities->value().red.x, 0.64f);
  }
}

TEST_F(ExporterTest, RangeFrameRateScaleAndLabel) {
  ExportOptions options;
  options.from_frame = 6;
  options.to_frame = 18;  // 12 frames = 0.5 s
  options.fps = 48;       // each recorded frame twice
  options.width = 96;
  options.height = 80;
  options.visible_label = true;
  options.crf = 10;
  auto clip = exportTo("range.mp4", options);
  ASSERT_TRUE(clip.ok()) << clip.error();
  EXPECT_EQ(clip->frames, 24);
  auto facts = probeMedia(clip->files[0]);
  ASSERT_TRUE(facts.ok()) << facts.error();
  EXPECT_EQ(facts->width, 96);
  EXPECT_EQ(facts->height, 80);
  EXPECT_EQ(facts->frames, 24);
  EXPECT_DOUBLE_EQ(facts->fps, 48.0);
  EXPECT_NEAR(facts->duration_s, 0.5, 1e-3);
  // The label: white text on a dark band in the lower left.
  const auto decoded = testing::decodeAll(clip->files[0]);
  ASSERT_EQ(decoded.frames.size(), 24u);
  int white = 0;
  for (int y = 60; y < 80; ++y) {
    for (int x = 0; x < 40; ++x) {
      white += decoded.frames[0][(static_cast<std::size_t>(y) * 96 + x) * 3 + 1] > 60000;
    }
  }
  EXPECT_GT(white, 20);
}

TEST_F(ExporterTest, ProgressCountsEveryFrameWithAnEstimate) {
  std::vector<ExportProgress> seen;
  ExportCallbacks callbacks;
  callbacks.progress = [&](const ExportProgress& p) { seen.push_back(p); };
  auto clip = exportTo("progress.mkv", {}, callbacks);
  ASSERT_TRUE(clip.ok()) << clip.error();
  ASSERT_EQ(seen.size(), static_cast<std::size_t>(kFrames));
  EXPECT_EQ(seen.back().frames_done, kFrames);
  EXPECT_EQ(seen.back().frames_total, kFrames);
  EXPECT_EQ(seen.back().remaining_s, 0.0);
  EXPECT_GE(seen[5].remaining_s, 0.0);
}

TEST_F(ExporterTest, OutputColourSpaceIsConvertedAndTagged) {
  ExportOptions options;
  options.color_space = std::string(kColorSpaceSceneLinear);
  auto clip = exportTo("linear.mkv", options);
  ASSERT_TRUE(clip.ok()) << clip.error();
  auto facts = probeMedia(clip->files[0]);
  ASSERT_TRUE(facts.ok()) << facts.error();
  EXPECT_EQ(facts->transfer, "linear");
  EXPECT_EQ(facts->pixel_format, "gbrp16le");
  const auto decoded = testing::decodeAll(clip->files[0]);
  ASSERT_EQ(decoded.frames.size(), static_cast<std::size_t>(kFrames));
  const auto expected = testing::expectedPixels(recorded(0), std::string(kColorSpaceSceneLinear));
  for (std::size_t v = 0; v < expected.size(); ++v) {
    ASSERT_NEAR(decoded.frames[0][v], std::lround(std::clamp(expected[v], 0.0f, 1.0f) * 65535), 1)
        << "value " << v;
  }
}

TEST_F(ExporterTest, DisplayAndViewAreAppliedAndTaggedAsTheDisplay) {
  ExportOptions options;
  options.display = "Rec.1886 / Rec.709 Video";
  options.view = "Film";
  options.crf = 4;
  auto clip = exportTo("film.mp4", options);
  ASSERT_TRUE(clip.ok()) << clip.error();
  EXPECT_NE(clip->color.find("view Film"), std::string::npos) << clip->color;
  auto facts = probeMedia(clip->files[0]);
  ASSERT_TRUE(facts.ok()) << facts.error();
  EXPECT_EQ(facts->primaries, "bt709");
  EXPECT_EQ(facts->transfer, "bt709");
  auto config = ColorConfig::load();
  ASSERT_TRUE(config.ok()) << config.error();
  auto film = (*config)->displayProcessor({options.display, options.view, 0, {}});
  ASSERT_TRUE(film.ok()) << film.error();
  const Frame frame = recorded(0);
  std::vector<float> expected(frame.rgb.size());
  ASSERT_TRUE((*film)->apply(std::span<const std::uint8_t>(frame.rgb), std::span<float>(expected)).ok());
  const auto decoded = testing::decodeAll(clip->files[0]);
  ASSERT_FALSE(decoded.frames.empty());
  EXPECT_GE(testing::psnr(decoded.frames[0], expected), 45.0);
}

}  // namespace
}  // namespace liveframe
