// Overlays (titles): composited over the picture in its code space, fades, the overlays alone
// with alpha (PNG, EXR, ProRes 4444), and what the manifest and OTIO say about them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "export/media_probe.h"
#include "export/overlay_compositor.h"
#include "export_test_support.h"
#include "liveframe/provenance.h"

namespace liveframe {
namespace {

using export_internal::OverlayTiming;
using nlohmann::json;
namespace fs = std::filesystem;

constexpr int kSide = 64;  // the test session's frames

// A title-like picture: colour gradients under an alpha that takes every value 0..255.
OverlayLayer patternOverlay(int width, int height, std::int64_t from, std::int64_t to,
                            int fade_in = 0, int fade_out = 0) {
  OverlayLayer overlay;
  overlay.name = "title: hello";
  overlay.width = width;
  overlay.height = height;
  overlay.from_frame = from;
  overlay.to_frame = to;
  overlay.fade_in_frames = fade_in;
  overlay.fade_out_frames = fade_out;
  overlay.rgba.resize(static_cast<std::size_t>(width) * height * 4);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      auto* p = &overlay.rgba[(static_cast<std::size_t>(y) * width + x) * 4];
      p[0] = static_cast<std::uint8_t>(255 * x / (width - 1));
      p[1] = 220;
      p[2] = static_cast<std::uint8_t>(30 + 3 * y);
      p[3] = static_cast<std::uint8_t>((4 * x + y) % 256);
    }
  }
  return overlay;
}

// One colour and alpha everywhere.
OverlayLayer flatOverlay(int side, std::uint8_t red, std::uint8_t green, std::uint8_t blue,
                         std::uint8_t alpha) {
  OverlayLayer overlay;
  overlay.width = overlay.height = side;
  overlay.to_frame = 1000;
  overlay.rgba.resize(static_cast<std::size_t>(side) * side * 4);
  for (std::size_t v = 0; v < overlay.rgba.size(); v += 4) {
    overlay.rgba[v] = red;
    overlay.rgba[v + 1] = green;
    overlay.rgba[v + 2] = blue;
    overlay.rgba[v + 3] = alpha;
  }
  return overlay;
}

// The overlay's colour without its alpha, as a frame to put through a colour transform.
Frame colourOf(const OverlayLayer& overlay) {
  Frame colours;
  colours.width = overlay.width;
  colours.height = overlay.height;
  for (std::size_t v = 0; v < overlay.rgba.size(); ++v) {
    if (v % 4 != 3) colours.rgb.push_back(overlay.rgba[v]);
  }
  return colours;
}

TEST(OverlayTimingTest, FadesRampLinearlyInsideTheRange) {
  OverlayLayer overlay;
  overlay.from_frame = 10;
  overlay.to_frame = 20;
  overlay.fade_in_frames = 4;
  overlay.fade_out_frames = 2;
  const auto timing = OverlayTiming::of(overlay);
  EXPECT_EQ(timing.opacityAt(9), 0.0);
  EXPECT_EQ(timing.opacityAt(10), 0.25);
  EXPECT_EQ(timing.opacityAt(12), 0.75);
  EXPECT_EQ(timing.opacityAt(13), 1.0);
  EXPECT_EQ(timing.opacityAt(18), 1.0);
  EXPECT_EQ(timing.opacityAt(19), 0.5);
  EXPECT_EQ(timing.opacityAt(20), 0.0);
  // Ramps that would overlap are each cut to half the range, as the studio's preview does.
  overlay.to_frame = 15;
  overlay.fade_in_frames = overlay.fade_out_frames = 5;
  const auto cut = OverlayTiming::of(overlay);
  EXPECT_EQ(cut.fade_in_frames, 2);
  EXPECT_EQ(cut.opacityAt(10), 0.5);
  EXPECT_EQ(cut.opacityAt(12), 1.0);
  EXPECT_EQ(cut.opacityAt(14), 0.5);
}

