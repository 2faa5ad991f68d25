// `liveframe run`: stream headless, optionally record, print live stats.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "cli/common.h"
#include "cli/prompt_script.h"
#include "cli/replay.h"
#include "liveframe/engine.h"
#include "liveframe/recorder.h"

namespace liveframe::cli {
namespace {

struct RunArgs {
  std::string prompt, script, model = "sketch", record, replay, size;
  bool random_weights = false, quiet = false, prompt_given = false;
  std::uint64_t seed = 1;
  double seconds = 0, fps = -1;
  std::int64_t frames = 0;
  int transition = 0, threads = 1;
};

void printStats(const StatsSnapshot& s, bool final_line) {
  std::fprintf(stderr,
               "%sframe %6lld  fps %5.1f  step %5.1f ms  decode %5.1f ms  latency p50 %5.0f ms  "
               "rss %5.0f MB%s",
               final_line ? "" : "\r", static_cast<long long>(s.frames), s.fps, s.stages.step_ms,
               s.stages.decode_ms, s.latency_ms.p50, s.rss_mb, final_line ? "\n" : "");
  std::fflush(stderr);
}

// Loads the journal and settings of a session to replay.
Status prepareReplay(RunArgs& args, EngineOptions& options, std::vector<FrameRecord>& expected) {
  auto session = Session::open(args.replay, Session::Mode::ReadOnly);
  if (!session.ok()) return Error{session.error()};
  configureReplay(**session, args.model, options);
  // A recording started mid-stream holds the journal from frame 0: regenerate from there.
  expected = (*session)->frames();
  if (expected.empty()) return Error{args.replay + ": the session has no frames to replay"};
  if (options.max_frames == 0) options.max_frames = expected.back().frame_index + 1;
  return Status::success();
}

// Streams until the frame/time limit, Ctrl-C, an engine failure or a recording failure.
void streamUntilDone(Engine& engine, const Recorder* recorder, const RunArgs& args) {
  const auto start = std::chrono::steady_clock::now();
  auto next_print = start;
  while (engine.running() && !interrupted()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const auto now = std::chrono::steady_clock::now();
    if (args.seconds > 0 && now - start >= std::chrono::duration<double>(args.seconds)) break;
    if (recorder && recorder->failed()) break;
    if (!args.quiet && now >= next_print) {
      printStats(engine.stats(), false);
      next_print = now + std::chrono::seconds(1);
    }
  }
  engine.stop();
  if (!args.quiet) printStats(engine.stats(), true);
}

int run(RunArgs args) {
  installSignalHandlers();
  EngineOptions options;
  options.model = args.model;
  options.random_weights = useRandomWeightsFallback(args.model, args.random_weights);
  options.seed = args.seed;
  options.threads = args.threads;
  options.initial_prompt = args.prompt;
  options.transition_frames = args.transition;
  options.max_frames = args.frames;
  options.target_fps = args.fps;
  if (!args.size.empty()) {
    if (auto status = parseFrameSize(args.size, "--size", options.width, options.height); !status)
      return fail(status.error());
  }
  std::vector<FrameRecord> expected;
  if (args.prompt_given) {
    if (auto status = validatePrompt(args.prompt); !status.ok()) return fail(status.error());
  }
  if (!args.replay.empty()) {
    if (auto status = prepareReplay(args, options, expected); !status.ok())
      return fail(status.error());
  } else if (args.prompt.empty() && args.script.empty()) {
    return fail("nothing to generate: give --prompt TEXT or --script FILE");
  }
  auto engine = Engine::create(options);
  if (!engine.ok()) return fail(engine.error());
  const ModelInfo& info = (*engine)->info();
  if (!args.script.empty()) {
    auto events = loadPromptScript(args.script, info.fps);
    if (!events.ok()) return fail(events.error());
    (*engine)->setReplayEvents(std::move(events).value());
  }
  std::shared_ptr<Recorder> recorder;
  if (!args.record.empty()) {
    auto started =
        Recorder::start(args.record, sessionHeader(info, options.seed), Recorder::Options{});
    if (!started.ok()) return fail(started.error());
    recorder = started.value();
    (*engine)->addSink(recorder);
  }
  auto checksums = std::make_shared<ChecksumSink>();
  if (!expected.empty()) (*engine)->addSink(checksums);
  (*engine)->start();
  streamUntilDone(**engine, recorder.get(), args);
  const Status recorded = recorder ? recorder->finish() : Status::success();
  if (!(*engine)->failure().empty()) return fail((*engine)->failure());
  if (!recorded.ok()) return fail("recording stopped: " + recorded.error());
  if (recorder) {
    std::cout << "recorded " << recorder->framesWritten() << " frames to " << args.record << "\n";
  }
  if (!expected.empty()) return reportReplay("replay", expected, checksums->checksums);
  return kExitOk;
}

}  // namespace

void addRunCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand("run", "Stream frames headless, optionally recording a session");
  auto* prompt = cmd->add_option("-p,--prompt", args->prompt, "Prompt text");
  cmd->add_option("--script", args->script, "Prompt script with timed changes (see README)")
      ->check(CLI::ExistingFile);
  cmd->add_option("-m,--model", args->model, "Model id, weights file or model folder")
      ->capture_default_str();
  cmd->add_option("--size", args->size,
                  "Frame size WIDTHxHEIGHT (Wan folders: any multiple of 16; default 832x480)");
  cmd->add_flag("--random-weights", args->random_weights,
                "Use the model's architecture at deterministic random weights");
  cmd->add_option("--seed", args->seed, "Noise seed")->capture_default_str();
  cmd->add_option("--seconds", args->seconds, "Stop after this many seconds")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--frames", args->frames, "Stop after this many frames")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--fps", args->fps,
                  "Pace to this rate (default: the model's; 0: as fast as possible)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--transition", args->transition, "Frames to blend over on a prompt change")
      ->check(CLI::Range(0, 10000));
  cmd->add_option("--threads", args->threads,
                  "Threads for the step stage (the decoder has its own)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->add_option("-r,--record", args->record, "Record into this session folder (NAME.lfsession)");
  cmd->add_option("--replay", args->replay,
                  "Regenerate a recorded session from its seed and journal and compare checksums")
      ->check(CLI::ExistingDirectory);
  cmd->add_flag("-q,--quiet", args->quiet, "No live stats");
  cmd->callback([args, exit_code, prompt] {
    args->prompt_given = prompt->count() > 0;
    *exit_code = run(*args);
  });
}

}  // namespace liveframe::cli
