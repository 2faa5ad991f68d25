// Measures the Wan causal stream at a configuration (1.3B, or any), at random weights:
// per-block time of the few-step sampler with its KV cache, the prompt switch (text MLP plus
// every layer's cross-attention K/V), TAEHV decode time, fps and memory. Speed only: the
// pictures are noise. Backs `liveframe bench --model wan`.
// Thread-safety: a function; each call builds its own model.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "liveframe/result.h"
#include "wan/wan_config.h"

namespace liveframe::wan {

struct StreamBenchOptions {
  DitConfig dit;
  StreamConfig stream;
  std::int64_t width = 832;  // pixels; the latent grid is 1/8 of it
  std::int64_t height = 480;
  std::int64_t blocks = 4;        // measured blocks (after one warm-up block)
  std::int64_t prompt_rows = 24;  // rows of the (random) text embedding
  bool decode = true;             // TAEHV decode of every block
  bool prefer_cuda = true;        // bf16 on CUDA when libtorch has it, else fp32 on the CPU
  std::uint64_t seed = 0;
  std::function<void(const std::string&)> progress;  // one line per stage, or empty
};

struct StreamBenchResult {
  std::string device;  // "cpu (fp32)", "cuda:0 (bf16)"
  std::int64_t parameters = 0;
  std::int64_t tokens_per_frame = 0;
  double build_s = 0;
  double switch_ms = 0;           // median of the prompt switches
  double recache_ms = 0;          // a switch with LongLive's KV re-cache of the window
  std::int64_t recache_frames = 0;
  std::vector<double> block_ms;   // sampler, per measured block
  std::vector<double> decode_ms;  // TAEHV, per measured block
  double gflop_per_block = 0;     // DiT linear + attention, counted from the shapes
  std::int64_t pixel_frames_per_block = 0;
  std::int64_t cache_bytes = 0;
  std::int64_t peak_rss_bytes = 0;

  double medianBlockMs() const;
  double medianDecodeMs() const;
  double fps() const;  // pixel frames per second at the median block + decode time
};

Result<StreamBenchResult> benchStream(const StreamBenchOptions& options);

}  // namespace liveframe::wan