TEST(OverlayCheckTest, BadOverlaysAreOneLineErrors) {
  auto overlay = patternOverlay(4, 4, 0, 5);
  overlay.width = 0;
  auto status = export_internal::checkOverlays({overlay});
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().find("overlay 1 ('title: hello') is 0x4"), std::string::npos)
      << status.error();
  overlay = patternOverlay(4, 4, 0, 5);
  overlay.rgba.pop_back();
  status = export_internal::checkOverlays({patternOverlay(4, 4, 0, 5), overlay});
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().find("overlay 2 ('title: hello') has 63 bytes; 4x4 RGBA needs 64"),
            std::string::npos)
      << status.error();
  status = export_internal::checkOverlays({patternOverlay(4, 4, 7, 7)});
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().find("has the range 7-7"), std::string::npos) << status.error();
  for (const auto& bad : {patternOverlay(4, 4, 0, 5, -1), patternOverlay(4, 4, 9, 3)}) {
    status = export_internal::checkOverlays({bad});
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().find('\n'), std::string::npos);
  }
}

class OverlayExportTest : public testing::ExportSessionTest {
 protected:
  OverlayExportTest() : ExportSessionTest(16) {}
  Result<ExportedClip> exportWith(const fs::path& name, std::vector<OverlayLayer> overlays,
                                  bool overlays_only = false, ExportOptions options = {}) {
    options.overlays = std::move(overlays);
    options.overlays_only = overlays_only;
    return exportTo(name, options);
  }
};

// Alpha-over in 8-bit code space: the recorded value moved toward the overlay's by
// alpha x fade.
int expectedOver(int recorded, int overlay, int alpha, double fade) {
  return static_cast<int>(std::lround(recorded + (overlay - recorded) * alpha / 255.0 * fade));
}

TEST_F(OverlayExportTest, Ffv1ShowsTheAlphaOverWithFadesAndLeavesOtherFramesAlone) {
  const auto overlay = patternOverlay(kSide, kSide, 4, 12, 2, 4);
  const auto timing = OverlayTiming::of(overlay);
  auto clip = exportWith("titled.mkv", {overlay});
  ASSERT_TRUE(clip.ok()) << clip.error();
  const auto decoded = testing::decodeAll(clip->files[0]);
  ASSERT_EQ(decoded.frames.size(), 16u);
  for (std::size_t i = 0; i < decoded.frames.size(); ++i) {
    const Frame frame = recorded(i);
    const double fade = timing.opacityAt(static_cast<std::int64_t>(i));
    int worst = 0;
    for (std::size_t pixel = 0; pixel < frame.rgb.size() / 3; ++pixel) {
      for (std::size_t c = 0; c < 3; ++c) {
        const int expected = expectedOver(frame.rgb[pixel * 3 + c], overlay.rgba[pixel * 4 + c],
                                          overlay.rgba[pixel * 4 + 3], fade);
        worst = std::max(worst, std::abs((decoded.frames[i][pixel * 3 + c] >> 8) - expected));
      }
    }
    // Outside the overlay's frames the recording goes out bit for bit.
    EXPECT_LE(worst, fade > 0 ? 1 : 0) << "frame " << i << " fade " << fade;
  }
}

TEST_F(OverlayExportTest, AnOverlayOfAnotherSizeIsScaledToTheFrames) {
  ExportOptions options;
  options.from_frame = 2;
  options.to_frame = 4;
  auto clip = exportWith("scaled.png", {flatOverlay(24, 200, 40, 10, 128)}, false, options);
  ASSERT_TRUE(clip.ok()) << clip.error();
  const auto decoded = testing::decodeAll(clip->files[1]);
  ASSERT_EQ(decoded.frames.size(), 1u);
  const Frame frame = recorded(3);
  const int colour[] = {200, 40, 10};
  for (std::size_t v = 0; v < frame.rgb.size(); ++v) {
    ASSERT_NEAR(decoded.frames[0][v] >> 8, expectedOver(frame.rgb[v], colour[v % 3], 128, 1.0), 1)
        << "value " << v;
  }
}

