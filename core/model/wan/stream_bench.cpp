#include "wan/stream_bench.h"

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <fstream>

#include "wan/causal_dit.h"
#include "wan/causal_sampler.h"
#include "wan/dit_cache.h"
#include "wan/taehv_decoder.h"

namespace liveframe::wan {
namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

std::int64_t peakRssBytes() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmHWM:") {
      std::int64_t kilobytes = 0;
      status >> kilobytes;
      return kilobytes * 1024;
    }
    status.ignore(1 << 12, '\n');
  }
  return 0;
}

void synchronize(const torch::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize();
}

}  // namespace

double StreamBenchResult::medianBlockMs() const { return median(block_ms); }
double StreamBenchResult::medianDecodeMs() const { return median(decode_ms); }
double StreamBenchResult::fps() const {
  const double ms = medianBlockMs() + medianDecodeMs();
  return ms > 0 ? 1000.0 * static_cast<double>(pixel_frames_per_block) / ms : 0;
}

Result<StreamBenchResult> benchStream(const StreamBenchOptions& options) {
  if (Status valid = options.dit.validate(); !valid) return Error{valid.error()};
  if (Status valid = options.stream.validate(); !valid) return Error{valid.error()};
  const std::int64_t latent_h = options.height / 8;
  const std::int64_t latent_w = options.width / 8;
  if (options.width % 16 != 0 || options.height % 16 != 0 || latent_h < 2 || latent_w < 2) {
    return Error{"the frame size must be a multiple of 16 pixels each way (at least 16×16)"};
  }
  if (options.blocks < 1) return Error{"measure at least one block"};
  auto say = [&](const std::string& line) {
    if (options.progress) options.progress(line);
  };

  const bool cuda = options.prefer_cuda && torch::cuda::is_available();
  const torch::Device device = cuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
  const auto dtype = cuda ? torch::kBFloat16 : torch::kFloat32;
  StreamBenchResult result;
  result.device = cuda ? "cuda:0 (bf16)" : "cpu (fp32)";
  torch::manual_seed(options.seed);
  torch::NoGradGuard no_grad;

  try {
    say("building the DiT at random weights");
    auto build_start = Clock::now();
    CausalDit dit(options.dit);
    dit->to(device, dtype);
    dit->eval();
    TaehvDecoder decoder(options.dit.out_dim);
    decoder->to(device, dtype);
    decoder->eval();
    synchronize(device);
    result.build_s = msSince(build_start) / 1000.0;
    for (const auto& parameter : dit->parameters()) result.parameters += parameter.numel();

    const auto options_on_device = torch::TensorOptions().device(device).dtype(dtype);
    result.tokens_per_frame = dit->frameTokens(latent_h, latent_w);
    DitCache cache(options.dit, options.stream, result.tokens_per_frame, 1, options_on_device,
                   RopePositions::WindowRelative);
    result.cache_bytes = cache.bytes();

    std::vector<double> switches;
    for (int i = 0; i < 3; ++i) {
      auto text =
          torch::randn({std::min(options.prompt_rows, options.dit.text_len), options.dit.text_dim},
                       options_on_device);
      synchronize(device);
      auto start = Clock::now();
      dit->setPrompt(text, cache);
      synchronize(device);
      switches.push_back(msSince(start));
    }
    result.switch_ms = median(switches);

    CausalSampler sampler(dit, cache, options.stream);
    const auto frames = options.stream.frames_per_block;
    const auto block_tokens = frames * result.tokens_per_frame;
    auto renoise = [](const torch::Tensor& like) { return torch::randn_like(like); };
    for (std::int64_t block = 0; block <= options.blocks; ++block) {
      auto noise =
          torch::randn({1, frames, options.dit.in_dim, latent_h, latent_w}, options_on_device);
      synchronize(device);
      auto start = Clock::now();
      auto latents = sampler.generateBlock(noise, renoise);
      synchronize(device);
      const double block_ms = msSince(start);
      double decode_ms = 0;
      if (options.decode) {
        start = Clock::now();
        for (std::int64_t f = 0; f < frames; ++f) decoder->decodeFrame(latents.select(1, f));
        synchronize(device);
        decode_ms = msSince(start);
      }
      if (block == 0) {
        say("warm-up block: " + std::to_string(static_cast<int>(block_ms)) + " ms");
        continue;  // allocations, kernel selection
      }
      result.block_ms.push_back(block_ms);
      if (options.decode) result.decode_ms.push_back(decode_ms);
      say("block " + std::to_string(block) + ": " + std::to_string(static_cast<int>(block_ms)) +
          " ms sampling, " + std::to_string(static_cast<int>(decode_ms)) + " ms decoding");
    }
    {
      auto text =
          torch::randn({std::min(options.prompt_rows, options.dit.text_len), options.dit.text_dim},
                       options_on_device);
      synchronize(device);
      auto start = Clock::now();
      sampler.switchPrompt(text, /*recache=*/true);
      synchronize(device);
      result.recache_ms = msSince(start);
      result.recache_frames = sampler.lastRecacheFrames();
    }
    const auto passes = static_cast<double>(options.stream.denoising_steps.size() + 1);
    const auto keys =
        std::min(sampler.nextFrame(), options.stream.cacheFrames()) * result.tokens_per_frame;
    result.gflop_per_block =
        passes * ditPassFlop(options.dit, block_tokens, keys, options.dit.text_len) / 1e9;
    result.pixel_frames_per_block = frames * TaehvDecoderImpl::kTimeUpscale;
  } catch (const std::exception& error) {
    std::string message = error.what();
    message = message.substr(0, message.find('\n'));
    return Error{"the Wan stream failed: " + message};
  }
  result.peak_rss_bytes = peakRssBytes();
  return result;
}

}  // namespace liveframe::wan
