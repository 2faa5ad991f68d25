// `liveframe bench`: the numbers of DESIGN §7 for a model on this machine.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli/bench_wan.h"
#include "cli/common.h"
#include "liveframe/engine.h"
#include "liveframe/export.h"
#include "liveframe/recorder.h"
#include "world/clip.h"

namespace liveframe::cli {
namespace {

struct BenchArgs {
  std::string model = "sketch";
  bool random_weights = false, json = false, record = true;
  double seconds = 12, warmup_s = 3;
  int switches = 24, threads = 1;
  int width = 0, height = 0;  // a Wan folder's frame size (0: its default)
};

// Prompts the benchmark switches between: each differs from the last in sky and subject.
const std::vector<std::string> kSwitchPrompts = {
    "a red ball bouncing over the ocean at sunset",
    "night sky with stars over snowy hills, a white cube spinning",
    "a yellow star drifting left above the desert at dawn",
    "city skyline at night in the rain, a blue ring rising",
    "green meadow on a clear day, an orange pyramid bouncing",
    "aurora over the ocean, a purple ball drifting right, snow"};

struct Measured {
  StatsSnapshot stats;
  double seconds = 0, rss_start_mb = 0, rss_end_mb = 0, peak_gflops = 0;
  int switches_sent = 0;
};

nlohmann::json toJson(const ModelInfo& info, const Measured& m, int threads) {
  const auto& s = m.stats;
  const double achieved = info.flops_per_frame * s.fps / 1e9;
  return {{"model", info.id},
          {"weights", info.weights_hash},
          {"resolution", std::to_string(info.width) + "x" + std::to_string(info.height)},
          {"threads", threads},
          {"seconds", m.seconds},
          {"frames", s.frames},
          {"fps", s.fps},
          {"latency_ms",
           {{"p50", s.latency_ms.p50},
            {"p95", s.latency_ms.p95},
            {"max", s.latency_ms.max},
            {"switches", s.latency_ms.count}}},
          {"interval_ms", {{"stddev", s.interval_stddev_ms}, {"max", s.interval_max_ms}}},
          {"stages_ms",
           {{"encode", s.stages.encode_ms},
            {"step", s.stages.step_ms},
            {"decode", s.stages.decode_ms},
            {"record", s.stages.record_ms}}},
          {"gflop_per_frame", info.flops_per_frame / 1e9},
          {"achieved_gflops", achieved},
          {"matmul_peak_gflops", m.peak_gflops},
          {"recorder_stalls", s.recorder_stalls},
          {"rss_mb", s.rss_mb},
          {"peak_rss_mb", s.peak_rss_mb},
          {"rss_slope_mb_per_min",
           m.seconds > 0 ? (m.rss_end_mb - m.rss_start_mb) / (m.seconds / 60.0) : 0.0}};
}

void printTable(const nlohmann::json& j) {
  std::printf(
      "liveframe bench: %s (weights %s, %s), step stage %d thread(s) + decode thread, "
      "%.1f s measured\n",
      j["model"].get<std::string>().c_str(), j["weights"].get<std::string>().c_str(),
      j["resolution"].get<std::string>().c_str(), j["threads"].get<int>(),
      j["seconds"].get<double>());
  std::printf("  %-28s %8.1f\n", "fps", j["fps"].get<double>());
  const auto& l = j["latency_ms"];
  std::printf("  %-28s %8.1f / %.1f / %.1f ms (%lld switches)\n", "latency p50 / p95 / max",
              l["p50"].get<double>(), l["p95"].get<double>(), l["max"].get<double>(),
              l["switches"].get<long long>());
  std::printf("  %-28s %8.2f ms stddev, %.1f ms max\n", "frame interval",
              j["interval_ms"]["stddev"].get<double>(), j["interval_ms"]["max"].get<double>());
  const auto& st = j["stages_ms"];
  std::printf("  %-28s encode %.2f, step %.2f, decode %.2f, record %.2f ms\n", "per frame",
              st["encode"].get<double>(), st["step"].get<double>(), st["decode"].get<double>(),
              st["record"].get<double>());
  std::printf("  %-28s %.2f GFLOP/frame, %.1f GFLOP/s = %.0f%% of matmul peak %.1f GFLOP/s\n",
              "compute", j["gflop_per_frame"].get<double>(), j["achieved_gflops"].get<double>(),
              100.0 * j["achieved_gflops"].get<double>() /
                  std::max(1e-9, j["matmul_peak_gflops"].get<double>()),
              j["matmul_peak_gflops"].get<double>());
  std::printf("  %-28s %.0f MB now, %.0f MB peak, slope %+.2f MB/min\n", "memory (rss)",
              j["rss_mb"].get<double>(), j["peak_rss_mb"].get<double>(),
              j["rss_slope_mb_per_min"].get<double>());
  std::printf("  %-28s %lld\n", "recorder stalls", j["recorder_stalls"].get<long long>());
}

int bench(const BenchArgs& args) {
  installSignalHandlers();
  const int threads = args.threads;
  EngineOptions options;
  options.model = args.model;
  options.random_weights = useRandomWeightsFallback(args.model, args.random_weights);
  options.target_fps = 0;
  options.threads = threads;
  options.width = args.width;
  options.height = args.height;
  options.initial_prompt = kSwitchPrompts[0];
  auto engine = Engine::create(options);
  if (!engine.ok()) return fail(engine.error());
  Measured m;
  // The machine's peak uses every core: the engine's two stages together can use them all.
  m.peak_gflops = measureMatmulGflops(static_cast<int>(std::thread::hardware_concurrency()));
  const auto folder = std::filesystem::temp_directory_path() /
                      ("liveframe-bench-" + std::to_string(::getpid()) + ".lfsession");
  std::shared_ptr<Recorder> recorder;
  if (args.record) {
    auto started = Recorder::start(folder, sessionHeader((*engine)->info(), options.seed),
                                   Recorder::Options{});
    if (!started.ok()) return fail(started.error());
    recorder = started.value();
    (*engine)->addSink(recorder);
  }
  (*engine)->start();
  std::this_thread::sleep_for(std::chrono::duration<double>(args.warmup_s));
  m.rss_start_mb = currentRssMb();
  const auto start = std::chrono::steady_clock::now();
  const auto interval = std::chrono::duration<double>(args.seconds / std::max(1, args.switches));
  for (int i = 1; i <= args.switches && !interrupted() && (*engine)->running(); ++i) {
    std::this_thread::sleep_until(start + i * interval -
                                  std::chrono::duration<double>(interval.count() / 2));
    (void)(*engine)->submit(command::SetPrompt{kSwitchPrompts[i % kSwitchPrompts.size()]});
    ++m.switches_sent;
  }
  std::this_thread::sleep_until(start + std::chrono::duration<double>(args.seconds));
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.rss_end_mb = currentRssMb();
  m.stats = (*engine)->stats();
  (*engine)->stop();
  if (recorder) (void)recorder->finish();
  std::error_code ec;
  std::filesystem::remove_all(folder, ec);
  if (!(*engine)->failure().empty()) return fail((*engine)->failure());
  const auto j = toJson((*engine)->info(), m, threads);
  if (args.json) {
    std::cout << j.dump(2) << "\n";
  } else {
    printTable(j);
  }
  return kExitOk;
}

struct ExportBenchArgs {
  double seconds = 60;
  int size = 256;
  bool json = false;
};

// The formats `bench export` measures, with the output name that picks each.
const std::vector<std::pair<std::string, std::string>> kExportFormats = {
    {"h264", "bench.mp4"},       {"hevc", "bench_hevc.mp4"}, {"prores", "bench.mov"},
    {"prores4444", "bench4444.mov"}, {"ffv1", "bench.mkv"},  {"av1", "bench_av1.mp4"},
    {"png", "bench.%05d.png"},   {"exr", "bench.%05d.exr"}};

// A session of the sketch world (what the built-in model learns to draw), a new scene every
// ten seconds, at 24 fps.
Status writeWorldSession(const std::filesystem::path& folder, const ExportBenchArgs& args) {
  ModelInfo source;  // the world's renderer stands in for a model
  source.id = "sketch-world";
  source.weights_hash = "none";
  source.width = source.height = args.size;
  source.fps = 24;
  const SessionHeader header = sessionHeader(source, 7);
  auto writer = SessionWriter::create(folder, header);
  if (!writer) return Error{writer.error()};
  sketch::Rng rng(7);
  sketch::World world(7, sketch::randomScene(rng));
  Frame frame;
  frame.width = frame.height = args.size;
  frame.rgb.resize(static_cast<std::size_t>(args.size) * args.size * 3);
  const auto frames = static_cast<std::int64_t>(std::llround(args.seconds * header.fps));
  for (std::int64_t i = 0; i < frames && !interrupted(); ++i) {
    if (i % 240 == 0) {
      const auto scene = sketch::randomScene(rng);
      world.setScene(scene, 24);
      const Event prompt{static_cast<std::uint64_t>(i / 240 + 1), i, i * 41'667, "prompt",
                         nlohmann::json({{"text", sketch::describe(scene)}}).dump()};
      if (auto status = (*writer)->appendEvent(prompt); !status) return status;
    }
    world.advance();
    world.render(frame.rgb.data(), args.size, args.size);
    frame.frame_index = i;
    if (auto status = (*writer)->appendFrame(frame, i * 41'667); !status) return status;
  }
  return (*writer)->close();
}

int benchExport(const ExportBenchArgs& args) {
  installSignalHandlers();
  quietCodecLogs();
  const auto folder = std::filesystem::temp_directory_path() /
                      ("liveframe-bench-export-" + std::to_string(::getpid()));
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) return fail("cannot create " + folder.string() + ": " + ec.message());
  const auto session_folder = folder / "bench.lfsession";
  auto cleanup = [&] { std::filesystem::remove_all(folder, ec); };
  if (auto status = writeWorldSession(session_folder, args); !status) {
    cleanup();
    return fail(status.error());
  }
  auto session = Session::open(session_folder, Session::Mode::ReadOnly);
  if (!session) {
    cleanup();
    return fail(session.error());
  }
  const auto frames = static_cast<std::int64_t>((*session)->frames().size());
  nlohmann::json results = nlohmann::json::array();
  if (!args.json) {
    std::printf("liveframe bench export: %lld frames (%.0f s at 24 fps, %dx%d)\n",
                static_cast<long long>(frames), frames / 24.0, args.size, args.size);
  }
  for (const auto& [codec, name] : kExportFormats) {
    if (interrupted()) break;
    ExportOptions options;
    options.output = folder / name;
    options.codec = parseExportCodec(codec).value();
    auto clip = exportSession(session.value(), options, {});
    if (!clip) {
      cleanup();
      return fail(codec + ": " + clip.error());
    }
    std::uint64_t bytes = 0;
    for (const auto& file : clip->files) bytes += std::filesystem::file_size(file, ec);
    const double fps = clip->frames / clip->elapsed_s;
    results.push_back({{"codec", codec},
                       {"container", exportContainerName(clip->container)},
                       {"frames", clip->frames},
                       {"seconds", clip->elapsed_s},
                       {"fps", fps},
                       {"realtime", fps / 24.0},
                       {"megabytes", bytes / 1e6}});
    if (!args.json) {
      std::printf("  %-11s %-4s %8.1f frames/s  %6.1fx real time  %8.2f MB\n", codec.c_str(),
                  std::string(exportContainerName(clip->container)).c_str(), fps, fps / 24.0,
                  bytes / 1e6);
      std::fflush(stdout);
    }
    for (const auto& file : clip->files) std::filesystem::remove(file, ec);
  }
  cleanup();
  if (args.json) std::cout << results.dump(2) << "\n";
  return kExitOk;
}

}  // namespace

void addBenchCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<BenchArgs>();
  auto* cmd =
      app.add_subcommand("bench", "Measure fps, prompt-to-photon latency, pacing, cost and memory");
  cmd->add_option("-m,--model", args->model, "Model id or weights file")->capture_default_str();
  cmd->add_flag("--random-weights", args->random_weights,
                "The model's architecture at random weights");
  cmd->add_option("--seconds", args->seconds, "Measured seconds (after warm-up)")
      ->check(CLI::Range(1.0, 86400.0))
      ->capture_default_str();
  cmd->add_option("--warmup", args->warmup_s, "Warm-up seconds")->check(CLI::Range(0.0, 600.0));
  cmd->add_option("--switches", args->switches, "Prompt switches during the measurement")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  cmd->add_option("--threads", args->threads,
                  "Threads for the step stage (the decoder has its own)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->add_flag("!--no-record", args->record,
                "Do not record (by default a temporary session is written)");
  cmd->add_flag("--json", args->json, "Print JSON instead of a table");
  auto wan_args = std::make_shared<WanBenchArgs>();
  cmd->add_option("--config", wan_args->config, "With --model wan: the DiT configuration (1.3b, tiny)")
      ->capture_default_str();
  auto* size_option =
      cmd->add_option("--size", wan_args->size,
                      "With --model wan or a Wan model folder: frame size WIDTHxHEIGHT")
          ->capture_default_str();
  cmd->add_option("--blocks", wan_args->blocks, "With --model wan: measured blocks (after a warm-up one)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--frames-per-block", wan_args->frames_per_block,
                  "With --model wan: latent frames per block (3 chunk-wise, 1 frame-wise)")
      ->check(CLI::Range(1, 9))
      ->capture_default_str();
  cmd->add_flag("!--no-decode", wan_args->decode, "With --model wan: skip the TAEHV decode");
  auto* threads_option = cmd->get_option("--threads");

