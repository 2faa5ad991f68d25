// `liveframe export`, `verify`, `render` and `bench export` through the real binary.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <png.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "export/media_probe.h"
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

// A 64x64 PNG: the left half opaque white, the right half transparent.
void writeHalfWhitePng(const fs::path& path) {
  std::vector<std::uint8_t> rgba(64 * 64 * 4, 0);
  for (std::size_t pixel = 0; pixel < 64 * 64; ++pixel) {
    if (pixel % 64 < 32) std::fill_n(rgba.begin() + static_cast<std::ptrdiff_t>(pixel * 4), 4, 255);
  }
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = image.height = 64;
  image.format = PNG_FORMAT_RGBA;
  ASSERT_NE(png_image_write_to_file(&image, path.c_str(), 0, rgba.data(), 0, nullptr), 0)
      << image.message;
}

TEST_F(ExportCommandTest, OverlayIsCompositedOrWrittenAloneWithAlpha) {
  const auto title = path("title.png");
  writeHalfWhitePng(title);
  auto r = run("export " + session_.string() + " -o " + path("titled.mkv").string() +
               " --overlay " + title.string() + "@4-12:fade=2,0 -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("overlay     title, frames 4-12"), std::string::npos) << r.out;
  const auto decoded = testing::decodeAll(path("titled.mkv"));
  ASSERT_EQ(decoded.frames.size(), 24u);
  const auto session = testing::openSession(session_);
  for (const std::size_t i : {2u, 4u, 8u}) {
    const Frame frame = session->readFrame(i).value();
    const double opacity = i == 2 ? 0 : i == 4 ? 0.5 : 1;
    for (std::size_t v = 0; v < frame.rgb.size(); ++v) {
      const bool covered = (v / 3) % 64 < 32;
      const double expected =
          covered ? frame.rgb[v] + (255 - frame.rgb[v]) * opacity : frame.rgb[v];
      ASSERT_NEAR(decoded.frames[i][v] >> 8, expected, 1) << "frame " << i << " value " << v;
    }
  }

  r = run("export " + session_.string() + " -o " + path("layer.mov").string() + " --overlay " +
          title.string() + "@4-12 --overlays-only -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("prores4444 in mov"), std::string::npos) << r.out;
  auto facts = export_internal::probeMedia(path("layer.mov"));
  ASSERT_TRUE(facts.ok()) << facts.error();
  EXPECT_EQ(facts->pixel_format.rfind("yuva444p", 0), 0u) << facts->pixel_format;
  const auto manifest = nlohmann::json::parse(test::slurp(path("layer.mov.provenance.json")));
  EXPECT_EQ(manifest["overlays"][0]["name"], "title");
  EXPECT_EQ(manifest["settings"]["overlays_only"], true);
}

TEST_F(ExportCommandTest, BadOverlaysAreOneLine) {
  const auto title = path("title.png");
  writeHalfWhitePng(title);
  const std::string export_to = "export " + session_.string() + " -o " + path("o.mkv").string();
  const std::string overlay = " --overlay " + title.string();
  expectOneLineError(run(export_to + overlay + "@12"), 2, "the range '12' has no '-'");
  expectOneLineError(run(export_to + overlay + "@8-4"), 2, "must end after it starts");
  expectOneLineError(run(export_to + overlay + "@8-30"), 2, "session's 24 frames");
  expectOneLineError(run(export_to + overlay + "@1:2-5"), 2, "bad position '1:2'");
  expectOneLineError(run(export_to + overlay + ":fade=soon"), 2, "bad position 'soon'");
  expectOneLineError(run(export_to + " --overlay " + path("none.png").string()), 1,
                     "cannot read the overlay");
  std::ofstream(path("text.png")) << "not a picture";
  expectOneLineError(run(export_to + " --overlay " + path("text.png").string()), 1,
                     "cannot read the overlay");
  expectOneLineError(run(export_to + " --overlays-only"), 2, "--overlays-only requires --overlay");
  expectOneLineError(run("export " + session_.string() + " -o " + path("o.mp4").string() +
                         overlay + " --overlays-only"),
                     1, "needs a format with alpha");
  EXPECT_FALSE(fs::exists(path("o.mkv")));
  EXPECT_FALSE(fs::exists(path("o.mp4")));
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
