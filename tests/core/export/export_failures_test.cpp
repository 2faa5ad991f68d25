// What the world does to an export: a stop request, a full disk, bad options, a session still
// being recorded, a session a crash left behind. A failed export leaves no file.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <fstream>

#include "export_test_support.h"
#include "io/sha256.h"

namespace liveframe {
namespace {

namespace fs = std::filesystem;

// Every file of a folder tree with its SHA-256: a session "untouched" keeps all of them.
std::map<std::string, std::string> fingerprint(const fs::path& folder) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    auto hash = io::sha256File(entry.path());
    files[fs::relative(entry.path(), folder).string()] = hash.ok() ? hash.value() : hash.error();
  }
  return files;
}

class ExportFailureTest : public testing::ExportSessionTest {
 protected:
  void expectError(ExportOptions options, const std::string& name, const std::string& needle) {
    auto clip = exportTo(out_ / name, options);
    ASSERT_FALSE(clip.ok()) << name;
    EXPECT_NE(clip.error().find(needle), std::string::npos) << clip.error();
    EXPECT_EQ(clip.error().find('\n'), std::string::npos) << clip.error();
    EXPECT_TRUE(fs::is_empty(out_)) << testing::folderListing(out_).front();
  }

  const fs::path out_ = [this] {
    fs::create_directories(folder_.path() / "out");
    return folder_.path() / "out";
  }();
};

TEST_F(ExportFailureTest, CancelLeavesNoFile) {
  for (const char* name : {"cancelled.mp4", "cancelled.%05d.exr", "cancelled.mkv"}) {
    std::stop_source stop;
    ExportCallbacks callbacks;
    callbacks.stop = stop.get_token();
    callbacks.progress = [&](const ExportProgress& progress) {
      if (progress.frames_done == 5) stop.request_stop();
    };
    ExportOptions options;
    options.otio = true;
    auto clip = exportTo(out_ / name, options, callbacks);
    ASSERT_FALSE(clip.ok()) << name;
    EXPECT_EQ(clip.error(), "export cancelled");
    EXPECT_TRUE(fs::is_empty(out_)) << name << ": " << testing::folderListing(out_).front();
  }
}

TEST_F(ExportFailureTest, FullDiskIsOneLineAndLeavesTheSessionUntouched) {
  if (::geteuid() != 0) GTEST_SKIP() << "mounting a small tmpfs needs root";
  const fs::path small = folder_.path() / "small";
  fs::create_directories(small);
  if (::mount("tmpfs", small.c_str(), "tmpfs", 0, "size=48k") != 0) {
    GTEST_SKIP() << "cannot mount tmpfs here";
  }
  const auto before = fingerprint(session_folder_);
  for (const char* name : {"full.mkv", "full.%05d.png", "full.mov"}) {
    auto clip = exportTo(small / name);
    ASSERT_FALSE(clip.ok()) << name;
    EXPECT_NE(clip.error().find("No space left on device"), std::string::npos) << clip.error();
    EXPECT_EQ(clip.error().find('\n'), std::string::npos) << clip.error();
    EXPECT_TRUE(fs::is_empty(small)) << name << ": " << testing::folderListing(small).front();
  }
  ::umount(small.c_str());
  EXPECT_EQ(fingerprint(session_folder_), before);
}

TEST_F(ExportFailureTest, BadOptionsAreOneLineErrorsBeforeAnyWrite) {
  ExportOptions prores_in_mp4;
  prores_in_mp4.codec = ExportCodec::ProRes422Hq;
  expectError(prores_in_mp4, "a.mp4", "prores cannot go in mp4");
  expectError({}, "a.avi", "cannot tell the format");
  ExportOptions late;
  late.from_frame = 30;
  expectError(late, "a.mp4", "outside the session's 24 frames");
  ExportOptions backwards;
  backwards.from_frame = 10;
  backwards.to_frame = 5;
  expectError(backwards, "a.mp4", "must be after 10");
  ExportOptions odd;
  odd.width = 65;
  odd.height = 64;
  expectError(odd, "a.mp4", "h264 needs an even width and height");
  ExportOptions crf;
  crf.crf = 70;
  expectError(crf, "a.mp4", "out of range for h264");
  expectError(crf, "a.mov", "crf applies to h264, hevc and av1");
  ExportOptions both;
  both.crf = 20;
  both.bitrate_bps = 1'000'000;
  expectError(both, "a.mp4", "not both");
  ExportOptions color;
  color.color_space = "Nonesuch";
  expectError(color, "a.mp4", "unknown colour space 'Nonesuch'");
  ExportOptions view;
  view.display = "sRGB";
  view.view = "Nonesuch";
  expectError(view, "a.mp4", "Nonesuch");
  expectError({}, "a.%d.%d.png", "one number field");
  expectError({}, "missing/a.mp4", "does not exist");
  fs::create_directories(folder_.path() / "taken.mp4");
  auto folder = exportTo(folder_.path() / "taken.mp4");
  ASSERT_FALSE(folder.ok());
  EXPECT_NE(folder.error().find("it is a folder"), std::string::npos) << folder.error();
  auto inside = exportTo(session_folder_ / "a.mp4");
  ASSERT_FALSE(inside.ok());
  EXPECT_NE(inside.error().find("into the session folder"), std::string::npos) << inside.error();
  EXPECT_FALSE(fs::exists(session_folder_ / "a.mp4"));
}

