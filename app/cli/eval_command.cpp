// `liveframe eval sketch`: the built-in model's evaluation (adherence, switch latency, drift,
// action response), or `--train-probe` to train the probe classifier it reads frames with.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/common.h"
#include "sketch/eval/eval_report.h"
#include "sketch/eval/evaluator.h"
#include "sketch/eval/probe.h"

namespace liveframe::cli {
namespace {

namespace fs = std::filesystem;

struct EvalArgs {
  std::string family, model = "sketch", prompts_file, probe_path, autoencoder;
  bool random_weights = false, json = false, train_probe = false;
  int frames = 48, switches = 6;
  double minutes = 10, probe_minutes = 5;
  std::uint64_t seed = 1;
};

void progress(const std::string& line) { std::cerr << line << std::endl; }

int trainProbe(const EvalArgs& args, const fs::path& path) {
  auto probe = sketch::Probe::untrained(args.seed);
  sketch::ProbeTrainOptions options;
  options.max_minutes = args.probe_minutes;
  options.seed = args.seed;
  options.threads = 1;  // "a few minutes on one core": the other core keeps serving the machine
  auto report = probe->train(options, progress);
  if (!report.ok()) return fail(report.error());
  if (auto status = probe->save(path, *report); !status.ok()) return fail(status.error());
  std::cout << "probe: " << report->steps << " steps, " << report->training_frames
            << " training frames, " << static_cast<int>(report->seconds) << " s; saved "
            << path.string() << " (" << fs::file_size(path) / 1024 << " KB)\n";
  std::cout << "held-out accuracy on " << report->held_out.frames << " frames of unseen seeds"
            << " (strict: only the largest subject counts, even when another is as large):\n";
  for (sketch::ProbeHead head : sketch::kProbeHeads) {
    const auto h = static_cast<std::size_t>(head);
    std::printf("  %-8s %5.1f%%   strict %5.1f%%\n", std::string(sketch::name(head)).c_str(),
                100.0 * report->held_out.per_head[h], 100.0 * report->held_out.strict_per_head[h]);
  }
  return kExitOk;
}

// The probe on held-out world frames as rendered and after an autoencoder round trip: the
// adherence ceiling that decoder sets for any transformer.
int autoencoderCeiling(const EvalArgs& args, const fs::path& probe_path) {
  auto probe = sketch::Probe::load(probe_path);
  if (!probe.ok()) return fail(probe.error());
  auto round_trip = sketch::autoencoderRoundTrip(args.autoencoder);
  if (!round_trip.ok()) return fail(round_trip.error());
  const int frames = std::max(8, args.frames * 10);
  const auto rendered = (*probe)->evaluateHeldOut(frames);
  const auto decoded = (*probe)->evaluateHeldOut(frames, *round_trip);
  std::cout << "probe accuracy on " << frames << " held-out world frames, as rendered and "
            << "through " << fs::path(args.autoencoder).filename().string() << ":\n";
  for (sketch::ProbeHead head : sketch::kProbeHeads) {
    const auto h = static_cast<std::size_t>(head);
    std::printf("  %-8s %5.1f%%   through the autoencoder %5.1f%%\n",
                std::string(sketch::name(head)).c_str(), 100.0 * rendered.per_head[h],
                100.0 * decoded.per_head[h]);
  }
  return kExitOk;
}

int evaluate(const EvalArgs& args) {
  if (args.family != "sketch") return fail("only the built-in 'sketch' model can be evaluated");
  installSignalHandlers();
  const fs::path probe_path =
      args.probe_path.empty() ? sketch::defaultProbePath() : fs::path(args.probe_path);
  if (args.train_probe) return trainProbe(args, probe_path);
  if (!args.autoencoder.empty()) return autoencoderCeiling(args, probe_path);
  sketch::EvalOptions options;
  if (!args.prompts_file.empty()) {
    auto prompts = sketch::loadPromptList(args.prompts_file);
    if (!prompts.ok()) return fail(prompts.error());
    options.prompts = std::move(prompts).value();
  }
  if (!fs::exists(probe_path)) {
    return fail("no probe classifier at " + probe_path.string() +
                "; create it with: liveframe eval sketch --train-probe");
  }
  auto probe = sketch::Probe::load(probe_path);
  if (!probe.ok()) return fail(probe.error());
  options.model = args.model;
  options.random_weights = useRandomWeightsFallback(args.model, args.random_weights);
  options.seed = args.seed;
  options.frames_per_prompt = args.frames;
  options.switches = args.switches;
  options.drift_minutes = args.minutes;
  options.interrupted = [] { return interrupted().load(); };
  sketch::Evaluator evaluator(**probe, options, progress);
  auto report = evaluator.runAll(probe_path.filename().string());
  if (!report.ok()) return fail(report.error());
  std::cout << (args.json ? sketch::reportJson(*report) + "\n" : sketch::reportTable(*report));
  return kExitOk;
}

}  // namespace

void addEvalCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<EvalArgs>();
  auto* cmd = app.add_subcommand(
      "eval", "Evaluate the built-in model: prompt adherence, switch latency, drift, actions");
  cmd->add_option("family", args->family, "Model family to evaluate (sketch)")->required();
  cmd->add_option("-m,--model", args->model, "Model id or weights file")->capture_default_str();
  cmd->add_flag("--random-weights", args->random_weights,
                "The model's architecture at random weights");
  cmd->add_option("--prompts", args->prompts_file, "Prompt list, one a line (default: built in)");
  cmd->add_option("--frames", args->frames, "Frames streamed per prompt")
      ->check(CLI::Range(2, 100000))
      ->capture_default_str();
  cmd->add_option("--switches", args->switches, "Prompt switches timed")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--minutes", args->minutes, "Length of the drift stream")
      ->check(CLI::Range(0.01, 1440.0))
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "Stream seed (and the probe's, with --train-probe)");
  cmd->add_flag("--json", args->json, "Print JSON instead of a table");
  cmd->add_option("--probe", args->probe_path,
                  "Probe classifier file (default: resources/models/sketch/probe.safetensors)");
  cmd->add_option("--autoencoder", args->autoencoder,
                  "Only the probe on held-out frames through this autoencoder checkpoint "
                  "(10 x --frames frames): the adherence ceiling its decoder sets");
  cmd->add_flag("--train-probe", args->train_probe,
                "Train the probe on rendered world frames, save it and print its accuracy");
  cmd->add_option("--probe-minutes", args->probe_minutes, "Training time for --train-probe")
      ->check(CLI::Range(0.05, 600.0))
      ->capture_default_str();
  cmd->callback([args, exit_code] { *exit_code = evaluate(*args); });
}

}  // namespace liveframe::cli
