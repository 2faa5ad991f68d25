// Crash recovery: a killed recorder, torn tails, damaged segments and a damaged index.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "liveframe/session.h"
#include "segment_format.h"
#include "session_test_support.h"

namespace liveframe {
namespace {

using testing::TempFolder;
using testing::testEvent;
using testing::testFrame;
using testing::testHeader;

namespace fs = std::filesystem;

int countClosedSegments(const fs::path& frames) {
  int count = 0;
  for (const auto& name : testing::fileNames(frames)) count += name.ends_with(".lfseg");
  return count;
}

// Offsets of the records in a segment file, read with the format's own header decoder.
std::vector<std::uint64_t> recordOffsets(const fs::path& segment) {
  const std::string bytes = testing::readText(segment);
  std::vector<std::uint64_t> offsets;
  std::uint64_t at = 0;
  while (at + session_internal::kRecordHeaderSize <= bytes.size()) {
    const auto header = session_internal::decodeRecordHeader(
        reinterpret_cast<const std::uint8_t*>(bytes.data() + at));
    if (!header) break;
    offsets.push_back(at);
    at += session_internal::kRecordHeaderSize + header->compressed_size;
  }
  return offsets;
}

void flipByte(const fs::path& path, std::uint64_t offset) {
  std::string bytes = testing::readText(path);
  ASSERT_LT(offset, bytes.size());
  bytes[offset] = static_cast<char>(bytes[offset] ^ 0x5A);
  testing::writeText(path, bytes);
}

std::shared_ptr<const Session> openOrFail(const fs::path& folder, Session::Mode mode) {
  auto opened = Session::open(folder, mode);
  EXPECT_TRUE(opened.ok()) << opened.error();
  return opened.ok() ? opened.value() : nullptr;
}

void expectFramesMatch(const Session& session) {
  for (std::size_t i = 0; i < session.frames().size(); ++i) {
    const auto index = session.frames()[i].frame_index;
    auto frame = session.readFrame(i);
    ASSERT_TRUE(frame.ok()) << frame.error();
    EXPECT_TRUE(frame->rgb == testFrame(index).rgb) << "frame " << index;
  }
}

// Writes `frames` frames and `events` events, flushes the journal and exits without closing:
// the state a crash leaves behind.
void writeAndAbandon(const fs::path& folder, int frames, int events, int frames_per_segment) {
  const int code = testing::runInChild([&] {
    auto writer = SessionWriter::create(
        folder, testHeader(), {.frames_per_segment = frames_per_segment, .journal_flush_ms = 0});
    if (!writer.ok()) return 1;
    for (int i = 0; i < frames; ++i) {
      if (!writer.value()->appendFrame(testFrame(i), i * 1000).ok()) return 2;
    }
    for (int i = 0; i < events; ++i) {
      if (!writer.value()->appendEvent(testEvent(i, i)).ok()) return 3;
    }
    // _exit now, before the writer's destructor could close the session.
    ::_exit(writer.value()->flush(true).ok() ? 0 : 4);
  });
  ASSERT_EQ(code, 0);
}

TEST(SessionRecoveryTest, KilledRecorderLosesAtMostTheOpenSegment) {
  TempFolder temp;
  const auto folder = temp.path() / "killed.lfsession";
  constexpr int kPerSegment = 6;
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto writer = SessionWriter::create(folder, testHeader(),
                                        {.frames_per_segment = kPerSegment, .journal_flush_ms = 5});
    if (!writer.ok()) ::_exit(1);
    for (std::int64_t i = 0;; ++i) {
      if (i % 5 == 0 && !writer.value()->appendEvent(testEvent(i / 5, i)).ok()) ::_exit(2);
      if (!writer.value()->appendFrame(testFrame(i), i * 1000).ok()) ::_exit(3);
      ::usleep(1000);
    }
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (countClosedSegments(folder / "frames") < 3 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the recorder stopped by itself, exit " << status;
  const int closed_segments = countClosedSegments(folder / "frames");
  ASSERT_GE(closed_segments, 3);

  auto session = openOrFail(folder, Session::Mode::Repair);
  ASSERT_NE(session, nullptr);
  const auto& report = session->report();
  EXPECT_FALSE(report.was_clean);
  EXPECT_FALSE(report.details.empty());
  EXPECT_LE(report.frames_lost, kPerSegment) << report.summary();
  EXPECT_LE(report.events_lost, 1) << report.summary();
  ASSERT_GE(session->frames().size(), static_cast<std::size_t>(closed_segments * kPerSegment));
  for (std::size_t i = 0; i < session->frames().size(); ++i) {
    ASSERT_EQ(session->frames()[i].frame_index, static_cast<std::int64_t>(i)) << "not contiguous";
  }
  expectFramesMatch(*session);
  EXPECT_NE(
      report.summary().find("recovered " + std::to_string(session->frames().size()) + " frames"),
      std::string::npos)
      << report.summary();

  // Repair closed the open segment and marked the session: a second open finds it clean.
  for (const auto& name : testing::fileNames(folder / "frames")) {
    EXPECT_FALSE(name.ends_with(".open")) << name;
  }
  auto again = openOrFail(folder, Session::Mode::ReadOnly);
  ASSERT_NE(again, nullptr);
  EXPECT_TRUE(again->report().was_clean) << again->report().summary();
  EXPECT_EQ(again->frames().size(), session->frames().size());
  EXPECT_EQ(again->events().size(), session->events().size());
}

TEST(SessionRecoveryTest, TornSegmentAndJournalTailsAreReportedExactly) {
  TempFolder temp;
  const auto folder = temp.path() / "torn.lfsession";
  writeAndAbandon(folder, /*frames=*/15, /*events=*/7, /*frames_per_segment=*/6);
  const auto open_segment = folder / "frames" / "seg_000002.open";
  ASSERT_TRUE(fs::exists(open_segment));
  const auto offsets = recordOffsets(open_segment);
  ASSERT_EQ(offsets.size(), 3u);  // frames 12, 13, 14
  const std::uint64_t segment_size = fs::file_size(open_segment);
  const std::uint64_t cut = offsets[2] + session_internal::kRecordHeaderSize + 10;
  fs::resize_file(open_segment, cut);  // frame 14 torn inside its pixels

  const auto journal = folder / "events.jsonl";
  const std::string lines = testing::readText(journal);
  const std::uint64_t last_line_start = lines.rfind('\n', lines.size() - 2) + 1;
  fs::resize_file(journal, lines.size() - 3);  // the last event loses its newline and more
  const std::int64_t torn_journal_bytes =
      static_cast<std::int64_t>(lines.size() - 3 - last_line_start);
  const std::int64_t torn_bytes = static_cast<std::int64_t>(cut - offsets[2]) + torn_journal_bytes;
  ASSERT_LT(cut, segment_size);

  auto read_only = openOrFail(folder, Session::Mode::ReadOnly);
  ASSERT_NE(read_only, nullptr);
  const auto& report = read_only->report();
  EXPECT_FALSE(report.was_clean);
  EXPECT_EQ(report.frames_recovered, 14);
  EXPECT_EQ(report.frames_lost, 1);
  EXPECT_EQ(report.events_recovered, 6);
  EXPECT_EQ(report.events_lost, 1);
  EXPECT_EQ(report.bytes_truncated, torn_bytes);
  EXPECT_EQ(report.summary(), "recovered 14 frames and 6 events; lost 1 frame (" +
                                  std::to_string(torn_bytes) + " bytes truncated) and 1 event");
  expectFramesMatch(*read_only);
  // Read-only means read-only.
  EXPECT_EQ(fs::file_size(open_segment), cut);
  EXPECT_EQ(fs::file_size(journal), lines.size() - 3);
  EXPECT_FALSE(fs::exists(folder / "state.json"));

  auto repaired = openOrFail(folder, Session::Mode::Repair);
  ASSERT_NE(repaired, nullptr);
  EXPECT_EQ(repaired->report().frames_lost, 1);
  EXPECT_EQ(repaired->report().bytes_truncated, torn_bytes);
  EXPECT_FALSE(fs::exists(open_segment));
  EXPECT_EQ(fs::file_size(folder / "frames" / "seg_000002.lfseg"), offsets[2]);
  EXPECT_EQ(fs::file_size(journal), last_line_start);
  EXPECT_EQ(fs::file_size(folder / "index.bin"), 16u + 14u * 40u);

  auto reopened = openOrFail(folder, Session::Mode::ReadOnly);
  ASSERT_NE(reopened, nullptr);
  EXPECT_TRUE(reopened->report().was_clean) << reopened->report().summary();
  EXPECT_EQ(reopened->report().frames_recovered, 14);
  EXPECT_EQ(reopened->report().events_recovered, 6);
  EXPECT_EQ(reopened->report().bytes_truncated, 0);
  ASSERT_FALSE(reopened->report().details.empty());
  EXPECT_NE(reopened->report().details.front().find("repaired earlier"), std::string::npos);
  expectFramesMatch(*reopened);
}

TEST(SessionRecoveryTest, RecordTornInsideItsHeaderCountsAsOneLostFrame) {
  TempFolder temp;
  const auto folder = temp.path() / "torn_header.lfsession";
  writeAndAbandon(folder, /*frames=*/9, /*events=*/0, /*frames_per_segment=*/6);
  const auto open_segment = folder / "frames" / "seg_000001.open";
  const auto offsets = recordOffsets(open_segment);
  ASSERT_EQ(offsets.size(), 3u);
  fs::resize_file(open_segment, offsets[2] + 20);
  auto session = openOrFail(folder, Session::Mode::Repair);
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->report().frames_recovered, 8);
  EXPECT_EQ(session->report().frames_lost, 1);
  EXPECT_EQ(session->report().bytes_truncated, 20);
}

// After a power cut the open segment can end in zeros (the size grew, the data never came).
TEST(SessionRecoveryTest, ZerosAfterTheLastRecordOfTheOpenSegmentAreCut) {
  TempFolder temp;
  const auto folder = temp.path() / "zeros.lfsession";
  writeAndAbandon(folder, /*frames=*/10, /*events=*/2, /*frames_per_segment=*/6);
  const auto open_segment = folder / "frames" / "seg_000001.open";
  const auto size = fs::file_size(open_segment);
  fs::resize_file(open_segment, size + 8192);
  auto session = openOrFail(folder, Session::Mode::Repair);
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->report().frames_recovered, 10);
  EXPECT_LE(session->report().frames_lost, 1);
  EXPECT_EQ(session->report().bytes_truncated, 8192);
  EXPECT_EQ(fs::file_size(folder / "frames" / "seg_000001.lfseg"), size);
  expectFramesMatch(*session);
}

TEST(SessionRecoveryTest, DamagedPixelsInTheOpenSegmentLoseThatFrameOnly) {
  TempFolder temp;
  const auto folder = temp.path() / "open_damage.lfsession";
  writeAndAbandon(folder, /*frames=*/10, /*events=*/0, /*frames_per_segment=*/6);
  const auto open_segment = folder / "frames" / "seg_000001.open";
  const auto offsets = recordOffsets(open_segment);
  ASSERT_EQ(offsets.size(), 4u);                                                  // frames 6..9
  flipByte(open_segment, offsets[1] + session_internal::kRecordHeaderSize + 25);  // frame 7
  auto session = openOrFail(folder, Session::Mode::ReadOnly);
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->report().frames_recovered, 9);
  EXPECT_EQ(session->report().frames_lost, 1);
  EXPECT_EQ(session->report().bytes_truncated, 0);
  for (const auto& record : session->frames()) EXPECT_NE(record.frame_index, 7);
  expectFramesMatch(*session);
}