TEST_F(OverlayExportTest, OverlaysOnlyPngIsStraightAlphaOverTransparentBlack) {
  const auto overlay = patternOverlay(kSide, kSide, 2, 6, 2, 0);
  auto clip = exportWith("layer.png", {overlay}, true);
  ASSERT_TRUE(clip.ok()) << clip.error();
  ASSERT_EQ(clip->files.size(), 16u);
  auto facts = export_internal::probeMedia(clip->files[0]);
  ASSERT_TRUE(facts.ok()) << facts.error();
  EXPECT_EQ(facts->pixel_format, "rgba");
  for (const std::size_t i : {1u, 2u, 4u, 6u}) {
    const auto decoded = testing::decodeAll(clip->files[i], /*alpha=*/true);
    ASSERT_EQ(decoded.frames.size(), 1u);
    const auto& rgba = decoded.frames[0];
    const double fade = OverlayTiming::of(overlay).opacityAt(static_cast<std::int64_t>(i));
    for (std::size_t v = 0; v < rgba.size(); v += 4) {
      const int alpha = rgba[v + 3] >> 8;
      ASSERT_NEAR(alpha, std::lround(overlay.rgba[v + 3] * fade), 1)
          << "image " << i << " at " << v;
      for (std::size_t c = 0; c < 3; ++c) {
        // Straight colour is as precise as alpha lets it be; none where nothing shows.
        const int expected = alpha == 0 ? 0 : overlay.rgba[v + c];
        ASSERT_NEAR(rgba[v + c] >> 8, expected, alpha >= 16 ? 1 : 8) << "image " << i;
      }
    }
  }
}

TEST_F(OverlayExportTest, OverlaysOnlyScalesWithThePicture) {
  ExportOptions options;
  options.to_frame = 2;
  options.width = options.height = 40;
  auto clip = exportWith("small.png", {flatOverlay(kSide, 200, 40, 10, 128)}, true, options);
  ASSERT_TRUE(clip.ok()) << clip.error();
  const auto decoded = testing::decodeAll(clip->files[1], /*alpha=*/true);
  ASSERT_EQ(decoded.width, 40);
  const int expected[] = {200, 40, 10, 128};
  for (std::size_t v = 0; v < decoded.frames.at(0).size(); ++v) {
    ASSERT_NEAR(decoded.frames[0][v] >> 8, expected[v % 4], 1) << "value " << v;
  }
}

TEST_F(OverlayExportTest, OverlaysOnlyExrIsPremultipliedInTheOutputColour) {
  const auto overlay = patternOverlay(kSide, kSide, 0, 3, 0, 2);
  ExportOptions options;
  options.to_frame = 4;
  auto clip = exportWith("layer.exr", {overlay}, true, options);
  ASSERT_TRUE(clip.ok()) << clip.error();
  const auto linear =
      testing::expectedPixels(colourOf(overlay), std::string(kColorSpaceSceneLinear));
  for (std::size_t i = 0; i < 4; ++i) {
    const auto image = testing::readExr(clip->files[i], /*alpha=*/true);
    ASSERT_NE(image.header.channels().findChannel("A"), nullptr);
    const double fade = OverlayTiming::of(overlay).opacityAt(static_cast<std::int64_t>(i));
    for (std::size_t pixel = 0; pixel < linear.size() / 3; ++pixel) {
      const double alpha = overlay.rgba[pixel * 4 + 3] / 255.0 * fade;
      ASSERT_NEAR(image.rgb[pixel * 4 + 3], alpha, 2e-3) << "image " << i;
      for (std::size_t c = 0; c < 3; ++c) {
        const double expected = linear[pixel * 3 + c] * alpha;
        ASSERT_NEAR(image.rgb[pixel * 4 + c], expected, 2e-3 + expected * 2e-3) << "image " << i;
      }
    }
  }
}

