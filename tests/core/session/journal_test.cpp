// The event journal's line format: checksums, torn tails, payload round trips.
#include "journal.h"

#include <gtest/gtest.h>

#include <string>

namespace liveframe::session_internal {
namespace {

Event sampleEvent(std::uint64_t id) {
  return Event{id, static_cast<std::int64_t>(id) * 10, static_cast<std::int64_t>(id) * 1000,
               "prompt", R"({"text":"ein Fuchs – 狐","z":1,"a":[true,null,2.5]})"};
}

std::string journalOf(int events) {
  std::string bytes;
  for (int i = 0; i < events; ++i) {
    EXPECT_TRUE(appendEventLine(sampleEvent(i), bytes).ok());
  }
  return bytes;
}

TEST(JournalTest, LinesRoundTripWithKeyOrderAndUnicode) {
  const auto contents = parseJournal(journalOf(3));
  ASSERT_EQ(contents.events.size(), 3u);
  EXPECT_EQ(contents.lines_lost, 0);
  EXPECT_EQ(contents.torn_tail_size, 0u);
  for (std::uint64_t i = 0; i < 3; ++i) {
    const Event expected = sampleEvent(i);
    EXPECT_EQ(contents.events[i].id, expected.id);
    EXPECT_EQ(contents.events[i].frame_index, expected.frame_index);
    EXPECT_EQ(contents.events[i].time_us, expected.time_us);
    EXPECT_EQ(contents.events[i].type, expected.type);
    EXPECT_EQ(contents.events[i].payload_json, expected.payload_json);
  }
}

TEST(JournalTest, EachLineIsJsonWithItsChecksumFirst) {
  const std::string line = journalOf(1);
  EXPECT_EQ(line.rfind(R"({"xxh":")", 0), 0u) << line;
  EXPECT_NE(line.find(R"("payload":{"text":)"), std::string::npos) << line;
  EXPECT_EQ(line.back(), '\n');
}

TEST(JournalTest, AByteChangedInsideValidJsonIsCaughtByTheChecksum) {
  std::string bytes = journalOf(3);
  const auto second_line = bytes.find('\n') + 1;
  const auto field = bytes.find("\"frame_index\":10", second_line);
  ASSERT_NE(field, std::string::npos);
  bytes[field + 15] = '9';  // still valid JSON, now a lie
  const auto contents = parseJournal(bytes);
  ASSERT_EQ(contents.events.size(), 2u);
  EXPECT_EQ(contents.events[1].id, 2u);
  EXPECT_EQ(contents.lines_lost, 1);
  ASSERT_EQ(contents.details.size(), 1u);
  EXPECT_NE(contents.details[0].find("line 2: checksum mismatch"), std::string::npos);
}

TEST(JournalTest, TornLastLineIsDroppedAndMeasured) {
  const std::string bytes = journalOf(4);
  const auto last_start = bytes.rfind('\n', bytes.size() - 2) + 1;
  for (std::size_t cut : {last_start + 1, bytes.size() - 1}) {
    const auto contents = parseJournal(std::string_view(bytes).substr(0, cut));
    EXPECT_EQ(contents.events.size(), 3u);
    EXPECT_EQ(contents.lines_lost, 1);
    EXPECT_EQ(contents.valid_size, last_start);
    EXPECT_EQ(contents.torn_tail_size, cut - last_start);
  }
}

TEST(JournalTest, HandWrittenLinesWithoutChecksumAreAccepted) {
  const auto contents =
      parseJournal("{\"id\":5,\"frame_index\":0,\"time_us\":0,\"type\":\"marker\"}\n\nnot json\n");
  ASSERT_EQ(contents.events.size(), 1u);
  EXPECT_EQ(contents.events[0].payload_json, "{}");
  EXPECT_EQ(contents.lines_lost, 1);  // the blank line is not an event and not a loss
}

TEST(JournalTest, PayloadMustBeAJsonObject) {
  std::string out;
  for (const char* payload : {"[1]", "{\"a\":", "3", "{} {}"}) {
    Event event = sampleEvent(1);
    event.payload_json = payload;
    EXPECT_FALSE(appendEventLine(event, out).ok()) << payload;
  }
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace liveframe::session_internal
