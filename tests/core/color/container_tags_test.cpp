#include <gtest/gtest.h>

#include "color_test_support.h"

namespace liveframe {
namespace {

TEST(ContainerTagsTest, ModelOutputIsSrgb) {
  const ContainerColorTags tags = containerColorTags(kColorSpaceModelOutput);
  EXPECT_EQ(tags.primaries, "bt709");
  EXPECT_EQ(tags.transfer, "iec61966-2-1");
  EXPECT_EQ(tags.matrix, "bt709");
  EXPECT_EQ(tags.range, "tv");
}

TEST(ContainerTagsTest, ExportSpaces) {
  EXPECT_EQ(containerColorTags(kColorSpaceVideo).transfer, "bt709");
  EXPECT_EQ(containerColorTags(kColorSpaceVideo).primaries, "bt709");
  EXPECT_EQ(containerColorTags(kColorSpaceSceneLinear).transfer, "linear");
  EXPECT_EQ(containerColorTags(kColorSpaceSceneLinear).primaries, "bt709");
  EXPECT_EQ(containerColorTags(kColorSpaceAcescg).primaries, "unknown");  // FFmpeg has no AP1
  EXPECT_EQ(containerColorTags(kColorSpaceAcescg).transfer, "linear");
}

TEST(ContainerTagsTest, OtherSpacesAreUnknown) {
  for (std::string_view space :
       {kColorSpaceRaw, std::string_view("Nowhere"), std::string_view("")}) {
    const ContainerColorTags tags = containerColorTags(space);
    EXPECT_EQ(tags.primaries, "unknown") << space;
    EXPECT_EQ(tags.transfer, "unknown") << space;
    EXPECT_EQ(tags.matrix, "unknown") << space;
    EXPECT_EQ(tags.range, "unknown") << space;
  }
}

// Every colour space the shipped config has is in the table, so export never tags a shipped
// space "unknown" by an oversight (Raw is data, so it is unknown on purpose).
TEST(ContainerTagsTest, CoversTheShippedConfig) {
  const ColorConfigPtr config = testing::loadShipped();
  ASSERT_TRUE(config);
  for (const std::string& space : config->colorSpaces()) {
    if (space == kColorSpaceRaw) continue;
    const ContainerColorTags tags = containerColorTags(space);
    EXPECT_FALSE(tags.transfer == "unknown" && tags.primaries == "unknown") << space;
  }
}

}  // namespace
}  // namespace liveframe
