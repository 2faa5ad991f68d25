// The timeline and export flow in the real window (issue P4): open a recorded session, scrub,
// set in/out with keys, export through the dialog, watch the progress reach 100%, and check
// the clip with `liveframe verify`.
#include <gtest/gtest.h>

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

#include "studio_harness.h"
#include "title_layer.h"

namespace liveframe {
namespace {

using test::StudioHarness;

struct CliRun {
  int exit_code = -1;
  QString out, err;
};

CliRun runCli(const QStringList& arguments) {
  QProcess process;
  process.start(QStringLiteral(LIVEFRAME_CLI), arguments);
  CliRun run;
  if (!process.waitForFinished(120000)) return run;
  run.exit_code = process.exitCode();
  run.out = QString::fromUtf8(process.readAllStandardOutput());
  run.err = QString::fromUtf8(process.readAllStandardError());
  return run;
}

class TimelineExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.isValid());
    session_ = dir_.filePath(QStringLiteral("take.lfsession"));
    const CliRun recorded = runCli({QStringLiteral("run"), QStringLiteral("--random-weights"),
                                    QStringLiteral("--threads"), QStringLiteral("1"),
                                    QStringLiteral("--fps"), QStringLiteral("0"),
                                    QStringLiteral("--frames"), QStringLiteral("30"),
                                    QStringLiteral("--quiet"), QStringLiteral("--prompt"),
                                    QStringLiteral("desert at dawn"), QStringLiteral("--record"),
                                    session_});
    ASSERT_EQ(recorded.exit_code, 0) << recorded.err.toStdString();
    ASSERT_TRUE(studio_.ok());
    studio_.controller().setRecordFolder(dir_.path());
    studio_.timeline().open(session_);
    ASSERT_TRUE(studio_.waitFor([&] { return studio_.timeline().loaded(); }))
        << studio_.controller().errorMessage().toStdString();
  }

  QTemporaryDir dir_;
  QString session_;
  StudioHarness studio_;
};

TEST_F(TimelineExportTest, OpeningASessionShowsItsFramesAndMarkers) {
  EXPECT_EQ(studio_.timeline().frameCount(), 30);
  auto* viewport = studio_.find<QQuickItem>("viewport");
  EXPECT_TRUE(viewport->property("showRecording").toBool()) << "the viewport still shows live";
  EXPECT_TRUE(studio_.find<QQuickItem>("timelinePanel")->isVisible());
  bool prompt_marker = false;
  for (const QVariant& marker : studio_.timeline().markers()) {
    const QVariantMap m = marker.toMap();
    if (m.value(QStringLiteral("type")).toString() == QLatin1String("prompt") &&
        m.value(QStringLiteral("text")).toString() == QLatin1String("desert at dawn")) {
      prompt_marker = true;
    }
  }
  EXPECT_TRUE(prompt_marker);
  // The viewport shows the recorded frame under the playhead.
  ASSERT_TRUE(studio_.waitFor([&] {
    return studio_.timeline().displayLink()->presentedFrames() > 0;
  }));
  EXPECT_EQ(studio_.timeline().displayLink()->presentedFrameIndex(),
            studio_.timeline().session()->frames().front().frame_index);
}

TEST_F(TimelineExportTest, ScrubbingPlayingAndInOutWithKeys) {
  auto* track = studio_.find<QQuickItem>("timelineTrack");
  ASSERT_NE(track, nullptr);
  const QPointF middle = track->mapToScene(QPointF(track->width() / 2, track->height() / 2));
  QTest::mouseClick(studio_.window(), Qt::LeftButton, {}, middle.toPoint());
  EXPECT_NEAR(studio_.timeline().playhead(), 15, 1);
  const int in = studio_.timeline().playhead();
  studio_.key(Qt::Key_I, Qt::ControlModifier);
  for (int i = 0; i < 5; ++i) studio_.key(Qt::Key_Period, Qt::ControlModifier);
  studio_.key(Qt::Key_O, Qt::ControlModifier);
  EXPECT_EQ(studio_.timeline().inPoint(), in);
  EXPECT_EQ(studio_.timeline().outPoint(), in + 6);
  // The viewport follows the playhead.
  const std::int64_t wanted = studio_.timeline().session()->frames()[in + 5].frame_index;
  EXPECT_TRUE(studio_.waitFor([&] {
    return studio_.timeline().displayLink()->presentedFrameIndex() == wanted;
  }));
  // Play runs from the in point to the out point and stops there.
  studio_.timeline().seek(in);
  studio_.key(Qt::Key_P, Qt::ControlModifier);
  EXPECT_TRUE(studio_.timeline().playing());
  ASSERT_TRUE(studio_.waitFor([&] { return !studio_.timeline().playing(); },
                              std::chrono::seconds(20)));
  EXPECT_EQ(studio_.timeline().playhead(), in + 5);
}

