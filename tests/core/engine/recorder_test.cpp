#include "liveframe/recorder.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <map>
#include <thread>

#include "liveframe/engine.h"
#include "liveframe/session.h"

namespace liveframe {
namespace {

namespace fs = std::filesystem;

class RecorderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lf_recorder_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static SessionHeader header(const Engine& engine, std::uint64_t seed) {
    SessionHeader h;
    h.model_id = engine.info().id;
    h.weights_hash = engine.info().weights_hash;
    h.seed = seed;
    h.width = engine.info().width;
    h.height = engine.info().height;
    h.fps = engine.info().fps;
    h.app_version = "test";
    h.start_time_utc = "2026-11-25T00:00:00Z";
    return h;
  }
  static EngineOptions options(std::int64_t max_frames) {
    EngineOptions o;
    o.random_weights = true;
    o.target_fps = 0;
    o.seed = 5;
    o.initial_prompt = "a green pyramid in the meadow";
    o.max_frames = max_frames;
    o.threads = 1;  // tests run two at a time on two cores
    return o;
  }
  static void runToEnd(Engine& engine) {
    engine.start();
    while (engine.running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    engine.stop();
  }
  fs::path dir_;
};

TEST_F(RecorderTest, SlowDiskSlowsTheEngineButLosesNoFrame) {
  constexpr std::int64_t kFrames = 20;
  constexpr std::size_t kQueue = 3;
  auto engine = Engine::create(options(kFrames));
  ASSERT_TRUE(engine.ok()) << engine.error();
  // The "disk" does not write at all until the gate opens.
  std::atomic<bool> gate_open{false};
  Recorder::Options slow;
  slow.queue_frames = kQueue;
  slow.before_frame_write = [&](std::int64_t) {
    while (!gate_open) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  };
  // Whatever happens below, the gate opens before the recorder is destroyed.
  struct OpenGate {
    std::atomic<bool>& gate;
    ~OpenGate() { gate = true; }
  } open_gate{gate_open};
  auto recorder = Recorder::start(dir_ / "slow.lfsession", header(**engine, 5), slow);
  ASSERT_TRUE(recorder.ok()) << recorder.error();
  auto display = std::make_shared<LatestMailbox>();
  (*engine)->addSink(display);
  (*engine)->addSink(*recorder);
  (*engine)->start();
  // Wait until the engine is held by the full recorder queue.
  for (int i = 0; i < 6000 && (*recorder)->stalls() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_GT((*recorder)->stalls(), 0) << "the engine never filled the recorder queue";
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const std::int64_t produced = (*engine)->framesProduced();
  // One frame in the writer, kQueue queued; the next one waits in onFrame().
  EXPECT_LE(produced, static_cast<std::int64_t>(kQueue) + 1);
  EXPECT_LT(produced, kFrames);
  ASSERT_NE(display->peek(), nullptr);
  EXPECT_EQ(display->peek()->frame_index, produced);  // the display has the newest frame
  gate_open = true;
  while ((*engine)->running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  (*engine)->stop();
  ASSERT_TRUE((*recorder)->finish().ok()) << (*recorder)->error();
  EXPECT_EQ((*recorder)->framesWritten(), kFrames);  // nothing dropped
  EXPECT_GT((*recorder)->stalls(), 0);
  auto session = Session::open(dir_ / "slow.lfsession", Session::Mode::ReadOnly);
  ASSERT_TRUE(session.ok()) << session.error();
  ASSERT_EQ((*session)->frames().size(), static_cast<std::size_t>(kFrames));
  for (std::int64_t i = 0; i < kFrames; ++i) {
    EXPECT_EQ((*session)->frames()[static_cast<std::size_t>(i)].frame_index, i);
  }
  EXPECT_TRUE((*session)->report().was_clean);
}

TEST_F(RecorderTest, RecordedSessionReplaysBitForBit) {
  auto engine = Engine::create(options(0));
  ASSERT_TRUE(engine.ok());
  auto recorder = Recorder::start(dir_ / "a.lfsession", header(**engine, 5), Recorder::Options{});
  ASSERT_TRUE(recorder.ok());
  (*engine)->addSink(*recorder);
  (*engine)->start();
  while ((*engine)->framesProduced() < 4) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_TRUE((*engine)->submit(command::SetPrompt{"night, snowy hills, white star"}).ok());
  ASSERT_TRUE((*engine)->submit(command::Mark{"switch"}).ok());
  while ((*engine)->framesProduced() < 9) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  (*engine)->stop();
  ASSERT_TRUE((*recorder)->finish().ok());

  auto session = Session::open(dir_ / "a.lfsession", Session::Mode::ReadOnly);
  ASSERT_TRUE(session.ok()) << session.error();
  auto replay_options = options(static_cast<std::int64_t>((*session)->frames().size()));
  replay_options.initial_prompt.clear();
  replay_options.seed = (*session)->header().seed;
  replay_options.replay_events = (*session)->events();
  auto replay = Engine::create(replay_options);
  ASSERT_TRUE(replay.ok());
  auto replay_recorder =
      Recorder::start(dir_ / "b.lfsession", header(**replay, 5), Recorder::Options{});
  ASSERT_TRUE(replay_recorder.ok());
  (*replay)->addSink(*replay_recorder);
  runToEnd(**replay);
  ASSERT_TRUE((*replay_recorder)->finish().ok());
  auto copy = Session::open(dir_ / "b.lfsession", Session::Mode::ReadOnly);
  ASSERT_TRUE(copy.ok());
  ASSERT_EQ((*copy)->frames().size(), (*session)->frames().size());
  for (std::size_t i = 0; i < (*copy)->frames().size(); ++i) {
    EXPECT_EQ((*copy)->frames()[i].checksum, (*session)->frames()[i].checksum) << "frame " << i;
  }
  ASSERT_GE((*session)->events().size(), 3u);  // prompt, prompt, marker
}

TEST_F(RecorderTest, RecordingStartedMidStreamReplays) {
  auto engine = Engine::create(options(0));
  ASSERT_TRUE(engine.ok());
  (*engine)->start();
  while ((*engine)->framesProduced() < 5) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_TRUE((*engine)->submit(command::SetPrompt{"dawn over the desert, a yellow ring"}).ok());
  while ((*engine)->framesProduced() < 7) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // The record button is pressed now.
  auto recorder = Recorder::start(dir_ / "late.lfsession", header(**engine, 5), Recorder::Options{});
  ASSERT_TRUE(recorder.ok());
  (*engine)->addSink(*recorder);
  while ((*engine)->framesProduced() < 10) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_TRUE((*engine)->submit(command::SetPrompt{"night, city skyline, rain"}).ok());
  while ((*engine)->framesProduced() < 14) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  (*engine)->removeSink(*recorder);
  while ((*engine)->framesProduced() < 16) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  (*engine)->stop();
  ASSERT_TRUE((*recorder)->finish().ok());

  auto session = Session::open(dir_ / "late.lfsession", Session::Mode::ReadOnly);
  ASSERT_TRUE(session.ok()) << session.error();
  const auto& frames = (*session)->frames();
  ASSERT_GE(frames.size(), 3u);
  EXPECT_GE(frames.front().frame_index, 7);  // started mid-stream
  EXPECT_LE(frames.back().frame_index, 15);  // stopped before the engine did
  ASSERT_EQ((*session)->events().size(), 3u);  // the history (2 prompts) + the live switch
  EXPECT_EQ((*session)->events().front().frame_index, 0);

  auto replay_options = options(frames.back().frame_index + 1);
  replay_options.initial_prompt.clear();
  replay_options.replay_events = (*session)->events();
  auto replay = Engine::create(replay_options);
  ASSERT_TRUE(replay.ok());
  std::map<std::int64_t, std::uint64_t> regenerated;
  struct Collect final : FrameSink {
    std::map<std::int64_t, std::uint64_t>* out;
    void onFrame(const FramePtr& f) override { (*out)[f->frame_index] = pixelChecksum(f->rgb); }
  };
  auto collect = std::make_shared<Collect>();
  collect->out = &regenerated;
  (*replay)->addSink(collect);
  runToEnd(**replay);
  for (const auto& record : frames) {
    EXPECT_EQ(regenerated[record.frame_index], record.checksum) << "frame " << record.frame_index;
  }
}

TEST_F(RecorderTest, UnwritableFolderIsAClearError) {
  auto engine = Engine::create(options(1));
  ASSERT_TRUE(engine.ok());
  const auto file = dir_ / "plain-file";
  std::ofstream(file) << "x";
  auto recorder = Recorder::start(file / "x.lfsession", header(**engine, 5), Recorder::Options{});
  ASSERT_FALSE(recorder.ok());
  EXPECT_EQ(recorder.error().find('\n'), std::string::npos);
  EXPECT_FALSE(recorder.error().empty());
}

}  // namespace
}  // namespace liveframe