TEST(SessionRecoveryTest, CorruptJournalLineInTheMiddleIsDroppedNotTruncated) {
  TempFolder temp;
  const auto folder = temp.path() / "journal.lfsession";
  writeAndAbandon(folder, /*frames=*/2, /*events=*/5, /*frames_per_segment=*/6);
  const auto journal = folder / "events.jsonl";
  std::string lines = testing::readText(journal);
  const auto third_line = lines.find('\n', lines.find('\n') + 1) + 1;
  lines[third_line + 30] = '#';
  testing::writeText(journal, lines);
  auto session = openOrFail(folder, Session::Mode::Repair);
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->report().events_recovered, 4);
  EXPECT_EQ(session->report().events_lost, 1);
  EXPECT_EQ(session->report().bytes_truncated, 0);
  ASSERT_EQ(session->events().size(), 4u);
  EXPECT_EQ(session->events()[2].id, 3u);
  EXPECT_EQ(testing::readText(journal), lines) << "repair must not rewrite intact history";
}

TEST(SessionRecoveryTest, CorruptPixelsInAClosedSegmentFailOnlyThatFrame) {
  TempFolder temp;
  const auto folder = temp.path() / "bitrot.lfsession";
  writeAndAbandon(folder, /*frames=*/20, /*events=*/0, /*frames_per_segment=*/5);
  auto healthy = openOrFail(folder, Session::Mode::Repair);  // closes the last segment
  ASSERT_NE(healthy, nullptr);
  const auto segment = folder / "frames" / "seg_000001.lfseg";
  const auto offsets = recordOffsets(segment);
  ASSERT_EQ(offsets.size(), 5u);
  flipByte(segment, offsets[2] + session_internal::kRecordHeaderSize + 40);  // frame 7's data

  auto session = openOrFail(folder, Session::Mode::ReadOnly);
  ASSERT_NE(session, nullptr);
  ASSERT_EQ(session->frames().size(), 20u);
  for (std::size_t i = 0; i < 20; ++i) {
    auto frame = session->readFrame(i);
    if (i == 7) {
      ASSERT_FALSE(frame.ok());
      EXPECT_NE(frame.error().find("frame 7 is corrupt"), std::string::npos) << frame.error();
      EXPECT_EQ(frame.error().find('\n'), std::string::npos);
    } else {
      ASSERT_TRUE(frame.ok()) << frame.error();
      EXPECT_TRUE(frame->rgb == testFrame(static_cast<std::int64_t>(i)).rgb);
    }
  }
}

