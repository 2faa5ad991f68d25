// Recording survives what the world does to it: SIGKILL mid-stream, a full disk.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>

#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "cli_runner.h"
#include "liveframe/session.h"

namespace liveframe {
namespace {

namespace fs = std::filesystem;
using test::runCli;

int closedSegments(const fs::path& session) {
  int count = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(session / "frames", ec)) {
    count += entry.path().extension() == ".lfseg";
  }
  return count;
}

// Starts the CLI as a child with its output discarded; returns its pid (-1 if fork failed).
pid_t spawnCli(const std::vector<std::string>& args) {
  const pid_t child = ::fork();
  if (child != 0) return child;
  const int null = ::open("/dev/null", O_WRONLY);
  ::dup2(null, 1);
  ::dup2(null, 2);
  std::vector<char*> argv{const_cast<char*>(LIVEFRAME_CLI)};
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  ::execv(LIVEFRAME_CLI, argv.data());
  ::_exit(127);
}

TEST(CliCrash, SigkillMidStreamLosesAtMostOneSecond) {
  test::ScratchDir scratch("lf_crash");
  const auto session = scratch.path() / "killed.lfsession";
  const pid_t child =
      spawnCli({"run", "--random-weights", "--threads", "1", "--fps", "0", "--prompt",
                "a red ball bouncing over the ocean at sunset", "--record", session.string()});
  ASSERT_GE(child, 0);
  // Let it close three segments (72 frames), then kill it without warning.
  for (int i = 0; i < 1200 && closedSegments(session) < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_GE(closedSegments(session), 3) << "the recorder made no progress";
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));

  auto r = runCli("recover " + session.string(), scratch.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("recovered"), std::string::npos) << r.out;
  r = runCli("info --json " + session.string(), scratch.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto info = nlohmann::json::parse(r.out);
  const auto& frames = info["frames"];
  ASSERT_GE(frames.size(), 72u);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    ASSERT_EQ(frames[i]["frame_index"].get<std::size_t>(), i);  // contiguous from 0
  }
  // At most the open segment (24 frames = 1 s at 24 fps) is lost, and the report says so.
  EXPECT_LE(info["recovery"]["frames_lost"].get<int>(), 24);
  auto opened = Session::open(session, Session::Mode::ReadOnly);
  ASSERT_TRUE(opened.ok()) << opened.error();
  for (std::size_t i = 0; i < (*opened)->frames().size(); ++i) {
    auto frame = (*opened)->readFrame(i);
    ASSERT_TRUE(frame.ok()) << frame.error();
    EXPECT_EQ(pixelChecksum(frame->rgb), (*opened)->frames()[i].checksum);
  }
}

TEST(CliCrash, SigtermStopsTrainingWithACheckpoint) {
  test::ScratchDir scratch("lf_train_term");
  const auto checkpoints = scratch.path() / "ckpt";
  const pid_t child = spawnCli({"train", "sketch", "--stage", "autoencoder", "--steps", "1000000",
                                "--threads", "1", "--checkpoints", checkpoints.string()});
  ASSERT_GE(child, 0);
  std::this_thread::sleep_for(std::chrono::seconds(3));
  ::kill(child, SIGTERM);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << "training died of the signal instead of saving";
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_TRUE(fs::exists(checkpoints / "autoencoder.safetensors"));
  EXPECT_TRUE(fs::exists(checkpoints / "autoencoder.optimizer"));
}

TEST(CliCrash, FullDiskStopsTheRecordingCleanlyAndKeepsWhatWasWritten) {
  if (::geteuid() != 0) GTEST_SKIP() << "mounting a small tmpfs needs root";
  test::ScratchDir scratch("lf_full");
  const auto mount_point = scratch.path() / "small";
  fs::create_directories(mount_point);
  if (::mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=3m") != 0) {
    GTEST_SKIP() << "cannot mount tmpfs here";
  }
  const auto session = mount_point / "full.lfsession";
  const auto r = runCli(
      "run --random-weights --threads 1 --fps 0 -q --frames 400 --prompt "
      "'a red ball' --record " +
          session.string(),
      scratch.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.errLines(), 1) << r.err;
  EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
  auto opened = Session::open(session, Session::Mode::ReadOnly);
  ASSERT_TRUE(opened.ok()) << opened.error();
  EXPECT_GT((*opened)->frames().size(), 0u);
  for (std::size_t i = 0; i < (*opened)->frames().size(); ++i) {
    ASSERT_TRUE((*opened)->readFrame(i).ok()) << "frame " << i;
  }
  ::umount(mount_point.c_str());
}

}  // namespace
}  // namespace liveframe
