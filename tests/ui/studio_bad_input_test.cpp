// Bad input in the studio: each gives a visible message; the stream keeps running or stops
// cleanly; nothing crashes (issue P3).
#include <gtest/gtest.h>

#include <QTemporaryDir>

#include <fstream>
#include <string>

#include "studio_harness.h"

namespace liveframe {
namespace {

using test::StudioHarness;

bool bannerShows(const StudioHarness& studio, const char* banner, const std::string& needle) {
  auto* item = studio.find<QQuickItem>(banner);
  if (item == nullptr || !item->isVisible()) return false;
  return item->property("message").toString().toStdString().find(needle) != std::string::npos;
}

TEST(StudioBadInput, AModelThatFailsToLoadIsShownAndTheWindowStays) {
  auto options = test::quickStudioOptions();
  options.engine.model = "/nonexistent/weights.safetensors";
  options.engine.random_weights = false;
  StudioHarness studio(options);
  ASSERT_TRUE(studio.ok());
  ASSERT_TRUE(studio.waitFor([&] { return !studio.controller().errorMessage().isEmpty(); }));
  EXPECT_TRUE(bannerShows(studio, "errorBanner", "Could not load the model"))
      << studio.controller().errorMessage().toStdString();
  EXPECT_NE(studio.controller().errorMessage().toStdString().find("/nonexistent/weights.safetensors"),
            std::string::npos);
  EXPECT_FALSE(studio.controller().streaming());
  EXPECT_FALSE(studio.controller().applyPrompt(QStringLiteral("ocean")));  // no crash, a message
  // The user can pick a working model from the same window.
  studio.controller().loadModel(QStringLiteral("sketch"));
  EXPECT_TRUE(studio.waitFor([&] { return studio.controller().streaming(); }));
}

TEST(StudioBadInput, ACorruptModelFileIsShown) {
  QTemporaryDir dir;
  const std::string path = dir.filePath(QStringLiteral("broken.safetensors")).toStdString();
  std::ofstream(path) << "this is not a safetensors file";
  auto options = test::quickStudioOptions();
  options.engine.model = path;
  options.engine.random_weights = false;
  StudioHarness studio(options);
  ASSERT_TRUE(studio.waitFor([&] { return !studio.controller().errorMessage().isEmpty(); }));
  EXPECT_TRUE(bannerShows(studio, "errorBanner", "broken.safetensors"))
      << studio.controller().errorMessage().toStdString();
}

TEST(StudioBadInput, AMissingOcioConfigFallsBackToTheShippedOneWithANote) {
  qputenv("OCIO", "/missing/config.ocio");
  StudioHarness studio;
  qunsetenv("OCIO");
  ASSERT_TRUE(studio.ok());
  EXPECT_TRUE(bannerShows(studio, "noticeBanner", "/missing/config.ocio"))
      << studio.controller().notice().toStdString();
  EXPECT_FALSE(studio.controller().ocioDisplays().isEmpty());
  ASSERT_TRUE(studio.waitFor([&] { return studio.controller().streaming(); }));
  EXPECT_TRUE(studio.waitForPresentedFrames(3));
}

TEST(StudioBadInput, AnExplicitMissingOcioConfigIsAnErrorButTheViewportStillWorks) {
  auto options = test::quickStudioOptions();
  options.ocio_config = "/missing/explicit.ocio";
  StudioHarness studio(options);
  ASSERT_TRUE(studio.ok());
  EXPECT_TRUE(bannerShows(studio, "errorBanner", "explicit.ocio"))
      << studio.controller().errorMessage().toStdString();
  EXPECT_FALSE(studio.controller().ocioDisplays().isEmpty());
  ASSERT_TRUE(studio.waitFor([&] { return studio.controller().streaming(); }));
  EXPECT_TRUE(studio.waitForPresentedFrames(3));
}

TEST(StudioBadInput, AnUnwritableRecordFolderIsShownAndStreamingGoesOn) {
  QTemporaryDir dir;
  const QString file = dir.filePath(QStringLiteral("a-file"));
  std::ofstream(file.toStdString()) << "x";
  auto options = test::quickStudioOptions();
  options.record_folder = (file + QStringLiteral("/recordings")).toStdString();  // ENOTDIR
  StudioHarness studio(options);
  ASSERT_TRUE(studio.waitFor([&] { return studio.controller().streaming(); }));
  studio.key(Qt::Key_R, Qt::ControlModifier);
  EXPECT_FALSE(studio.controller().recording());
  EXPECT_TRUE(bannerShows(studio, "errorBanner", "Cannot record"))
      << studio.controller().errorMessage().toStdString();
  EXPECT_TRUE(studio.waitForPresentedFrames(3)) << "the stream stopped";
  EXPECT_TRUE(studio.controller().streaming());
}

TEST(StudioBadInput, AnEnormousOrEmptyPromptIsRefusedWithAMessageAndTheStreamGoesOn) {
  StudioHarness studio;
  ASSERT_TRUE(studio.waitFor([&] { return studio.controller().streaming(); }));
  auto* editor = studio.find<QQuickItem>("promptEditor");
  ASSERT_NE(editor, nullptr);
  const QString before_id = studio.controller().lastPromptEventId();
  editor->forceActiveFocus();
  editor->setProperty("text", QString(100 * 1024, QLatin1Char('a')));
  studio.key(Qt::Key_Return);
  EXPECT_EQ(studio.controller().lastPromptEventId(), before_id);
  EXPECT_TRUE(bannerShows(studio, "errorBanner", "Prompt not applied"))
      << studio.controller().errorMessage().toStdString();
  studio.controller().clearError();
  editor->setProperty("text", QString());
  studio.key(Qt::Key_Return);
  EXPECT_EQ(studio.controller().lastPromptEventId(), before_id);
  EXPECT_TRUE(bannerShows(studio, "errorBanner", "Prompt not applied"));
  EXPECT_TRUE(studio.waitForPresentedFrames(3)) << "the stream stopped";
}

}  // namespace
}  // namespace liveframe