TEST(SessionRecoveryTest, DamagedRecordHeaderLosesOnlyThatFrame) {
  TempFolder temp;
  const auto folder = temp.path() / "bad_header.lfsession";
  writeAndAbandon(folder, /*frames=*/20, /*events=*/0, /*frames_per_segment=*/5);
  ASSERT_NE(openOrFail(folder, Session::Mode::Repair), nullptr);
  const auto segment = folder / "frames" / "seg_000002.lfseg";
  const auto offsets = recordOffsets(segment);
  ASSERT_EQ(offsets.size(), 5u);
  flipByte(segment, offsets[2] + 8);  // frame 12's frame_index field

  auto session = openOrFail(folder, Session::Mode::ReadOnly);
  ASSERT_NE(session, nullptr);
  const auto& report = session->report();
  EXPECT_FALSE(report.was_clean);
  EXPECT_EQ(report.frames_recovered, 19);
  EXPECT_EQ(report.frames_lost, 1);
  bool named_gap = false;
  for (const auto& line : report.details) named_gap |= line == "frame 12 is lost";
  EXPECT_TRUE(named_gap) << report.summary();
  for (std::size_t i = 0; i < session->frames().size(); ++i) {
    EXPECT_NE(session->frames()[i].frame_index, 12);
  }
  expectFramesMatch(*session);
}

