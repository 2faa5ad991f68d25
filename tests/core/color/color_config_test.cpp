#include <algorithm>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../io/scratch_dir.h"
#include "color_test_support.h"

namespace liveframe {
namespace {

using io::testing::ScratchDir;
using ::testing::ElementsAre;
using testing::hasOneLine;
using testing::ScopedEnv;
using testing::shippedConfig;

// The smallest config OCIO 2.1 accepts: one colour space, one display.
constexpr const char* kTinyConfig = R"(ocio_profile_version: 2
roles:
  default: raw
  scene_linear: raw
  data: raw
file_rules:
  - !<Rule> {name: Default, colorspace: default}
displays:
  Tiny:
    - !<View> {name: Raw, colorspace: raw}
colorspaces:
  - !<ColorSpace> {name: raw, isdata: true}
)";

std::filesystem::path writeText(const ScratchDir& dir, const std::string& name,
                                const std::string& text) {
  std::ofstream(dir / name) << text;
  return dir / name;
}

TEST(ColorConfigTest, ShippedConfigOffersDisplaysViewsAndSpaces) {
  const ColorConfigPtr config = testing::loadShipped();
  ASSERT_TRUE(config);
  EXPECT_EQ(config->path(), shippedConfig());
  EXPECT_TRUE(config->note().empty());
  EXPECT_FALSE(config->cacheId().empty());
  EXPECT_THAT(config->displays(), ElementsAre("sRGB", "Rec.1886 / Rec.709 Video"));
  for (const std::string& display : config->displays()) {
    EXPECT_THAT(config->views(display), ElementsAre("Standard", "Film", "Raw")) << display;
    EXPECT_EQ(config->defaultView(display), "Standard");
  }
  EXPECT_EQ(config->defaultDisplay(), "sRGB");
  for (std::string_view space : {kColorSpaceModelOutput, kColorSpaceSceneLinear, kColorSpaceVideo,
                                 kColorSpaceAcescg, kColorSpaceRaw}) {
    EXPECT_TRUE(config->hasColorSpace(space)) << space;
    EXPECT_NE(std::find(config->colorSpaces().begin(), config->colorSpaces().end(), space),
              config->colorSpaces().end())
        << space;
  }
  EXPECT_EQ(config->modelOutputSpace(), kColorSpaceModelOutput);
  EXPECT_TRUE(config->views("No Such Display").empty());
  EXPECT_EQ(config->defaultView("No Such Display"), "");
}

TEST(ColorConfigTest, DefaultsToTheShippedConfig) {
  ScopedEnv no_ocio("OCIO", std::nullopt);
  Result<ColorConfigPtr> config = ColorConfig::load();
  ASSERT_TRUE(config.ok()) << config.error();
  EXPECT_EQ(config.value()->path(), ColorConfig::shippedConfigPath());
  EXPECT_TRUE(config.value()->note().empty());
}

TEST(ColorConfigTest, HonoursOcioVariable) {
  ScratchDir dir;
  ScopedEnv ocio("OCIO", writeText(dir, "tiny.ocio", kTinyConfig).string());
  Result<ColorConfigPtr> config = ColorConfig::load();
  ASSERT_TRUE(config.ok()) << config.error();
  EXPECT_EQ(config.value()->path(), dir / "tiny.ocio");
  EXPECT_TRUE(config.value()->note().empty());
  EXPECT_THAT(config.value()->displays(), ElementsAre("Tiny"));
  // No sRGB space in it: the model's frames are taken to be in the default role.
  EXPECT_EQ(config.value()->modelOutputSpace(), "raw");
}

TEST(ColorConfigTest, MissingOcioFileFallsBackWithANote) {
  ScopedEnv ocio("OCIO", "/nonexistent/missing.ocio");
  Result<ColorConfigPtr> config = ColorConfig::load();
  ASSERT_TRUE(config.ok()) << config.error();
  EXPECT_EQ(config.value()->path(), ColorConfig::shippedConfigPath());
  const std::string& note = config.value()->note();
  EXPECT_TRUE(hasOneLine(note));
  EXPECT_NE(note.find("/nonexistent/missing.ocio"), std::string::npos) << note;
  EXPECT_NE(note.find("shipped config"), std::string::npos) << note;
}

TEST(ColorConfigTest, BrokenOcioFileFallsBackWithANote) {
  ScratchDir dir;
  ScopedEnv ocio("OCIO",
                 writeText(dir, "broken.ocio", "ocio_profile_version: 2\nroles: [\n").string());
  Result<ColorConfigPtr> config = ColorConfig::load();
  ASSERT_TRUE(config.ok()) << config.error();
  EXPECT_EQ(config.value()->path(), ColorConfig::shippedConfigPath());
  EXPECT_TRUE(hasOneLine(config.value()->note())) << config.value()->note();
  EXPECT_NE(config.value()->note().find("broken.ocio"), std::string::npos);
}

TEST(ColorConfigTest, MissingExplicitPathIsAnError) {
  ScopedEnv no_ocio("OCIO", std::nullopt);
  Result<ColorConfigPtr> config = ColorConfig::load("/nonexistent/config.ocio");
  ASSERT_FALSE(config.ok());
  EXPECT_TRUE(hasOneLine(config.error()));
  EXPECT_EQ(config.error(), "OCIO config not found: /nonexistent/config.ocio");
}

TEST(ColorConfigTest, BrokenExplicitConfigIsAOneLineError) {
  ScratchDir dir;
  // Valid YAML, but the view names a colour space the config lacks.
  std::string text = kTinyConfig;
  text.replace(text.find("colorspace: raw}"), 16, "colorspace: nowhere}");
  Result<ColorConfigPtr> config = ColorConfig::load(writeText(dir, "bad.ocio", text));
  ASSERT_FALSE(config.ok());
  EXPECT_TRUE(hasOneLine(config.error())) << config.error();
  EXPECT_NE(config.error().find("bad.ocio"), std::string::npos) << config.error();
}

}  // namespace
}  // namespace liveframe