TEST_F(OverlayExportTest, OverlaysOnlyMovIsProRes4444WithAnAlphaPlane) {
  const auto overlay = patternOverlay(kSide, kSide, 3, 9, 3, 0);
  auto clip = exportWith("layer.mov", {overlay}, true);
  ASSERT_TRUE(clip.ok()) << clip.error();
  EXPECT_EQ(clip->codec, ExportCodec::ProRes4444);
  auto facts = export_internal::probeMedia(clip->files[0]);
  ASSERT_TRUE(facts.ok()) << facts.error();
  EXPECT_EQ(facts->codec, "prores");
  EXPECT_EQ(facts->profile, "4444");
  // Encoded from yuva444p10le; FFmpeg's ProRes decoder gives 4444 back at 12 bits.
  EXPECT_EQ(facts->pixel_format.rfind("yuva444p1", 0), 0u) << facts->pixel_format;
  EXPECT_EQ(facts->frames, 16);
  const auto decoded = testing::decodeAll(clip->files[0], /*alpha=*/true);
  ASSERT_EQ(decoded.frames.size(), 16u);
  for (std::size_t i = 0; i < decoded.frames.size(); ++i) {
    const double fade = OverlayTiming::of(overlay).opacityAt(static_cast<std::int64_t>(i));
    double worst = 0;
    for (std::size_t v = 0; v < decoded.frames[i].size(); v += 4) {
      const double expected = overlay.rgba[v + 3] / 255.0 * fade;
      worst = std::max(worst, std::abs(decoded.frames[i][v + 3] / 65535.0 - expected));
    }
    EXPECT_LT(worst, fade > 0 ? 0.01 : 1e-9) << "frame " << i;
  }
  // Where the title is solid, its colour is what the picture's would be (Rec.709 video).
  const auto video = testing::expectedPixels(colourOf(overlay), std::string(kColorSpaceVideo));
  const auto& solid = decoded.frames[6];
  for (std::size_t pixel = 0; pixel < video.size() / 3; ++pixel) {
    if (overlay.rgba[pixel * 4 + 3] < 128) continue;
    for (std::size_t c = 0; c < 3; ++c) {
      ASSERT_NEAR(solid[pixel * 4 + c] / 65535.0, video[pixel * 3 + c], 0.02) << "pixel " << pixel;
    }
  }
  auto verified = verifyClip(clip->files[0]);
  ASSERT_TRUE(verified.ok()) << verified.error();
  EXPECT_TRUE(verified->matches) << verified->verdict;
}

TEST_F(OverlayExportTest, OverlaysOnlyNeedsAFormatWithAlpha) {
  const auto overlay = patternOverlay(8, 8, 0, 4);
  for (const char* name : {"layer.mp4", "layer.mkv"}) {
    auto clip = exportWith(name, {overlay}, true);
    ASSERT_FALSE(clip.ok()) << name;
    EXPECT_NE(clip.error().find("needs a format with alpha: PNG or EXR sequences, or ProRes 4444"),
              std::string::npos)
        << clip.error();
    EXPECT_FALSE(fs::exists(folder_.path() / name));
  }
  ExportOptions prores;
  prores.codec = ExportCodec::ProRes422Hq;
  auto clip = exportWith("layer.mov", {overlay}, true, prores);
  ASSERT_FALSE(clip.ok());
  EXPECT_NE(clip.error().find("(not prores)"), std::string::npos) << clip.error();
  clip = exportWith("empty.mov", {}, true);
  ASSERT_FALSE(clip.ok());
  EXPECT_NE(clip.error().find("needs an overlay"), std::string::npos) << clip.error();
  auto broken = overlay;
  broken.rgba.resize(3);
  clip = exportWith("broken.mkv", {broken});
  ASSERT_FALSE(clip.ok());
  EXPECT_NE(clip.error().find("has 3 bytes"), std::string::npos) << clip.error();
}

