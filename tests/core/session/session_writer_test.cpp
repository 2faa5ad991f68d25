// Round trips through SessionWriter and Session::open, and the writer's own checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <numeric>
#include <thread>

#include "liveframe/session.h"
#include "session_test_support.h"

namespace liveframe {
namespace {

using testing::TempFolder;
using testing::testEvent;
using testing::testFrame;
using testing::testHeader;

std::unique_ptr<SessionWriter> createOrFail(const std::filesystem::path& folder,
                                            SessionWriter::Options options) {
  auto writer = SessionWriter::create(folder, testHeader(), options);
  EXPECT_TRUE(writer.ok()) << writer.error();
  return writer.ok() ? std::move(writer).value() : nullptr;
}

TEST(SessionWriterTest, RoundTripsEveryFrameAndEventExactly) {
  TempFolder temp;
  const auto folder = temp.path() / "take1.lfsession";
  constexpr int kFrames = 50;
  constexpr int kEvents = 12;
  auto writer = createOrFail(folder, {.frames_per_segment = 8, .journal_flush_ms = 250});
  ASSERT_NE(writer, nullptr);
  std::vector<Event> written_events;
  for (int i = 0; i < kFrames; ++i) {
    if (i % 4 == 0 && written_events.size() < kEvents) {
      written_events.push_back(testEvent(written_events.size(), i));
      ASSERT_TRUE(writer->appendEvent(written_events.back()).ok());
    }
    const auto status = writer->appendFrame(testFrame(i), 1000 + i * 41'667);
    ASSERT_TRUE(status.ok()) << status.error();
  }
  Event empty_payload{99, kFrames, 5, "pause", ""};
  ASSERT_TRUE(writer->appendEvent(empty_payload).ok());
  ASSERT_TRUE(writer->close().ok());
  ASSERT_TRUE(writer->close().ok()) << "close() must be idempotent";
  EXPECT_GT(writer->bytesWritten(), 0);

  auto opened = Session::open(folder, Session::Mode::ReadOnly);
  ASSERT_TRUE(opened.ok()) << opened.error();
  const Session& session = *opened.value();
  const auto& header = session.header();
  EXPECT_EQ(header.model_id, "sketch-v1");
  EXPECT_EQ(header.weights_hash, "xxh3:0123456789abcdef");
  EXPECT_EQ(header.seed, 0xFEDCBA9876543210ull);
  EXPECT_EQ(header.width, 64);
  EXPECT_EQ(header.height, 48);
  EXPECT_EQ(header.fps, 24);
  EXPECT_EQ(header.app_version, "0.1.0-test");
  EXPECT_EQ(header.start_time_utc, "2025-01-02T03:04:05Z");

  ASSERT_EQ(session.frames().size(), static_cast<std::size_t>(kFrames));
  for (int i = 0; i < kFrames; ++i) {
    const Frame expected = testFrame(i);
    const auto& record = session.frames()[i];
    EXPECT_EQ(record.frame_index, i);
    EXPECT_EQ(record.time_us, 1000 + i * 41'667);
    EXPECT_EQ(record.checksum, pixelChecksum(expected.rgb));
    auto frame = session.readFrame(i);
    ASSERT_TRUE(frame.ok()) << frame.error();
    EXPECT_EQ(frame->frame_index, i);
    EXPECT_EQ(frame->width, 64);
    EXPECT_EQ(frame->height, 48);
    EXPECT_TRUE(frame->rgb == expected.rgb) << "pixels of frame " << i << " differ";
  }
  EXPECT_FALSE(session.readFrame(kFrames).ok());

  ASSERT_EQ(session.events().size(), written_events.size() + 1);
  for (std::size_t i = 0; i < written_events.size(); ++i) {
    const Event& got = session.events()[i];
    EXPECT_EQ(got.id, written_events[i].id);
    EXPECT_EQ(got.frame_index, written_events[i].frame_index);
    EXPECT_EQ(got.time_us, written_events[i].time_us);
    EXPECT_EQ(got.type, written_events[i].type);
    EXPECT_EQ(got.payload_json, written_events[i].payload_json);  // compact input: byte-exact
  }
  EXPECT_EQ(session.events().back().payload_json, "{}");

  const auto& report = session.report();
  EXPECT_TRUE(report.was_clean);
  EXPECT_EQ(report.frames_recovered, kFrames);
  EXPECT_EQ(report.frames_lost, 0);
  EXPECT_EQ(report.events_recovered, kEvents + 1);
  EXPECT_EQ(report.events_lost, 0);
  EXPECT_EQ(report.bytes_truncated, 0);
  EXPECT_TRUE(report.details.empty()) << report.details.front();
  EXPECT_EQ(report.summary(), "recovered 50 frames and 13 events; nothing lost");

  // Opening a clean session for repair finds nothing to do and writes nothing.
  const std::string state_before = testing::readText(folder / "state.json");
  const auto index_time = std::filesystem::last_write_time(folder / "index.bin");
  auto repaired = Session::open(folder, Session::Mode::Repair);
  ASSERT_TRUE(repaired.ok()) << repaired.error();
  EXPECT_TRUE(repaired.value()->report().was_clean);
  EXPECT_EQ(testing::readText(folder / "state.json"), state_before);
  EXPECT_EQ(std::filesystem::last_write_time(folder / "index.bin"), index_time);
}

TEST(SessionWriterTest, FramesCanBeReadFromManyThreadsAtOnce) {
  TempFolder temp;
  const auto folder = temp.path() / "threads.lfsession";
  constexpr int kFrames = 40;
  {
    auto writer = createOrFail(folder, {.frames_per_segment = 7, .journal_flush_ms = 250});
    ASSERT_NE(writer, nullptr);
    for (int i = 0; i < kFrames; ++i) ASSERT_TRUE(writer->appendFrame(testFrame(i), i).ok());
    ASSERT_TRUE(writer->close().ok());
  }
  auto opened = Session::open(folder, Session::Mode::ReadOnly);
  ASSERT_TRUE(opened.ok()) << opened.error();
  const std::shared_ptr<const Session> session = opened.value();
  std::atomic<int> mismatches{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < kFrames; ++i) {
          const int position = (i * 7 + t * 13 + round) % kFrames;
          auto frame = session->readFrame(position);
          if (!frame.ok() || frame->rgb != testFrame(position).rgb) ++mismatches;
        }
      }
    });
  }
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(SessionWriterTest, LaysOutClosedSegmentsIndexAndState) {
  TempFolder temp;
  const auto folder = temp.path() / "layout.lfsession";
  auto writer = createOrFail(folder, {.frames_per_segment = 4, .journal_flush_ms = 250});
  ASSERT_NE(writer, nullptr);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(writer->appendFrame(testFrame(i), i).ok());
  // Two full segments are closed as soon as they fill; the third is still open.
  EXPECT_EQ(testing::fileNames(folder / "frames"),
            (std::vector<std::string>{"seg_000000.lfseg", "seg_000001.lfseg", "seg_000002.open"}));
  ASSERT_TRUE(writer->close().ok());
  EXPECT_EQ(testing::fileNames(folder / "frames"),
            (std::vector<std::string>{"seg_000000.lfseg", "seg_000001.lfseg", "seg_000002.lfseg"}));
  EXPECT_EQ(testing::fileNames(folder),
            (std::vector<std::string>{"events.jsonl", "frames", "index.bin", "session.json",
                                      "state.json"}));
  EXPECT_EQ(std::filesystem::file_size(folder / "index.bin"), 16u + 10u * 40u);
  EXPECT_NE(testing::readText(folder / "state.json").find("\"closed\": true"), std::string::npos);
}

TEST(SessionWriterTest, JournalIsWrittenAtTheFlushIntervalOrWhenForced) {
  TempFolder temp;
  const auto folder = temp.path() / "journal.lfsession";
  auto writer = createOrFail(folder, {.frames_per_segment = 4, .journal_flush_ms = 60'000});
  ASSERT_NE(writer, nullptr);
  const auto journal = folder / "events.jsonl";
  ASSERT_TRUE(writer->appendEvent(testEvent(1, 0)).ok());
  ASSERT_TRUE(writer->flush(false).ok());
  EXPECT_EQ(std::filesystem::file_size(journal), 0u) << "flushed before the interval";
  ASSERT_TRUE(writer->flush(true).ok());
  const auto size_after_force = std::filesystem::file_size(journal);
  EXPECT_GT(size_after_force, 0u);

  TempFolder temp2;
  auto eager = createOrFail(temp2.path() / "eager.lfsession",
                            {.frames_per_segment = 4, .journal_flush_ms = 0});
  ASSERT_NE(eager, nullptr);
  ASSERT_TRUE(eager->appendEvent(testEvent(1, 0)).ok());
  EXPECT_GT(std::filesystem::file_size(temp2.path() / "eager.lfsession" / "events.jsonl"), 0u);
}

TEST(SessionWriterTest, RejectsFramesAndEventsThatDoNotFit) {
  TempFolder temp;
  auto writer = createOrFail(temp.path() / "checks.lfsession", {});
  ASSERT_NE(writer, nullptr);
  const auto wrong_size = writer->appendFrame(testFrame(0, 32, 32), 0);
  ASSERT_FALSE(wrong_size.ok());
  EXPECT_NE(wrong_size.error().find("32x32"), std::string::npos) << wrong_size.error();
  Frame short_pixels = testFrame(0);
  short_pixels.rgb.pop_back();
  EXPECT_FALSE(writer->appendFrame(short_pixels, 0).ok());
  ASSERT_TRUE(writer->appendFrame(testFrame(0), 0).ok());
  const auto gap = writer->appendFrame(testFrame(2), 0);
  ASSERT_FALSE(gap.ok());
  EXPECT_NE(gap.error().find("must be 1"), std::string::npos) << gap.error();
  ASSERT_TRUE(writer->appendFrame(testFrame(1), 0).ok()) << "a rejected frame changes nothing";
  Event bad{1, 0, 0, "prompt", "[1,2]"};
  const auto bad_payload = writer->appendEvent(bad);
  ASSERT_FALSE(bad_payload.ok());
  EXPECT_NE(bad_payload.error().find("payload_json"), std::string::npos);
  ASSERT_TRUE(writer->close().ok());
  EXPECT_FALSE(writer->appendFrame(testFrame(2), 0).ok());
  EXPECT_FALSE(writer->appendEvent(testEvent(2, 2)).ok());
}

TEST(SessionWriterTest, RefusesAFolderThatIsNotEmptyAndBadHeaders) {
  TempFolder temp;
  const auto folder = temp.path() / "busy.lfsession";
  std::filesystem::create_directories(folder);
  testing::writeText(folder / "notes.txt", "mine");
  auto busy = SessionWriter::create(folder, testHeader());
  ASSERT_FALSE(busy.ok());
  EXPECT_NE(busy.error().find("not empty"), std::string::npos) << busy.error();
  EXPECT_EQ(testing::readText(folder / "notes.txt"), "mine");

  auto empty_ok = SessionWriter::create(temp.path() / "fresh" / "a.lfsession", testHeader());
  EXPECT_TRUE(empty_ok.ok()) << empty_ok.error();

  SessionHeader bad = testHeader();
  bad.width = 0;
  EXPECT_FALSE(SessionWriter::create(temp.path() / "bad.lfsession", bad).ok());
  EXPECT_FALSE(std::filesystem::exists(temp.path() / "bad.lfsession"));
}

TEST(SessionWriterTest, DestroyingAnUnclosedWriterClosesIt) {
  TempFolder temp;
  const auto folder = temp.path() / "raii.lfsession";
  {
    auto writer = createOrFail(folder, {.frames_per_segment = 4, .journal_flush_ms = 60'000});
    ASSERT_NE(writer, nullptr);
    for (int i = 0; i < 6; ++i) ASSERT_TRUE(writer->appendFrame(testFrame(i), i).ok());
    ASSERT_TRUE(writer->appendEvent(testEvent(1, 3)).ok());
  }
  auto opened = Session::open(folder, Session::Mode::ReadOnly);
  ASSERT_TRUE(opened.ok()) << opened.error();
  EXPECT_TRUE(opened.value()->report().was_clean) << opened.value()->report().summary();
  EXPECT_EQ(opened.value()->frames().size(), 6u);
  EXPECT_EQ(opened.value()->events().size(), 1u);
}

// DESIGN §1: recording must stay off the critical path. Budget ~1-2 ms per 256x256 frame; the
// bound here is loose so a loaded CI machine does not fail it, and the numbers are printed.
TEST(SessionWriterTest, AppendingA256x256FrameTakesAboutAMillisecond) {
  TempFolder temp;
  auto writer = SessionWriter::create(temp.path() / "speed.lfsession", testHeader(256, 256),
                                      {.frames_per_segment = 24, .journal_flush_ms = 250});
  ASSERT_TRUE(writer.ok()) << writer.error();
  constexpr int kFrames = 96;
  std::vector<Frame> frames;
  for (int i = 0; i < kFrames; ++i) frames.push_back(testFrame(i, 256, 256));
  std::vector<double> costs_ms;
  for (const Frame& frame : frames) {
    const auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(writer.value()->appendFrame(frame, frame.frame_index).ok());
    costs_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
  }
  ASSERT_TRUE(writer.value()->close().ok());
  const double mean_ms = std::accumulate(costs_ms.begin(), costs_ms.end(), 0.0) / kFrames;
  std::sort(costs_ms.begin(), costs_ms.end());
  std::printf("appendFrame 256x256: mean %.3f ms, p50 %.3f ms, max %.3f ms, %.1f KB/frame\n",
              mean_ms, costs_ms[kFrames / 2], costs_ms.back(),
              writer.value()->bytesWritten() / 1024.0 / kFrames);
  EXPECT_LT(mean_ms, 10.0);
}

}  // namespace
}  // namespace liveframe
