// `liveframe train sketch`: train the built-in model (resumable), or a quick smoke run.
#include <malloc.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli/common.h"
#include "sketch/sketch_model.h"
#include "sketch/train/sketch_trainer.h"
#include "world/caption.h"

namespace liveframe::cli {
namespace {

// glibc hands large freed blocks back to the kernel (munmap, heap trim), so every training step
// page-faults its activations in again: ~20% of the time in the kernel on this 2-core VM. Kept
// in the heap, the transformer stage ran 0.45-0.5 steps/s instead of 0.24.
void keepFreedMemory() {
  ::mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's maximum
  ::mallopt(M_TRIM_THRESHOLD, 1 << 30);
  ::mallopt(M_TOP_PAD, 256 << 20);
}

namespace fs = std::filesystem;
using sketch::TrainOptions;

struct TrainArgs {
  std::string family, stage = "autoencoder", checkpoint_dir = "checkpoints/sketch", export_path;
  int steps = 1000, batch = 2, frames = 10, threads = 2, log_every = 20;
  double minutes = 0, lr = 0, save_every_s = 600;
  float guidance = -1;  // < 0: the checkpoint's own
  int guided_steps = -1;
  float context_noise = -1;
  std::string sampling;  // "1,0.75,0.5"; empty: the checkpoint's own
  std::uint64_t seed = 1;
  bool smoke = false, fresh = false;
};

void printLine(const std::string& line) { std::cout << line << std::endl; }

// A tiny model for a couple of minutes: both stages must make their loss fall, and the
// exported weights must load and stream.
int smoke(const TrainArgs& args) {
  const fs::path dir =
      fs::temp_directory_path() / ("liveframe-smoke-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  TrainOptions o;
  o.config = sketch::SketchConfig::tiny();
  o.checkpoint_dir = dir;
  o.threads = args.threads;
  o.log_every = 10;
  o.batch_clips = 2;
  o.frames_per_clip = 6;
  o.seed = args.seed;
  int result = kExitOk;
  for (auto [stage, steps, lr] : {std::tuple{TrainOptions::Stage::Autoencoder, 60, 3e-3f},
                                  std::tuple{TrainOptions::Stage::Transformer, 100, 1e-3f}}) {
    o.stage = stage;
    o.steps = steps;
    o.learning_rate = lr;
    auto report = sketch::trainSketch(o, printLine);
    if (!report.ok()) return fail(report.error());
    const char* name = stage == TrainOptions::Stage::Autoencoder ? "autoencoder" : "transformer";
    std::cout << "smoke " << name << ": loss " << report->first_loss << " -> " << report->last_loss
              << " in " << report->steps_done << " steps, " << report->seconds << " s\n";
    if (!(report->last_loss < 0.9 * report->first_loss)) {
      result = fail(std::string("smoke: the ") + name + " loss did not fall");
    }
  }
  const auto exported = dir / "sketch.safetensors";
  sketch::ExportSettings settings;
  settings.notes = "smoke test";
  if (auto status = sketch::exportSketch(dir, exported, settings); !status.ok())
    return fail(status.error());
  auto model = sketch::SketchModel::load(exported);
  if (!model.ok()) return fail(model.error());
  auto stream = (*model)->beginStream(1);
  const auto conditioning = (*model)->encodePrompt("a red ball bouncing over the ocean at sunset");
  std::vector<Frame> frames;
  for (int i = 0; i < 3; ++i)
    (*model)->decode(*stream, (*model)->step(*stream, *conditioning, 0), frames);
  std::cout << "smoke: exported model streamed " << frames.size() << " frames of "
            << frames[0].width << "x" << frames[0].height << "\n";
  fs::remove_all(dir);
  return result;
}

// "1,0.75,0.5": strictly descending timesteps in (0, 1].
Result<std::vector<float>> parseTimesteps(const std::string& text) {
  std::vector<float> timesteps;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    const auto [number, used] = leadingNumber(item);
    const auto t = static_cast<float>(number);
    const bool first = timesteps.empty();
    if (used == 0 || used != item.size() || !(t > 0.0f && t <= 1.0f) || (first && t != 1.0f) ||
        (!first && t >= timesteps.back())) {
      return Error{"--sampling: '" + text +
                   "' is not a descending list of timesteps from 1 down, e.g. 1,0.75,0.5 (a "
                   "stream's frame starts as pure noise, t = 1)"};
    }
    timesteps.push_back(t);
  }
  if (timesteps.empty() || text.back() == ',') {
    return Error{"--sampling: '" + text + "' is not a list of timesteps, e.g. 1,0.75,0.5"};
  }
  return timesteps;
}

int train(const TrainArgs& args) {
  if (args.family != "sketch") return fail("only the built-in 'sketch' model can be trained");
  if (args.smoke) return smoke(args);
  if (args.export_path.empty() && (args.guidance >= 0 || args.guided_steps >= 0 ||
                                   args.context_noise >= 0 || !args.sampling.empty())) {
    return fail("--sampling, --context-noise, --guidance and --guided-steps go with --export");
  }
  if (!args.export_path.empty()) {
    sketch::ExportSettings settings;
    settings.notes = "trained with 'liveframe train sketch' on the procedural world only";
    if (args.guidance >= 0) settings.guidance_scale = args.guidance;
    if (args.guided_steps >= 0) settings.guided_steps = args.guided_steps;
    if (args.context_noise >= 0) settings.context_noise = args.context_noise;
    if (!args.sampling.empty()) {
      auto timesteps = parseTimesteps(args.sampling);
      if (!timesteps.ok()) return fail(timesteps.error());
      settings.sampling_timesteps = *timesteps;
    }
    if (auto status = sketch::exportSketch(args.checkpoint_dir, args.export_path, settings);
        !status.ok()) {
      return fail(status.error());
    }
    std::cout << "exported " << args.export_path << " (" << fs::file_size(args.export_path) / 1024
              << " KB)\n";
    return kExitOk;
  }
  TrainOptions o;
  if (args.stage == "autoencoder")
    o.stage = TrainOptions::Stage::Autoencoder;
  else if (args.stage == "transformer")
    o.stage = TrainOptions::Stage::Transformer;
  else
    return fail("unknown stage '" + args.stage + "' (autoencoder, transformer)");
  o.checkpoint_dir = args.checkpoint_dir;
  o.steps = args.steps;
  o.minutes = args.minutes;
  o.batch_clips = args.batch;
  o.frames_per_clip = args.frames;
  o.learning_rate = static_cast<float>(args.lr);
  o.threads = args.threads;
  o.log_every = args.log_every;
  o.save_every_s = args.save_every_s;
  o.seed = args.seed;
  o.resume = !args.fresh;
  installSignalHandlers();
  keepFreedMemory();
  o.interrupted = [] { return interrupted().load(); };  // Ctrl-C saves a checkpoint, then exits
  auto report = sketch::trainSketch(o, printLine);
  if (!report.ok()) return fail(report.error());
  std::cout << args.stage << ": " << report->steps_done << " steps in " << report->seconds
            << " s (total " << report->total_steps << "), loss " << report->first_loss << " -> "
            << report->last_loss << "\n";
  return kExitOk;
}

}  // namespace

void addTrainCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<TrainArgs>();
  auto* cmd =
      app.add_subcommand("train", "Train the built-in model on the procedural world (resumable)");
  cmd->add_option("family", args->family, "Model family to train (sketch)")->required();
  cmd->add_option("--stage", args->stage, "autoencoder, then transformer")->capture_default_str();
  cmd->add_option("--checkpoints", args->checkpoint_dir, "Checkpoint folder")
      ->capture_default_str();
  cmd->add_option("--steps", args->steps, "Stop at this total step count")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--minutes", args->minutes, "Stop after this many minutes")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--batch", args->batch, "Clips per batch")->check(CLI::Range(1, 256));
  cmd->add_option("--frames", args->frames, "Frames per clip")->check(CLI::Range(2, 64));
  cmd->add_option("--lr", args->lr, "Learning rate (default per stage)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--threads", args->threads, "Compute threads")->check(CLI::Range(1, 1024));
  cmd->add_option("--log-every", args->log_every, "Steps between log lines")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--save-every", args->save_every_s, "Seconds between checkpoints")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--seed", args->seed, "Data seed");
  cmd->add_flag("--fresh", args->fresh, "Ignore existing checkpoints");
  cmd->add_flag("--smoke", args->smoke, "Tiny model, ~1 minute: checks that both losses fall");
  cmd->add_option("--export", args->export_path,
                  "Write the shipped half-precision weights here and exit");
  cmd->add_option("--guidance", args->guidance,
                  "With --export: classifier-free guidance scale (1: off)")
      ->check(CLI::Range(0.0, 20.0));
  cmd->add_option("--guided-steps", args->guided_steps,
                  "With --export: how many of the first sampling steps are guided")
      ->check(CLI::Range(0, 16));
  cmd->add_option("--sampling", args->sampling,
                  "With --export: the sampler's timesteps, descending, e.g. 1,0.75,0.5,0.25");
  cmd->add_option("--context-noise", args->context_noise,
                  "With --export: t at which a finished frame is written into the cache")
      ->check(CLI::Range(0.0, 0.9));
  cmd->callback([args, exit_code] { *exit_code = train(*args); });
}

}  // namespace liveframe::cli
