// Failures that must come back as one clear line: bad or missing session files, a full disk,
// a file size limit, an output folder that cannot be written.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include "liveframe/session.h"
#include "session_test_support.h"

namespace liveframe {
namespace {

using testing::Content;
using testing::TempFolder;
using testing::testFrame;
using testing::testHeader;

namespace fs = std::filesystem;

void expectOneLine(const std::string& message) {
  EXPECT_FALSE(message.empty());
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

fs::path writeSmallSession(const fs::path& parent) {
  const auto folder = parent / "small.lfsession";
  auto writer = SessionWriter::create(folder, testHeader(), {.frames_per_segment = 2});
  EXPECT_TRUE(writer.ok()) << writer.error();
  if (!writer.ok()) return folder;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(writer.value()->appendFrame(testFrame(i), i).ok());
  EXPECT_TRUE(writer.value()->close().ok());
  return folder;
}

std::string openError(const fs::path& folder) {
  auto opened = Session::open(folder, Session::Mode::ReadOnly);
  EXPECT_FALSE(opened.ok());
  if (opened.ok()) return {};
  expectOneLine(opened.error());
  return opened.error();
}

TEST(SessionErrorsTest, MissingTornOrGarbageHeaderIsAClearError) {
  TempFolder temp;
  const auto folder = writeSmallSession(temp.path());
  const auto header_path = folder / "session.json";
  const std::string header = testing::readText(header_path);
  const std::string corrupt = folder.string() + ": session.json is missing or corrupt: ";

  fs::remove(header_path);
  EXPECT_EQ(openError(folder).rfind(corrupt, 0), 0u) << openError(folder);

  testing::writeText(header_path, header.substr(0, header.size() / 2));
  const auto torn = openError(folder);
  EXPECT_EQ(torn.rfind(corrupt, 0), 0u) << torn;
  EXPECT_NE(torn.find("parse error"), std::string::npos) << torn;

  testing::writeText(header_path, std::string("\x89PNG\r\n\x1a\n\0\0garbage", 18));
  EXPECT_EQ(openError(folder).rfind(corrupt, 0), 0u);

  testing::writeText(header_path, R"({"format_version":1,"model_id":"m"})");
  const auto incomplete = openError(folder);
  EXPECT_NE(incomplete.find("weights_hash"), std::string::npos) << incomplete;

  std::string future = header;
  future.replace(future.find("\"format_version\": 1"), 19, "\"format_version\": 7");
  testing::writeText(header_path, future);
  EXPECT_NE(openError(folder).find("not supported"), std::string::npos);

  testing::writeText(header_path, header);
  EXPECT_TRUE(Session::open(folder, Session::Mode::ReadOnly).ok());
}

TEST(SessionErrorsTest, FoldersThatAreNotSessionsAreNamedAsSuch) {
  TempFolder temp;
  const auto empty = temp.path() / "holiday_photos";
  fs::create_directory(empty);
  EXPECT_EQ(openError(empty),
            empty.string() + " is not a Liveframe session (it has no session.json)");
  EXPECT_NE(openError(temp.path() / "nothing_here").find("no such folder"), std::string::npos);
  testing::writeText(temp.path() / "file.lfsession", "x");
  EXPECT_NE(openError(temp.path() / "file.lfsession").find("not a folder"), std::string::npos);
}

// The frames that were closed before a write failure must all survive it.
void expectClosedFramesReadable(const fs::path& folder, std::int64_t frames_written,
                                int frames_per_segment, Content content_after, int flat_frames) {
  auto opened = Session::open(folder, Session::Mode::Repair);
  ASSERT_TRUE(opened.ok()) << opened.error();
  const Session& session = *opened.value();
  const auto closed = frames_written / frames_per_segment * frames_per_segment;
  ASSERT_GE(static_cast<std::int64_t>(session.frames().size()), closed)
      << session.report().summary();
  for (std::size_t i = 0; i < session.frames().size(); ++i) {
    auto frame = session.readFrame(i);
    ASSERT_TRUE(frame.ok()) << frame.error();
    const auto index = static_cast<std::int64_t>(i);
    const auto content = index < flat_frames ? Content::Flat : content_after;
    EXPECT_TRUE(frame->rgb == testFrame(index, 256, 256, content).rgb) << "frame " << i;
  }
}

// A 2 MB tmpfs: a real "No space left on device". TearDown unmounts it before the temp folder
// (a member, destroyed after TearDown) is removed.
class FullDiskTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (mounted_) ::umount2(mountPoint().c_str(), MNT_DETACH);
  }
  bool mountSmallTmpfs() {
    if (::geteuid() != 0) return false;
    fs::create_directory(mountPoint());
    mounted_ = ::mount("tmpfs", mountPoint().c_str(), "tmpfs", 0, "size=2m") == 0;
    return mounted_;
  }
  fs::path mountPoint() const { return temp_.path() / "disk"; }

