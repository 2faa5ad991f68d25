// `liveframe export`, `verify`, `render` and `bench export` through the real binary.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "export_test_support.h"

namespace liveframe {
namespace {

namespace fs = std::filesystem;
using test::expectOneLineError;

class ExportCommandTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::writeSession(session_, 24); }
  test::CliResult run(const std::string& arguments) {
    return test::runCli(arguments, scratch_.path());
  }
  fs::path path(const std::string& name) const { return scratch_.path() / name; }

  test::ScratchDir scratch_{"lf_export_cli"};
  const fs::path session_ = scratch_.path() / "take.lfsession";
};

TEST_F(ExportCommandTest, CommandsHaveHelp) {
  for (const char* command : {"export", "verify", "render", "bench export"}) {
    const auto r = run(std::string(command) + " --help");
    EXPECT_EQ(r.exit_code, 0) << command;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << command;
  }
}

TEST_F(ExportCommandTest, ExportsARangeWithSidecarsThatVerifies) {
  auto r = run("export " + session_.string() + " -o " + path("clip.mp4").string() +
               " --from 0.25s --to 00:00:00:18 --otio --edl --label -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("exported 12 frames (0.50 s at 24 fps, 64x64, h264 in mp4)"),
            std::string::npos)
      << r.out;
  for (const char* name : {"clip.mp4", "clip.mp4.provenance.json", "clip.otio", "clip.edl"}) {
    EXPECT_TRUE(fs::exists(path(name))) << name;
  }
  r = run("verify " + path("clip.mp4").string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("OK: clip.mp4 matches clip.mp4.provenance.json (h264, 12 frames", 0), 0u)
      << r.out;
  {
    std::fstream clip(path("clip.mp4"), std::ios::in | std::ios::out | std::ios::binary);
    clip.seekp(200);
    clip.put('\x42');
  }
  expectOneLineError(run("verify " + path("clip.mp4").string()), 3, "MISMATCH");
}

TEST_F(ExportCommandTest, ImageSequenceAndFormatFlags) {
  const auto r = run("export " + session_.string() + " -o " + path("plate").string() +
                     " --format exr --scale 32x32 --fps 12 -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("exported 12 frames (1.00 s at 12 fps, 32x32, exr images)"),
            std::string::npos)
      << r.out;
  EXPECT_TRUE(fs::exists(path("plate.00011.exr")));
  const auto verified = run("verify " + path("plate.%05d.exr").string());
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
}

TEST_F(ExportCommandTest, BadInputIsOneLine) {
  const std::string session = session_.string();
  const std::string out = " -o " + path("a.mp4").string();
  expectOneLineError(run("export " + session + out + " --codec vp9"), 1, "unknown codec 'vp9'");
  expectOneLineError(run("export " + session + out + " --scale 12y"), 1, "bad scale '12y'");
  expectOneLineError(run("export " + session + out + " --from 1:2"), 1, "--from: bad position");
  expectOneLineError(run("export " + session + out + " --bitrate fast"), 1, "bad bit rate");
  expectOneLineError(run("export " + session + out + " --crf 20 --bitrate 3M"), 2, "excludes");
  expectOneLineError(run("export " + session), 2, "--output");
  expectOneLineError(run("export " + path("missing.lfsession").string() + out), 1,
                     "missing.lfsession");
  const auto torn = path("torn.lfsession");
  fs::create_directories(torn);
  std::ofstream(torn / "session.json") << "{\"format_version\": 1, \"model_id\": \"sk";
  expectOneLineError(run("export " + torn.string() + out), 1, "session.json");
  expectOneLineError(run("verify " + path("nothing.mp4").string()), 1, "no provenance manifest");
  EXPECT_FALSE(fs::exists(path("a.mp4")));
}

TEST_F(ExportCommandTest, FullDiskIsOneLineAndTheSessionIsUntouched) {
  if (::geteuid() != 0) GTEST_SKIP() << "mounting a small tmpfs needs root";
  const auto small = path("small");
  fs::create_directories(small);
  if (::mount("tmpfs", small.c_str(), "tmpfs", 0, "size=32k") != 0) {
    GTEST_SKIP() << "cannot mount tmpfs here";
  }
  const auto before = testing::folderListing(session_ / "frames");
  const auto r = run("export " + session_.string() + " -o " + (small / "full.mkv").string());
  expectOneLineError(r, 1, "No space left on device");
  EXPECT_TRUE(fs::is_empty(small));
  ::umount(small.c_str());
  EXPECT_EQ(testing::folderListing(session_ / "frames"), before);
  auto opened = Session::open(session_, Session::Mode::ReadOnly);
  ASSERT_TRUE(opened.ok()) << opened.error();
  EXPECT_TRUE((*opened)->report().was_clean);
}

TEST_F(ExportCommandTest, RenderRegeneratesARangeBitForBit) {
  const auto recorded = path("recorded.lfsession");
  auto r = run("run --random-weights --threads 1 --fps 0 -q --frames 10 --prompt 'a red ball' "
               "--record " + recorded.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run("render " + recorded.string() + " --from 4 --to 8 -q -o " + path("again.lfsession").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("render: 4 of 4 recorded frames reproduced bit for bit"), std::string::npos)
      << r.out;
  auto again = Session::open(path("again.lfsession"), Session::Mode::ReadOnly);
  ASSERT_TRUE(again.ok()) << again.error();
  ASSERT_EQ((*again)->frames().size(), 4u);
  EXPECT_EQ((*again)->frames().front().frame_index, 4);
  expectOneLineError(run("render " + recorded.string() + " --from 8 --to 4"), 1, "bad range");
}

TEST_F(ExportCommandTest, BenchExportReportsEveryFormat) {
  const auto r = run("bench export --seconds 1 --size 64 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto results = nlohmann::json::parse(r.out);
  ASSERT_EQ(results.size(), 8u);
  for (const auto& result : results) {
    EXPECT_EQ(result["frames"], 24) << result;
    EXPECT_GT(result["fps"].get<double>(), 0) << result;
  }
}

}  // namespace
}  // namespace liveframe
