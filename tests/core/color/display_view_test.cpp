#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "color_test_support.h"

namespace liveframe {
namespace {

using testing::hasOneLine;
using testing::request;
using testing::srgbDecode;

constexpr const char* kVideoDisplay = "Rec.1886 / Rec.709 Video";

std::vector<std::uint8_t> grayRamp() {
  std::vector<std::uint8_t> rgb;
  for (int code = 0; code < 256; ++code) rgb.insert(rgb.end(), 3, static_cast<std::uint8_t>(code));
  return rgb;
}

std::vector<std::uint8_t> show(const ColorConfig& config, const DisplayViewRequest& request,
                               const std::vector<std::uint8_t>& rgb) {
  Result<ColorProcessorPtr> processor = config.displayProcessor(request);
  EXPECT_TRUE(processor.ok()) << processor.error();
  std::vector<std::uint8_t> out(rgb.size());
  if (processor.ok()) {
    EXPECT_TRUE(processor.value()->apply(rgb, out).ok());
  }
  return out;
}

class DisplayViewTest : public ::testing::Test {
 protected:
  ColorConfigPtr config_ = testing::loadShipped();
};

TEST_F(DisplayViewTest, StandardOnSrgbShowsFramesAsMade) {
  Result<ColorProcessorPtr> processor = config_->displayProcessor({});  // the defaults
  ASSERT_TRUE(processor.ok()) << processor.error();
  EXPECT_EQ(processor.value()->description(), "sRGB - Texture -> sRGB / Standard");
  EXPECT_EQ(show(*config_, request("sRGB", "Standard"), grayRamp()), grayRamp());
  EXPECT_EQ(show(*config_, request("sRGB", "Raw"), grayRamp()), grayRamp());
  EXPECT_EQ(show(*config_, request(kVideoDisplay, "Raw"), grayRamp()), grayRamp());
}

TEST_F(DisplayViewTest, StandardOnRec1886IsTheSameLight) {
  const std::vector<std::uint8_t> out =
      show(*config_, request(kVideoDisplay, "Standard"), grayRamp());
  for (int code = 0; code < 256; ++code) {
    const double expected = 255.0 * std::pow(srgbDecode(code / 255.0), 1.0 / 2.4);
    EXPECT_NEAR(out[code * 3], expected, 0.51) << code;
  }
}

TEST_F(DisplayViewTest, FilmRollsOffHighlightsAndKeepsBlack) {
  const std::vector<std::uint8_t> film = show(*config_, request("sRGB", "Film"), grayRamp());
  EXPECT_LE(film[0], 1);
  EXPECT_GT(film[255 * 3], 200);
  EXPECT_LT(film[255 * 3], 250) << "scene 1.0 is below display white under Film";
  for (int code = 1; code < 256; ++code) EXPECT_GE(film[code * 3], film[(code - 1) * 3]) << code;
  EXPECT_NE(film, grayRamp());
}

TEST_F(DisplayViewTest, ExposureBrightensAndZeroIsNoChange) {
  const std::vector<std::uint8_t> mid = {118, 118, 118};  // scene-linear 0.18
  const std::uint8_t plain = show(*config_, request("sRGB", "Film"), mid)[0];
  EXPECT_EQ(show(*config_, request("sRGB", "Film", 0.0), mid)[0], plain);
  const std::uint8_t brighter = show(*config_, request("sRGB", "Film", 1.0), mid)[0];
  const std::uint8_t darker = show(*config_, request("sRGB", "Film", -1.0), mid)[0];
  EXPECT_GT(brighter, plain + 10);
  EXPECT_LT(darker + 10, plain);
  // Video-style exposure scales code values by 2^(0.54 * stops) (OCIO's video gamma).
  EXPECT_NEAR(show(*config_, request("sRGB", "Standard", 1.0), mid)[0], 118 * std::pow(2.0, 0.54),
              1.0);
  Result<ColorProcessorPtr> processor = config_->displayProcessor(request("sRGB", "Film", 1.5));
  ASSERT_TRUE(processor.ok());
  EXPECT_EQ(processor.value()->description(), "sRGB - Texture -> sRGB / Film, exposure +1.5");
}

TEST_F(DisplayViewTest, UnknownNamesAreOneLineErrors) {
  Result<ColorProcessorPtr> display = config_->displayProcessor(request("Cinema", "Film"));
  ASSERT_FALSE(display.ok());
  EXPECT_TRUE(hasOneLine(display.error()));
  EXPECT_EQ(display.error(),
            "OCIO: unknown display 'Cinema' (the config has: sRGB, Rec.1886 / Rec.709 Video)");

  Result<ColorProcessorPtr> view = config_->displayProcessor(request("sRGB", "Log"));
  ASSERT_FALSE(view.ok());
  EXPECT_EQ(view.error(),
            "OCIO: unknown view 'Log' for display 'sRGB' (it has: Standard, Film, Raw)");

  DisplayViewRequest request;
  request.source = "Nowhere";
  Result<ColorProcessorPtr> source = config_->displayProcessor(request);
  ASSERT_FALSE(source.ok());
  EXPECT_TRUE(hasOneLine(source.error()));
  EXPECT_NE(source.error().find("'Nowhere'"), std::string::npos) << source.error();
}

TEST_F(DisplayViewTest, ConversionsForExport) {
  Result<ColorProcessorPtr> to_linear =
      config_->conversion(kColorSpaceModelOutput, kColorSpaceSceneLinear);
  ASSERT_TRUE(to_linear.ok()) << to_linear.error();
  const std::vector<std::uint8_t> ramp = grayRamp();
  std::vector<float> linear(ramp.size());
  ASSERT_TRUE(to_linear.value()->apply(ramp, linear).ok());
  for (int code = 0; code < 256; ++code) {
    EXPECT_NEAR(linear[code * 3], srgbDecode(code / 255.0), 1e-4) << code;
  }
  EXPECT_EQ(linear[0], 0.0f);
  EXPECT_NEAR(linear[255 * 3], 1.0f, 1e-6);

  Result<ColorProcessorPtr> to_video =
      config_->conversion(kColorSpaceModelOutput, kColorSpaceVideo);
  ASSERT_TRUE(to_video.ok()) << to_video.error();
  std::vector<float> video = {0.5f, 0.25f, 1.0f};
  ASSERT_TRUE(to_video.value()->apply(video, video).ok());  // in place
  for (int i = 0; i < 3; ++i) {
    const double source = std::vector<double>{0.5, 0.25, 1.0}[i];
    EXPECT_NEAR(video[i], std::pow(srgbDecode(source), 1.0 / 2.4), 1e-4) << i;
  }

  // Linear Rec.709 red in ACEScg (Bradford D65 -> ACES white); white stays white.
  Result<ColorProcessorPtr> to_acescg =
      config_->conversion(kColorSpaceSceneLinear, kColorSpaceAcescg);
  ASSERT_TRUE(to_acescg.ok()) << to_acescg.error();
  std::vector<float> colors = {1, 0, 0, 1, 1, 1};
  ASSERT_TRUE(to_acescg.value()->apply(colors, colors).ok());
  EXPECT_NEAR(colors[0], 0.6131, 1e-4);
  EXPECT_NEAR(colors[1], 0.0702, 1e-4);
  EXPECT_NEAR(colors[2], 0.0206, 1e-4);
  for (int i = 3; i < 6; ++i) EXPECT_NEAR(colors[i], 1.0f, 1e-5);

  Result<ColorProcessorPtr> unknown = config_->conversion(kColorSpaceModelOutput, "Nowhere");
  ASSERT_FALSE(unknown.ok());
  EXPECT_TRUE(hasOneLine(unknown.error()));
  EXPECT_NE(unknown.error().find("'Nowhere'"), std::string::npos);
}

}  // namespace
}  // namespace liveframe
