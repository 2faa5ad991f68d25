// `liveframe bench --model wan --random-weights --config 1.3b`: the Wan causal stream's speed
// at random weights (per-block time, fps, prompt switch time, memory), on CUDA in bf16 when
// libtorch has it, else on the CPU in fp32 at the size asked for.
#include <ATen/Parallel.h>

#include <cstdio>
#include <iostream>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli/bench_wan.h"
#include "wan/stream_bench.h"

namespace liveframe::cli {
namespace {

Result<wan::DitConfig> namedConfig(const std::string& name) {
  if (name == "1.3b") return wan::DitConfig::wan1_3b();
  if (name == "tiny") {  // the reference vectors' configuration: seconds, for tests
    wan::DitConfig config;
    config.dim = 64;
    config.ffn_dim = 128;
    config.num_heads = 4;
    config.num_layers = 2;
    config.text_dim = 32;
    config.text_len = 16;
    return config;
  }
  return Error{"--config '" + name + "' is not a Wan configuration (1.3b, tiny)"};
}

}  // namespace

int benchWan(const WanBenchArgs& args) {
  if (!args.random_weights) {
    return fail(
        "--model wan benchmarks the architecture only: add --random-weights (loading "
        "released Wan weights is not built yet)");
  }
  auto dit = namedConfig(args.config);
  if (!dit) return fail(dit.error());
  std::smatch size;
  if (!std::regex_match(args.size, size, std::regex(R"((\d{2,5})x(\d{2,5}))"))) {
    return fail("--size '" + args.size + "' is not WIDTHxHEIGHT (e.g. 832x480)");
  }
  wan::StreamBenchOptions options;
  options.dit = dit.value();
  options.width = std::stoll(size[1]);
  options.height = std::stoll(size[2]);
  options.blocks = args.blocks;
  options.decode = args.decode;
  // LongLive's endless setting: 3-frame blocks, a 12-frame window with a 3-frame sink.
  options.stream.frames_per_block = args.frames_per_block;
  options.stream.local_attn_frames = 12;
  options.stream.sink_frames = 3;
  if (!args.json)
    options.progress = [](const std::string& line) {
      std::fprintf(stderr, "  %s\n", line.c_str());
    };
  at::set_num_threads(args.threads > 0
                          ? args.threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));

  auto result = wan::benchStream(options);
  if (!result) return fail(result.error());
  const auto& r = result.value();
  const double block_ms = r.medianBlockMs();
  const double decode_ms = r.medianDecodeMs();
  if (args.json) {
    nlohmann::json out{
        {"model", "wan"},
        {"config", args.config},
        {"device", r.device},
        {"threads", at::get_num_threads()},
        {"width", options.width},
        {"height", options.height},
        {"parameters", r.parameters},
        {"tokens_per_frame", r.tokens_per_frame},
        {"frames_per_block", options.stream.frames_per_block},
        {"block_ms", r.block_ms},
        {"block_ms_median", block_ms},
        {"decode_ms_median", decode_ms},
        {"pixel_frames_per_block", r.pixel_frames_per_block},
        {"fps", r.fps()},
        {"prompt_switch_ms", r.switch_ms},
        {"prompt_switch_recache_ms", r.recache_ms},
        {"recache_frames", r.recache_frames},
        {"gflop_per_block", r.gflop_per_block},
        {"achieved_gflops", block_ms > 0 ? r.gflop_per_block / (block_ms / 1000) : 0},
        {"kv_cache_mb", r.cache_bytes / 1e6},
        {"peak_rss_mb", r.peak_rss_bytes / 1e6},
        {"build_s", r.build_s}};
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::printf("liveframe bench: wan %s at random weights (speed only), %lldx%lld, %s, %d threads\n",
              args.config.c_str(), static_cast<long long>(options.width),
              static_cast<long long>(options.height), r.device.c_str(), at::get_num_threads());
  std::printf("  parameters          %.3f B (DiT), built in %.1f s\n", r.parameters / 1e9,
              r.build_s);
  std::printf(
      "  block               %lld latent frames = %lld pixel frames, %lld tokens/frame, 5 DiT "
      "passes\n",
      static_cast<long long>(options.stream.frames_per_block),
      static_cast<long long>(r.pixel_frames_per_block), static_cast<long long>(r.tokens_per_frame));
  std::printf("  per block           %.0f ms sampling (median of %zu) + %.0f ms TAEHV decode\n",
              block_ms, r.block_ms.size(), decode_ms);
  std::printf("  fps                 %.2f pixel frames/s\n", r.fps());
  std::printf("  prompt switch       %.1f ms (text MLP + cross-attention K/V of every layer)\n",
              r.switch_ms);
  std::printf(
      "  switch + re-cache    %.1f ms (LongLive: the %lld window frames after the sink "
      "recomputed)\n",
      r.recache_ms, static_cast<long long>(r.recache_frames));
  std::printf("  cost                %.1f GFLOP per block, %.1f GFLOP/s achieved\n",
              r.gflop_per_block, block_ms > 0 ? r.gflop_per_block / (block_ms / 1000) : 0);
  std::printf("  memory              KV cache %.1f MB (12-frame window), peak RSS %.0f MB\n",
              r.cache_bytes / 1e6, r.peak_rss_bytes / 1e6);
  return kExitOk;
}

}  // namespace liveframe::cli