TEST(SessionRecoveryTest, MissingSegmentIsAGapOfLostFrames) {
  TempFolder temp;
  const auto folder = temp.path() / "gap.lfsession";
  writeAndAbandon(folder, /*frames=*/20, /*events=*/0, /*frames_per_segment=*/5);
  ASSERT_NE(openOrFail(folder, Session::Mode::Repair), nullptr);
  fs::remove(folder / "frames" / "seg_000001.lfseg");
  auto session = openOrFail(folder, Session::Mode::ReadOnly);
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->report().frames_recovered, 15);
  EXPECT_EQ(session->report().frames_lost, 5);
  EXPECT_FALSE(session->report().was_clean);
  expectFramesMatch(*session);
}

TEST(SessionRecoveryTest, LostIndexIsRebuiltFromTheSegments) {
  TempFolder temp;
  const auto folder = temp.path() / "index.lfsession";
  {
    auto writer = SessionWriter::create(folder, testHeader(), {.frames_per_segment = 4});
    ASSERT_TRUE(writer.ok()) << writer.error();
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(writer.value()->appendFrame(testFrame(i), i).ok());
    ASSERT_TRUE(writer.value()->close().ok());
  }
  const std::string original_index = testing::readText(folder / "index.bin");
  testing::writeText(folder / "index.bin", "garbage");
  auto read_only = openOrFail(folder, Session::Mode::ReadOnly);
  ASSERT_NE(read_only, nullptr);
  EXPECT_FALSE(read_only->report().was_clean);
  EXPECT_EQ(read_only->frames().size(), 10u);
  expectFramesMatch(*read_only);
  ASSERT_NE(openOrFail(folder, Session::Mode::Repair), nullptr);
  EXPECT_EQ(testing::readText(folder / "index.bin"), original_index);
  auto reopened = openOrFail(folder, Session::Mode::ReadOnly);
  ASSERT_NE(reopened, nullptr);
  EXPECT_TRUE(reopened->report().was_clean) << reopened->report().summary();
}

}  // namespace
}  // namespace liveframe
