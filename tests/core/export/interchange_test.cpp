// OTIO and EDL beside the clip rebuild the exported range in an editor.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "export_test_support.h"

namespace liveframe {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class InterchangeTest : public testing::ExportSessionTest {
 protected:
  InterchangeTest() : ExportSessionTest(48) {}
  ExportedClip exportWithTimelines(const std::string& name) {
    ExportOptions options;
    options.otio = true;
    options.edl = true;
    auto clip = exportTo(name, options);
    EXPECT_TRUE(clip.ok()) << clip.error();
    return clip.ok() ? clip.value() : ExportedClip{};
  }
};

TEST_F(InterchangeTest, OtioHoldsTheClipAndAMarkerPerEvent) {
  const auto clip = exportWithTimelines("scene.mp4");
  ASSERT_EQ(clip.otio, folder_.path() / "scene.otio");
  const json timeline = json::parse(testing::readText(clip.otio));
  EXPECT_EQ(timeline["OTIO_SCHEMA"], "Timeline.1");
  EXPECT_EQ(timeline["name"], "scene");
  EXPECT_EQ(timeline["metadata"]["liveframe"]["ai_generated"], true);
  const json& track = timeline["tracks"]["children"][0];
  EXPECT_EQ(timeline["tracks"]["OTIO_SCHEMA"], "Stack.1");
  EXPECT_EQ(track["OTIO_SCHEMA"], "Track.1");
  EXPECT_EQ(track["kind"], "Video");
  const json& item = track["children"][0];
  EXPECT_EQ(item["OTIO_SCHEMA"], "Clip.2");
  EXPECT_EQ(item["active_media_reference_key"], "DEFAULT_MEDIA");
  const json& media = item["media_references"]["DEFAULT_MEDIA"];
  EXPECT_EQ(media["OTIO_SCHEMA"], "ExternalReference.1");
  EXPECT_EQ(media["target_url"], "scene.mp4");
  EXPECT_EQ(item["source_range"]["duration"]["value"], 48);
  EXPECT_EQ(item["source_range"]["duration"]["rate"], 24);
  const json& markers = item["markers"];
  ASSERT_EQ(markers.size(), 3u);
  EXPECT_EQ(markers[1]["OTIO_SCHEMA"], "Marker.2");
  EXPECT_EQ(markers[1]["name"], "marker: chorus");
  EXPECT_EQ(markers[1]["color"], "RED");
  EXPECT_EQ(markers[1]["marked_range"]["start_time"]["value"], 24);
  EXPECT_EQ(markers[2]["comment"], "night sky with stars");
}

TEST_F(InterchangeTest, OtioNamesAnImageSequence) {
  const auto clip = exportWithTimelines("plate.%04d.png");
  ASSERT_EQ(clip.otio, folder_.path() / "plate.otio");
  const json timeline = json::parse(testing::readText(clip.otio));
  const json& media =
      timeline["tracks"]["children"][0]["children"][0]["media_references"]["DEFAULT_MEDIA"];
  EXPECT_EQ(media["OTIO_SCHEMA"], "ImageSequenceReference.1");
  EXPECT_EQ(media["name_prefix"], "plate.");
  EXPECT_EQ(media["name_suffix"], ".png");
  EXPECT_EQ(media["frame_zero_padding"], 4);
  EXPECT_EQ(media["start_frame"], 0);
}

TEST_F(InterchangeTest, EdlIsOneCmx3600EventWithLocators) {
  const auto clip = exportWithTimelines("scene.mov");
  ASSERT_EQ(clip.edl, folder_.path() / "scene.edl");
  const std::string edl = testing::readText(clip.edl);
  EXPECT_EQ(edl.rfind("TITLE: scene\nFCM: NON-DROP FRAME\n", 0), 0u) << edl;
  EXPECT_NE(edl.find("001  AX       V     C        00:00:00:00 00:00:02:00 01:00:00:00 "
                     "01:00:02:00\n"),
            std::string::npos)
      << edl;
  EXPECT_NE(edl.find("* FROM CLIP NAME: scene.mov\n"), std::string::npos) << edl;
  EXPECT_NE(edl.find("* LOC: 01:00:01:00 RED marker: chorus\n"), std::string::npos) << edl;
  EXPECT_NE(edl.find("* LOC: 01:00:00:00 GREEN prompt: a red ball over the ocean\n"),
            std::string::npos)
      << edl;
}

}  // namespace
}  // namespace liveframe
