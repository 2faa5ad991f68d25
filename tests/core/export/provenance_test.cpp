// The sidecar manifest says what made the clip, and verifyClip() catches any change to it.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "export/media_probe.h"
#include "export_test_support.h"
#include "io/sha256.h"
#include "liveframe/provenance.h"

namespace liveframe {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class ProvenanceTest : public testing::ExportSessionTest {
 protected:
  ExportedClip exportClip(const std::string& name, ExportOptions options = {}) {
    auto clip = exportTo(name, options);
    EXPECT_TRUE(clip.ok()) << clip.error();
    return clip.ok() ? clip.value() : ExportedClip{};
  }
  static json readJson(const fs::path& path) {
    return json::parse(testing::readText(path), nullptr, false);
  }
};

TEST_F(ProvenanceTest, ManifestDescribesModelSeedTimelineSettingsAndHash) {
  ExportOptions options;
  options.from_frame = 6;  // after the first prompt: it is carried in as in effect at the start
  const auto clip = exportClip("clip.mp4", options);
  ASSERT_EQ(clip.provenance, folder_.path() / "clip.mp4.provenance.json");
  const json manifest = readJson(clip.provenance);
  ASSERT_TRUE(manifest.is_object());
  EXPECT_EQ(manifest["schema"], "liveframe.provenance/1");
  EXPECT_EQ(manifest["ai_generated"], true);
  EXPECT_EQ(manifest["model"]["id"], "sketch");
  EXPECT_EQ(manifest["model"]["weights_hash"], "0123456789abcdef");
  EXPECT_EQ(manifest["seed"], 42);
  EXPECT_EQ(manifest["app"]["version"], LIVEFRAME_TEST_VERSION);
  EXPECT_EQ(manifest["range"]["from_frame"], 6);
  EXPECT_EQ(manifest["range"]["to_frame"], 24);
  const json& timeline = manifest["timeline"];
  ASSERT_EQ(timeline.size(), 3u);
  EXPECT_EQ(timeline[0]["type"], "prompt");
  EXPECT_EQ(timeline[0]["in_effect_at_start"], true);
  EXPECT_EQ(timeline[0]["frame"], 0);
  EXPECT_EQ(timeline[0]["text"], "a red ball over the ocean");
  EXPECT_EQ(timeline[1]["type"], "marker");
  EXPECT_EQ(timeline[1]["frame"], 6);  // session frame 12, the range starts at 6
  EXPECT_DOUBLE_EQ(timeline[1]["time_s"].get<double>(), 0.25);
  EXPECT_EQ(timeline[2]["text"], "night sky with stars");
  EXPECT_EQ(manifest["settings"]["codec"], "h264");
  EXPECT_EQ(manifest["settings"]["color"]["transfer"], "bt709");
  EXPECT_EQ(manifest["output"]["frames"], 18);
  const json& files = manifest["output"]["files"];
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0]["name"], "clip.mp4");
  EXPECT_EQ(files[0]["sha256"], io::sha256File(clip.files[0]).value());
  EXPECT_EQ(files[0]["bytes"], fs::file_size(clip.files[0]));
}

TEST_F(ProvenanceTest, VerifyPassesThenCatchesAModifiedFile) {
  const auto clip = exportClip("clip.mov");
  auto verdict = verifyClip(clip.files[0]);
  ASSERT_TRUE(verdict.ok()) << verdict.error();
  EXPECT_TRUE(verdict->matches) << verdict->verdict;
  EXPECT_EQ(verdict->verdict.rfind("OK: clip.mov matches clip.mov.provenance.json", 0), 0u)
      << verdict->verdict;
  EXPECT_EQ(verdict->verdict.find('\n'), std::string::npos);
  {
    std::fstream file(clip.files[0], std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(-100, std::ios::end);
    file.put('\x55');
  }
  verdict = verifyClip(clip.provenance);  // the manifest names the clip just as well
  ASSERT_TRUE(verdict.ok()) << verdict.error();
  EXPECT_FALSE(verdict->matches);
  EXPECT_NE(verdict->verdict.find("SHA-256 differs"), std::string::npos) << verdict->verdict;
}

TEST_F(ProvenanceTest, VerifyChecksSequencesImageByImage) {
  const auto clip = exportClip("shot.%05d.png");
  ASSERT_EQ(clip.provenance, folder_.path() / "shot.png.provenance.json");
  for (const fs::path& name : {folder_.path() / "shot.%05d.png", clip.files[7]}) {
    auto verdict = verifyClip(name);
    ASSERT_TRUE(verdict.ok()) << verdict.error();
    EXPECT_TRUE(verdict->matches) << verdict->verdict;
    EXPECT_NE(verdict->verdict.find("24 files hashed"), std::string::npos) << verdict->verdict;
  }
  fs::remove(clip.files[11]);
  auto verdict = verifyClip(clip.files[0]);
  ASSERT_TRUE(verdict.ok()) << verdict.error();
  EXPECT_FALSE(verdict->matches);
  EXPECT_NE(verdict->verdict.find("shot.00011.png is missing"), std::string::npos)
      << verdict->verdict;
}

TEST_F(ProvenanceTest, VerifyNeedsAReadableManifest) {
  const auto clip = exportClip("clip.mkv");
  std::ofstream(clip.provenance) << "{\"schema\": \"liveframe.prov";
  auto verdict = verifyClip(clip.files[0]);
  ASSERT_FALSE(verdict.ok());
  EXPECT_NE(verdict.error().find("not a Liveframe provenance manifest"), std::string::npos);
  fs::remove(clip.provenance);
  verdict = verifyClip(clip.files[0]);
  ASSERT_FALSE(verdict.ok());
  EXPECT_NE(verdict.error().find("no provenance manifest"), std::string::npos) << verdict.error();
}

TEST_F(ProvenanceTest, ProvenanceOffWritesNeitherManifestNorMetadata) {
  ExportOptions options;
  options.provenance = false;
  const auto clip = exportClip("plain.mp4", options);
  EXPECT_TRUE(clip.provenance.empty());
  EXPECT_FALSE(fs::exists(folder_.path() / "plain.mp4.provenance.json"));
  auto facts = export_internal::probeMedia(clip.files[0]);
  ASSERT_TRUE(facts.ok()) << facts.error();
  EXPECT_EQ(facts->metadata.count("ai_generated"), 0u);
}

}  // namespace
}  // namespace liveframe
