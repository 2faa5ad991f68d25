// The built-in model's hyper-parameters. Stored as strings in the weights' safetensors
// metadata so a weights file fully describes the network that reads it.
// Thread-safety: a plain value type.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "liveframe/result.h"

namespace liveframe::sketch {

struct SketchConfig {
  // Frames.
  int image_size = 256;  // square RGB frames
  int fps = 24;
  // Autoencoder: latent_grid · 2^(channels-1) · pixel_shuffle = image_size (16·4·4 = 256).
  // f = 16 with 16 channels (48x compression): at f = 32 an L1-trained autoencoder lost the
  // subjects. The decoder upsamples with convolutions to 64x64 and lets a pixel shuffle make
  // the last 4x: full-resolution convolutions would cost more than the whole transformer.
  int latent_channels = 16;
  int latent_grid = 16;
  std::vector<int> decoder_channels = {128, 64, 48};  // at 16, 32, 64 pixels
  int pixel_shuffle = 4;
  // The transformer sees patch x patch latent cells as one token: 16x16 latents → 64 tokens.
  int patch = 2;
  float latent_scale = 1.0f;  // latents are divided by it to reach ~unit variance
  // Text encoder.
  int text_dim = 128;
  int text_layers = 2;
  int text_heads = 4;
  int text_max_tokens = 24;
  int text_queries = 8;  // conditioning tokens after attention pooling
  // Transformer over latent frames.
  // Sized so that 2 denoising passes + the cache write take ~28 ms on one core of this
  // class of machine (measured: dim 256 / window 10 took 52 ms).
  int dim = 192;
  int layers = 6;
  int heads = 3;
  int mlp_ratio = 3;
  int window_frames = 6;  // recent frames each frame attends to (besides itself)
  int sink_frames = 1;    // the stream's first frames, kept forever
  // Sampler: flow matching, x_t = (1 - t) x0 + t noise, t=1 is pure noise.
  std::vector<float> sampling_timesteps = {1.0f, 0.5f};
  float context_noise = 0.0f;  // t used when writing a finished frame into the cache
  // Classifier-free guidance: flow = uncond + scale · (cond − uncond) on the first
  // guided_steps sampling steps (where the frame's content is decided), each costing one more
  // pass with the empty caption. 1: off.
  float guidance_scale = 1.0f;
  int guided_steps = 1;

  int tokensPerFrame() const { return (latent_grid / patch) * (latent_grid / patch); }
  int tokenChannels() const { return latent_channels * patch * patch; }
  int distanceBuckets() const { return window_frames + 2; }  // 0..W, and the sink bucket
  bool guided() const { return guidance_scale != 1.0f && guided_steps > 0; }
  // Transformer passes per frame: sampling steps, guided ones twice, and the cache write.
  int passesPerFrame() const;

  std::map<std::string, std::string> toMetadata() const;
  static Result<SketchConfig> fromMetadata(const std::map<std::string, std::string>& metadata);
  // Smaller network for fast tests.
  static SketchConfig tiny();
};

}  // namespace liveframe::sketch