TEST_F(ExportFailureTest, SessionStillBeingRecordedExportsItsSnapshot) {
  const fs::path live = folder_.path() / "live.lfsession";
  SessionWriter::Options options;
  options.frames_per_segment = 4;
  auto writer = SessionWriter::create(live, testing::smallHeader(), options);
  ASSERT_TRUE(writer.ok()) << writer.error();
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE((*writer)->appendFrame(testing::smoothFrame(i, 64, 64), i * 41'667).ok());
  }
  auto session = testing::openSession(live);
  ASSERT_TRUE(session);
  ASSERT_EQ(session->frames().size(), 10u);
  // While the export runs the recorder closes the open segment (a rename) and goes on.
  int next = 10;
  ExportCallbacks callbacks;
  callbacks.progress = [&](const ExportProgress&) {
    for (int i = 0; i < 3; ++i, ++next) {
      ASSERT_TRUE((*writer)->appendFrame(testing::smoothFrame(next, 64, 64), next * 41'667).ok());
    }
  };
  ExportOptions export_options;
  export_options.output = out_ / "live.mkv";
  auto clip = exportSession(session, export_options, callbacks);
  ASSERT_TRUE(clip.ok()) << clip.error();
  EXPECT_EQ(clip->frames, 10);
  const auto decoded = testing::decodeAll(clip->files[0]);
  ASSERT_EQ(decoded.frames.size(), 10u);
  EXPECT_EQ(decoded.frames[9][100] >> 8, testing::smoothFrame(9, 64, 64).rgb[100]);
  ASSERT_TRUE((*writer)->close().ok());
}

TEST_F(ExportFailureTest, CrashedSessionExportsWhatWasRecoveredAndHoldsLostFrames) {
  const fs::path crashed = folder_.path() / "crashed.lfsession";
  testing::writeSession(crashed, 20, /*close=*/false, 64, 64, /*frames_per_segment=*/8);
  // Damage the header of frame 8 (the first record of the second segment): it is lost.
  {
    std::fstream segment(crashed / "frames" / "seg_000001.lfseg",
                         std::ios::in | std::ios::out | std::ios::binary);
    ASSERT_TRUE(segment.is_open());
    segment.seekp(20);
    segment.put('\x7F');
  }
  for (const auto mode : {Session::Mode::ReadOnly, Session::Mode::Repair}) {
    auto session = Session::open(crashed, mode);
    ASSERT_TRUE(session.ok()) << session.error();
    EXPECT_FALSE((*session)->report().was_clean);
    ASSERT_EQ((*session)->frames().size(), 19u);
    ExportOptions options;
    options.output = out_ / (mode == Session::Mode::Repair ? "repaired.mkv" : "crashed.mkv");
    auto clip = exportSession(*session, options, {});
    ASSERT_TRUE(clip.ok()) << clip.error();
    EXPECT_EQ(clip->frames, 20);
    EXPECT_EQ(clip->frames_held, 1);
    const auto decoded = testing::decodeAll(clip->files[0]);
    ASSERT_EQ(decoded.frames.size(), 20u);
    EXPECT_EQ(decoded.frames[8], decoded.frames[7]);  // held
    EXPECT_EQ(decoded.frames[19][5] >> 8, testing::smoothFrame(19, 64, 64).rgb[5]);
  }
}

}  // namespace
}  // namespace liveframe