 private:
  TempFolder temp_;
  bool mounted_ = false;
};

TEST_F(FullDiskTest, NoSpaceLeftIsAOneLineErrorAndClosedFramesSurvive) {
  if (!mountSmallTmpfs()) {
    GTEST_SKIP() << "needs root and tmpfs mounts; the RLIMIT_FSIZE test covers write failures";
  }
  const auto folder = mountPoint() / "full.lfsession";
  constexpr int kPerSegment = 3;
  auto writer = SessionWriter::create(folder, testHeader(256, 256),
                                      {.frames_per_segment = kPerSegment, .journal_flush_ms = 0});
  ASSERT_TRUE(writer.ok()) << writer.error();
  std::int64_t written = 0;
  Status failure;
  for (; written < 40; ++written) {
    failure = writer.value()->appendFrame(testFrame(written, 256, 256, Content::Noise), written);
    if (!failure.ok()) break;
  }
  ASSERT_FALSE(failure.ok()) << "2 MB never filled up";
  expectOneLine(failure.error());
  EXPECT_EQ(failure.error().rfind("cannot write " + folder.string(), 0), 0u) << failure.error();
  EXPECT_NE(failure.error().find("No space left on device"), std::string::npos) << failure.error();
  const Status closing = writer.value()->close();  // may fail too, but must not crash
  if (!closing.ok()) expectOneLine(closing.error());
  writer.value().reset();
  expectClosedFramesReadable(folder, written, kPerSegment, Content::Noise, 0);
}

TEST(SessionErrorsTest, FileSizeLimitIsAOneLineErrorAndClosedFramesSurvive) {
  TempFolder temp;
  const auto folder = temp.path() / "limited.lfsession";
  constexpr int kPerSegment = 4;
  constexpr int kFlatFrames = 8;  // two small closed segments before the big frames
  const fs::path report_path = temp.path() / "child_report.txt";
  const int code = testing::runInChild([&] {
    // Ignored SIGXFSZ turns "file too large" from a fatal signal into EFBIG.
    ::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{600 * 1024, 600 * 1024};
    if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) return 10;
    auto writer =
        SessionWriter::create(folder, testHeader(256, 256), {.frames_per_segment = kPerSegment});
    if (!writer.ok()) return 11;
    for (std::int64_t i = 0; i < 40; ++i) {
      const auto content = i < kFlatFrames ? Content::Flat : Content::Noise;
      const Status status = writer.value()->appendFrame(testFrame(i, 256, 256, content), i);
      if (status.ok()) continue;
      testing::writeText(report_path, std::to_string(i) + "\n" + status.error());
      const Status closing = writer.value()->close();
      return closing.ok() ? 0 : 12;
    }
    return 13;  // the limit was never reached
  });
  ASSERT_EQ(code, 0);
  const std::string report = testing::readText(report_path);
  const auto newline = report.find('\n');
  const std::int64_t written = std::stoll(report.substr(0, newline));
  const std::string error = report.substr(newline + 1);
  expectOneLine(error);
  EXPECT_NE(error.find("File too large"), std::string::npos) << error;
  EXPECT_NE(error.find("seg_000002.open"), std::string::npos) << error;
  EXPECT_GE(written, kFlatFrames + 1);
  {
    // The failed append left nothing behind, so the closed session needs no repair.
    auto opened = Session::open(folder, Session::Mode::ReadOnly);
    ASSERT_TRUE(opened.ok()) << opened.error();
    EXPECT_TRUE(opened.value()->report().was_clean) << opened.value()->report().summary();
    EXPECT_EQ(opened.value()->report().bytes_truncated, 0);
  }
  expectClosedFramesReadable(folder, written, kPerSegment, Content::Noise, kFlatFrames);
  auto opened = Session::open(folder, Session::Mode::ReadOnly);
  ASSERT_TRUE(opened.ok());
  // close() kept the complete frames of the segment the failure hit, too.
  EXPECT_EQ(static_cast<std::int64_t>(opened.value()->frames().size()), written);
}

TEST(SessionErrorsTest, UnwritableOutputFolderIsAClearErrorFromCreate) {
  TempFolder temp;
  const auto regular_file = temp.path() / "not_a_folder";
  testing::writeText(regular_file, "x");
  for (const fs::path& folder : {regular_file / "x.lfsession", fs::path("/dev/null/x.lfsession")}) {
    auto writer = SessionWriter::create(folder, testHeader());
    ASSERT_FALSE(writer.ok());
    expectOneLine(writer.error());
    EXPECT_NE(writer.error().find(folder.parent_path().string()), std::string::npos)
        << writer.error();
    EXPECT_NE(writer.error().find("Not a directory"), std::string::npos) << writer.error();
  }
  // Permission bits only stop a process without root's override.
  if (::geteuid() != 0) {
    const auto locked = temp.path() / "locked";
    fs::create_directory(locked);
    ::chmod(locked.c_str(), 0500);
    auto writer = SessionWriter::create(locked / "x.lfsession", testHeader());
    ::chmod(locked.c_str(), 0700);
    ASSERT_FALSE(writer.ok());
    expectOneLine(writer.error());
    EXPECT_NE(writer.error().find("Permission denied"), std::string::npos) << writer.error();
  }
}

}  // namespace
}  // namespace liveframe
