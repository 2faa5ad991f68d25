// Codec/container names and pairs, and positions on the timeline.
#include <gtest/gtest.h>

#include "export/export_formats.h"
#include "liveframe/export.h"

namespace liveframe {
namespace {

using export_internal::chooseFormat;

TEST(ExportFormats, ContainerFollowsTheExtensionUnlessGiven) {
  auto format = chooseFormat("a.MOV", std::nullopt, std::nullopt);
  ASSERT_TRUE(format.ok()) << format.error();
  EXPECT_EQ(format->container, ExportContainer::Mov);
  EXPECT_EQ(format->codec, ExportCodec::ProRes422Hq);
  format = chooseFormat("a.mkv", ExportContainer::Mp4, ExportCodec::Av1);
  ASSERT_TRUE(format.ok()) << format.error();
  EXPECT_EQ(format->container, ExportContainer::Mp4);
  format = chooseFormat("a", std::nullopt, ExportCodec::Ffv1);
  ASSERT_TRUE(format.ok()) << format.error();
  EXPECT_EQ(format->container, ExportContainer::Mkv);
  format = chooseFormat("a.mp4", std::nullopt, ExportCodec::Ffv1);
  ASSERT_FALSE(format.ok());
  EXPECT_EQ(format.error(), "ffv1 cannot go in mp4 (it takes h264, hevc, av1; ffv1 goes in .mkv)");
}

TEST(ExportFormats, NamesRoundTrip) {
  for (const auto codec : {ExportCodec::H264, ExportCodec::Hevc, ExportCodec::ProRes422Hq,
                           ExportCodec::ProRes4444, ExportCodec::Ffv1, ExportCodec::Av1,
                           ExportCodec::Png, ExportCodec::Exr}) {
    auto parsed = parseExportCodec(exportCodecName(codec));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed.value(), codec);
  }
  EXPECT_EQ(parseExportCodec("H265").value(), ExportCodec::Hevc);
  EXPECT_NE(parseExportCodec("vp9").error().find("codecs: h264"), std::string::npos);
  EXPECT_EQ(parseExportContainer(".exr").value(), ExportContainer::ExrSequence);
  EXPECT_FALSE(parseExportContainer("avi").ok());
}

TEST(TimelinePosition, FramesSecondsAndTimecode) {
  EXPECT_EQ(parseTimelinePosition("120", 24).value(), 120);
  EXPECT_EQ(parseTimelinePosition("12.5s", 24).value(), 300);
  EXPECT_EQ(parseTimelinePosition("0.5s", 24).value(), 12);
  EXPECT_EQ(parseTimelinePosition("00:00:01:12", 24).value(), 36);
  EXPECT_EQ(parseTimelinePosition("01:00:00:00", 30).value(), 108000);
  EXPECT_EQ(parseTimelinePosition("00:00:01:00", 23.976).value(), 24);
  for (const char* bad : {"", "abc", "-3", "1.5", "s", "-1s", "00:61:00:00", "00:00:00:24",
                          "00:00:01", "1:2:3:x"}) {
    auto position = parseTimelinePosition(bad, 24);
    ASSERT_FALSE(position.ok()) << bad;
    EXPECT_NE(position.error().find("bad position"), std::string::npos) << position.error();
  }
  EXPECT_EQ(formatTimecode(36, 24), "00:00:01:12");
  EXPECT_EQ(formatTimecode(3600 * 25 + 24, 25), "01:00:00:24");
}

}  // namespace
}  // namespace liveframe