TEST_F(TimelineExportTest, TheExportDialogWritesAClipThatVerifies) {
  studio_.timeline().seek(4);
  studio_.key(Qt::Key_I, Qt::ControlModifier);
  studio_.timeline().seek(15);
  studio_.key(Qt::Key_O, Qt::ControlModifier);
  studio_.key(Qt::Key_E, Qt::ControlModifier);
  auto* dialog = studio_.find<QObject>("exportDialog");
  ASSERT_NE(dialog, nullptr);
  ASSERT_TRUE(studio_.waitFor([&] { return dialog->property("opened").toBool(); },
                              std::chrono::seconds(10)));
  auto* path = studio_.find<QQuickItem>("exportPath");
  ASSERT_NE(path, nullptr);
  const QString clip = dir_.filePath(QStringLiteral("range.mp4"));
  path->setProperty("text", clip);
  auto* start = studio_.find<QQuickItem>("startExportButton");
  ASSERT_NE(start, nullptr);
  ASSERT_TRUE(studio_.waitFor([&] { return start->isVisible() && start->width() > 0; }));
  const QPointF centre = start->mapToScene(QPointF(start->width() / 2, start->height() / 2));
  QTest::mouseClick(studio_.window(), Qt::LeftButton, {}, centre.toPoint());
  ASSERT_TRUE(studio_.waitFor([&] { return !studio_.timeline().exportResult().isEmpty(); }))
      << studio_.controller().errorMessage().toStdString();
  EXPECT_DOUBLE_EQ(studio_.timeline().exportProgress(), 1.0);
  EXPECT_EQ(studio_.timeline().exportResult(), clip);
  EXPECT_TRUE(QFileInfo::exists(clip));
  EXPECT_TRUE(QFileInfo::exists(clip + QStringLiteral(".provenance.json")) ||
              QFileInfo::exists(dir_.filePath(QStringLiteral("range.provenance.json"))));
  const CliRun verified = runCli({QStringLiteral("verify"), clip});
  EXPECT_EQ(verified.exit_code, 0) << verified.out.toStdString() << verified.err.toStdString();
  // In at 4, out after 15: frames 4..15.
  EXPECT_TRUE(verified.out.contains(QStringLiteral("12 frames"))) << verified.out.toStdString();
  EXPECT_EQ(studio_.controller().errorMessage().toStdString(), "");
}

// Exports with the dialog's settings by calling the timeline as the dialog does; waits.
bool exportAndWait(StudioHarness& studio, const QString& output, const QString& codec,
                   const QVariantMap& options) {
  if (!studio.timeline().exportClip(output, codec, options)) return false;
  return studio.waitFor([&] { return !studio.timeline().exporting(); }) &&
         !studio.timeline().exportResult().isEmpty();
}

