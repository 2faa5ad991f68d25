// `liveframe render`: regenerate a session (or a range of it) from its journal and seed, check
// every frame against the recorded checksums, and optionally record the result as a new session.
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "cli/common.h"
#include "cli/replay.h"
#include "liveframe/engine.h"
#include "liveframe/export.h"
#include "liveframe/recorder.h"

namespace liveframe::cli {
namespace {

struct RenderArgs {
  std::string session, output, from, to, model = "sketch";
  int threads = 1;
  bool quiet = false;
};

// Passes every event and the frames of [first_index, end_index) on to a recorder: the new
// session holds the range, and the journal from frame 0 that regenerates it.
// Thread-safety: called on the engine's output thread only.
class RangeSink final : public FrameSink {
 public:
  RangeSink(std::shared_ptr<Recorder> recorder, std::int64_t first_index, std::int64_t end_index)
      : recorder_(std::move(recorder)), first_index_(first_index), end_index_(end_index) {}
  void onFrame(const FramePtr& frame) override {
    if (frame->frame_index >= first_index_ && frame->frame_index < end_index_) {
      recorder_->onFrame(frame);
    }
  }
  void onEvent(const Event& event) override { recorder_->onEvent(event); }

 private:
  std::shared_ptr<Recorder> recorder_;
  std::int64_t first_index_, end_index_;
};

struct RenderRange {
  std::int64_t first_index = 0, end_index = 0;  // stream frame indices [first, end)
  std::vector<FrameRecord> expected;            // the recorded frames of the range
};

Result<RenderRange> renderRange(const Session& session, const RenderArgs& args) {
  const auto& frames = session.frames();
  if (frames.empty()) return Error{args.session + ": the session has no frames to render"};
  const double fps = session.header().fps;
  const std::int64_t start = frames.front().frame_index;
  const std::int64_t length = frames.back().frame_index - start + 1;
  std::int64_t from = 0, to = length;
  if (!args.from.empty()) {
    auto position = parseTimelinePosition(args.from, fps);
    if (!position) return Error{"--from: " + position.error()};
    from = position.value();
  }
  if (!args.to.empty()) {
    auto position = parseTimelinePosition(args.to, fps);
    if (!position) return Error{"--to: " + position.error()};
    to = position.value();
  }
  if (from < 0 || from >= to || to > length) {
    return Error{"bad range [" + std::to_string(from) + ", " + std::to_string(to) +
                 "): the session has " + std::to_string(length) + " frames"};
  }
  RenderRange range{start + from, start + to, {}};
  for (const auto& record : frames) {
    if (record.frame_index >= range.first_index && record.frame_index < range.end_index) {
      range.expected.push_back(record);
    }
  }
  return range;
}

int render(const RenderArgs& args) {
  installSignalHandlers();
  auto session = Session::open(args.session, Session::Mode::ReadOnly);
  if (!session) return fail(session.error());
  auto range = renderRange(**session, args);
  if (!range) return fail(range.error());
  EngineOptions options;
  options.model = args.model;
  options.threads = args.threads;
  options.target_fps = 0;
  configureReplay(**session, args.model, options);
  // The model is causal: the range is reached by generating every frame before it.
  options.max_frames = range->end_index;
  auto engine = Engine::create(options);
  if (!engine) return fail(engine.error());
  auto checksums = std::make_shared<ChecksumSink>(range->first_index, range->end_index);
  (*engine)->addSink(checksums);
  std::shared_ptr<Recorder> recorder;
  if (!args.output.empty()) {
    const auto header = sessionHeader((*engine)->info(), options.seed);
    auto started = Recorder::start(args.output, header, Recorder::Options{});
    if (!started) return fail(started.error());
    recorder = started.value();
    (*engine)->addSink(std::make_shared<RangeSink>(recorder, range->first_index, range->end_index));
  }
  const bool show_progress = !args.quiet && ::isatty(STDERR_FILENO);
  (*engine)->start();
  while ((*engine)->running() && !interrupted() && !(recorder && recorder->failed())) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (show_progress) {
      std::fprintf(stderr, "\rrender frame %lld of %lld ",
                   static_cast<long long>((*engine)->framesProduced()),
                   static_cast<long long>(range->end_index));
    }
  }
  (*engine)->stop();
  if (show_progress) std::fputc('\n', stderr);
  const Status recorded = recorder ? recorder->finish() : Status::success();
  if (!(*engine)->failure().empty()) return fail((*engine)->failure());
  if (!recorded) return fail("recording stopped: " + recorded.error());
  if (interrupted()) return fail("render interrupted");
  if (recorder) {
    std::cout << "rendered " << recorder->framesWritten() << " frames to " << args.output << "\n";
  }
  return reportReplay("render", range->expected, checksums->checksums);
}

}  // namespace

void addRenderCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<RenderArgs>();
  auto* cmd = app.add_subcommand(
      "render",
      "Regenerate a session (or a range) from its journal and seed and check every frame "
      "against the recorded checksums");
  cmd->add_option("session", args->session, "Session folder (NAME.lfsession)")->required();
  cmd->add_option("-o,--output", args->output, "Record the regenerated range (NEW.lfsession)");
  cmd->add_option("--from", args->from, "Range start: frame, seconds (12.5s) or HH:MM:SS:FF");
  cmd->add_option("--to", args->to, "Range end (exclusive); default: the end");
  cmd->add_option("-m,--model", args->model,
                  "Model id or weights (default: the session's model)")
      ->capture_default_str();
  cmd->add_option("--threads", args->threads, "Threads for the step stage")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line");
  cmd->callback([args, exit_code] { *exit_code = render(*args); });
}

}  // namespace liveframe::cli
