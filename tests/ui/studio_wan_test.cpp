// The studio pointed at a Wan model folder (issue P5): a complete folder streams into the
// viewport at the folder's frame size and takes any text; a folder missing a file says which
// one and where it was looked for.
// libtorch's headers first: Qt's `slots` macro breaks them.
#include "tiny_wan_folder.h"

#include <gtest/gtest.h>

#include <QTemporaryDir>

#include <filesystem>
#include <string>

#include "studio_harness.h"

namespace liveframe {
namespace {

using test::StudioHarness;
namespace fs = std::filesystem;

ui::StudioOptions wanOptions(const fs::path& folder) {
  auto options = test::quickStudioOptions();
  options.engine.model = folder.string();
  options.engine.random_weights = false;
  options.engine.width = wan::tiny::kTinyWidth;
  options.engine.height = wan::tiny::kTinyHeight;
  options.engine.initial_prompt = "a red ball over the ocean";
  return options;
}

TEST(StudioWan, AWanFolderStreamsIntoTheViewportAndTakesAnyText) {
  QTemporaryDir dir;
  const fs::path folder = wan::tiny::writeTinyWanFolder(dir.filePath(QStringLiteral("wan")).toStdString(),
                                                        {wan::tiny::TinyGenerator::kSelfForcing, true});
  StudioHarness studio(wanOptions(folder));
  ASSERT_TRUE(studio.ok());
  ASSERT_TRUE(studio.waitFor([&] { return studio.controller().streaming(); }))
      << studio.controller().errorMessage().toStdString();
  EXPECT_EQ(studio.controller().frameWidth(), wan::tiny::kTinyWidth);
  EXPECT_EQ(studio.controller().frameHeight(), wan::tiny::kTinyHeight);
  EXPECT_FALSE(studio.controller().acceptsActions());
  EXPECT_TRUE(studio.controller().vocabulary().isEmpty());
  EXPECT_NE(studio.controller().modelDescription().toStdString().find("Self-Forcing"),
            std::string::npos);
  EXPECT_TRUE(studio.waitForPresentedFrames(12));
  EXPECT_TRUE(studio.controller().applyPrompt(QStringLiteral("a blue robot in a neon city")));
  EXPECT_TRUE(studio.waitForPresentedFrames(12));
  EXPECT_TRUE(studio.controller().errorMessage().isEmpty())
      << studio.controller().errorMessage().toStdString();
}

TEST(StudioWan, AFolderMissingAFileNamesItAndWhereItWasLookedFor) {
  QTemporaryDir dir;
  const fs::path folder = wan::tiny::writeTinyWanFolder(dir.filePath(QStringLiteral("wan")).toStdString());
  fs::remove(folder / "Wan2.1_VAE.pth");
  StudioHarness studio(wanOptions(folder));
  ASSERT_TRUE(studio.ok());
  ASSERT_TRUE(studio.waitFor([&] { return !studio.controller().errorMessage().isEmpty(); }));
  const std::string message = studio.controller().errorMessage().toStdString();
  EXPECT_NE(message.find("missing the Wan VAE decoder: Wan2.1_VAE.pth"), std::string::npos)
      << message;
  EXPECT_NE(message.find((folder / "wan_models/Wan2.1-T2V-1.3B/Wan2.1_VAE.pth").string()),
            std::string::npos)
      << message;
  EXPECT_FALSE(studio.controller().streaming());
}

}  // namespace
}  // namespace liveframe