TEST_F(TimelineExportTest, TheTitleLayerIsPreviewedCompositedAndExportedAlone) {
  auto* title = studio_.timeline().title();
  title->setProperty("text", QStringLiteral("LIVEFRAME"));
  title->setProperty("enabled", true);
  title->setProperty("inPoint", 5);
  title->setProperty("outPoint", 20);
  title->setProperty("fadeSeconds", 0.0);
  title->setProperty("size", 0.2);
  // Preview: shown inside [in, out), hidden outside.
  auto* preview = studio_.find<QQuickItem>("titlePreview");
  ASSERT_NE(preview, nullptr);
  studio_.timeline().seek(10);
  EXPECT_TRUE(studio_.waitFor([&] { return preview->isVisible() && preview->opacity() > 0.99; }));
  studio_.timeline().seek(25);
  EXPECT_TRUE(studio_.waitFor([&] { return preview->opacity() < 0.01; }));

  // Composited into a lossless PNG sequence: the title's pixels change, the rest do not.
  studio_.timeline().seek(8);
  studio_.timeline().setInPoint();
  studio_.timeline().seek(11);
  studio_.timeline().setOutPoint();
  const QString plain = dir_.filePath(QStringLiteral("plain.png"));
  const QString titled = dir_.filePath(QStringLiteral("titled.png"));
  const QString alone = dir_.filePath(QStringLiteral("alone.png"));
  title->setProperty("enabled", false);
  ASSERT_TRUE(exportAndWait(studio_, plain, QStringLiteral("png"), {}))
      << studio_.controller().errorMessage().toStdString();
  title->setProperty("enabled", true);
  ASSERT_TRUE(exportAndWait(studio_, titled, QStringLiteral("png"), {}))
      << studio_.controller().errorMessage().toStdString();
  ASSERT_TRUE(exportAndWait(studio_, alone, QStringLiteral("png"),
                            {{QStringLiteral("titleOnly"), true}}))
      << studio_.controller().errorMessage().toStdString();
  auto first = [&](const QString& base) {
    QDir dir(dir_.path());
    const auto files = dir.entryList({QFileInfo(base).completeBaseName() + QStringLiteral("*.png")},
                                     QDir::Files, QDir::Name);
    return files.isEmpty() ? QImage() : QImage(dir.filePath(files.front()));
  };
  const QImage a = first(plain), b = first(titled), c = first(alone);
  ASSERT_FALSE(a.isNull());
  ASSERT_FALSE(b.isNull());
  ASSERT_FALSE(c.isNull());
  int changed_in_band = 0, changed_elsewhere = 0, opaque = 0, transparent_elsewhere = 0;
  for (int y = 0; y < a.height(); ++y) {
    const bool band = std::abs(y - 0.82 * a.height()) < 0.15 * a.height();
    for (int x = 0; x < a.width(); ++x) {
      const bool differs = a.pixel(x, y) != b.pixel(x, y);
      (band ? changed_in_band : changed_elsewhere) += differs ? 1 : 0;
      const int alpha = qAlpha(c.pixel(x, y));
      if (band && alpha == 255) ++opaque;
      if (!band && alpha == 0) ++transparent_elsewhere;
    }
  }
  EXPECT_GT(changed_in_band, 200) << "the title is not in the export";
  EXPECT_EQ(changed_elsewhere, 0) << "the title touched pixels far from it";
  EXPECT_TRUE(c.hasAlphaChannel());
  EXPECT_GT(opaque, 100) << "the title layer has no opaque text";
  EXPECT_GT(transparent_elsewhere, a.width() * a.height() / 2) << "the layer is not transparent";
}

TEST_F(TimelineExportTest, SessionsAreListedAndDeletedOnlyWhenTheyAreSessions) {
  studio_.timeline().refreshSessions(dir_.path());
  ASSERT_EQ(studio_.timeline().sessions().size(), 1);
  EXPECT_EQ(QFileInfo(studio_.timeline().sessions().front()).fileName().toStdString(),
            "take.lfsession");
  const QString other = dir_.filePath(QStringLiteral("notes"));
  QDir().mkpath(other);
  EXPECT_FALSE(studio_.timeline().deleteSession(other));
  EXPECT_TRUE(QFileInfo::exists(other));
  EXPECT_TRUE(studio_.timeline().deleteSession(session_));
  EXPECT_FALSE(QFileInfo::exists(session_));
  EXPECT_FALSE(studio_.timeline().loaded());
  EXPECT_TRUE(studio_.timeline().sessions().isEmpty());
}

}  // namespace
}  // namespace liveframe