TEST_F(OverlayExportTest, ManifestAndOtioListTheOverlays) {
  ExportOptions options;
  options.from_frame = 2;
  options.otio = true;
  auto clip = exportWith("shot.mkv", {patternOverlay(8, 8, 4, 10, 2, 3)}, false, options);
  ASSERT_TRUE(clip.ok()) << clip.error();
  const json manifest = json::parse(testing::readText(clip->provenance));
  ASSERT_EQ(manifest["overlays"].size(), 1u);
  const json& listed = manifest["overlays"][0];
  EXPECT_EQ(listed["name"], "title: hello");
  EXPECT_EQ(listed["from_frame"], 4);
  EXPECT_EQ(listed["to_frame"], 10);
  EXPECT_EQ(listed["fade_out_frames"], 3);
  EXPECT_EQ(listed["clip_from_frame"], 2);
  EXPECT_EQ(listed["clip_to_frame"], 8);
  EXPECT_EQ(manifest["settings"]["overlays_only"], false);

  const json timeline = json::parse(testing::readText(clip->otio));
  const json& tracks = timeline["tracks"]["children"];
  ASSERT_EQ(tracks.size(), 2u);
  EXPECT_EQ(tracks[0]["children"][0]["media_references"]["DEFAULT_MEDIA"]["target_url"],
            "shot.mkv");
  const json& title = tracks[1];
  EXPECT_EQ(title["kind"], "Video");
  EXPECT_EQ(title["name"], "title: hello");
  std::vector<std::string> schemas;
  for (const auto& item : title["children"]) schemas.push_back(item["OTIO_SCHEMA"]);
  EXPECT_EQ(schemas,
            (std::vector<std::string>{"Gap.1", "Transition.1", "Clip.2", "Transition.1", "Gap.1"}));
  EXPECT_EQ(title["children"][0]["source_range"]["duration"]["value"], 2);
  EXPECT_EQ(title["children"][1]["out_offset"]["value"], 2);
  const json& title_clip = title["children"][2];
  EXPECT_EQ(title_clip["source_range"]["duration"]["value"], 6);
  EXPECT_EQ(title_clip["enabled"], false);  // in the picture already
  EXPECT_EQ(title_clip["media_references"]["DEFAULT_MEDIA"]["OTIO_SCHEMA"], "MissingReference.1");
  EXPECT_EQ(title["children"][4]["source_range"]["duration"]["value"], 6);  // to the end
}

TEST_F(OverlayExportTest, OverlaysOnlyOtioPutsTheLayerOverThePicture) {
  ExportOptions options;
  options.otio = true;
  auto clip = exportWith("title.%03d.png", {patternOverlay(8, 8, 0, 5)}, true, options);
  ASSERT_TRUE(clip.ok()) << clip.error();
  const json manifest = json::parse(testing::readText(clip->provenance));
  EXPECT_EQ(manifest["settings"]["overlays_only"], true);
  EXPECT_EQ(manifest["settings"]["visible_label"], "");
  const json timeline = json::parse(testing::readText(clip->otio));
  const json& tracks = timeline["tracks"]["children"];
  ASSERT_EQ(tracks.size(), 2u);
  EXPECT_EQ(tracks[0]["children"][0]["media_references"]["DEFAULT_MEDIA"]["OTIO_SCHEMA"],
            "MissingReference.1");
  const json& layer = tracks[1]["children"][0];
  EXPECT_EQ(layer["OTIO_SCHEMA"], "Clip.2");
  EXPECT_EQ(layer["enabled"], true);
  EXPECT_EQ(layer["source_range"]["duration"]["value"], 5);
  const json& media = layer["media_references"]["DEFAULT_MEDIA"];
  EXPECT_EQ(media["OTIO_SCHEMA"], "ImageSequenceReference.1");
  EXPECT_EQ(media["name_prefix"], "title.");
  EXPECT_EQ(tracks[1]["children"][1]["OTIO_SCHEMA"], "Gap.1");
}

}  // namespace
}  // namespace liveframe