  auto export_args = std::make_shared<ExportBenchArgs>();
  auto* export_cmd = cmd->add_subcommand(
      "export", "Export frames/s per format for a session of the sketch world");
  export_cmd->add_option("--seconds", export_args->seconds, "Length of the session")
      ->check(CLI::Range(1.0, 3600.0))
      ->capture_default_str();
  export_cmd->add_option("--size", export_args->size, "Frame width and height")
      ->check(CLI::Range(64, 4096))
      ->capture_default_str();
  export_cmd->add_flag("--json", export_args->json, "Print JSON instead of a table");
  export_cmd->callback(
      [export_args, exit_code] { *exit_code = benchExport(*export_args); });
  // `bench export` runs its own callback; the model benchmark runs only without it.
  cmd->callback([args, wan_args, threads_option, size_option, exit_code, export_cmd] {
    if (export_cmd->parsed()) return;
    if (size_option->count() > 0 && args->model != "wan") {
      if (auto status = parseFrameSize(wan_args->size, "--size", args->width, args->height);
          !status) {
        *exit_code = fail(status.error());
        return;
      }
    }
    if (args->model == "wan") {
      wan_args->random_weights = args->random_weights;
      wan_args->json = args->json;
      wan_args->threads = threads_option->count() > 0 ? args->threads : 0;
      *exit_code = benchWan(*wan_args);
      return;
    }
    *exit_code = bench(*args);
  });
}

}  // namespace liveframe::cli
