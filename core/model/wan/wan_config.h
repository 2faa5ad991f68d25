// Configurations of the Wan2.1 causal family: the DiT's shapes and the streaming loop's
// settings, with the released 1.3B values and a reader for safetensors metadata (the test
// vectors carry their tiny configurations there).
// Thread-safety: plain values.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "liveframe/result.h"

namespace liveframe::wan {

struct DitConfig {
  std::int64_t dim = 1536;
  std::int64_t ffn_dim = 8960;
  std::int64_t num_heads = 12;
  std::int64_t num_layers = 30;
  std::array<std::int64_t, 3> patch{1, 2, 2};  // frames, height, width
  std::int64_t in_dim = 16;
  std::int64_t out_dim = 16;
  std::int64_t text_dim = 4096;
  std::int64_t text_len = 512;  // text rows are zero-padded to this many before the text MLP
  std::int64_t freq_dim = 256;
  double eps = 1e-6;
  bool qk_norm = true;
  bool cross_attn_norm = true;

  std::int64_t headDim() const { return dim / num_heads; }
  // Wan2.1-T2V-1.3B, the base of Self-Forcing, CausVid and LongLive 1.0.
  static DitConfig wan1_3b();
  // Keys as the test vectors write them ("dim", "ffn_dim", "num_heads", "patch_size": "1,2,2",
  // ...); absent keys keep the 1.3B value, malformed ones are an error naming the key.
  static Result<DitConfig> fromMetadata(const std::map<std::string, std::string>& metadata);
  // One line naming the first inconsistency (e.g. a head dim the RoPE split cannot use).
  Status validate() const;
};

// How latent frames are generated: blocks of frames, each denoised in a few flow-matching
// steps, attending to a KV cache that is global or a rolling window with a sink.
struct StreamConfig {
  std::int64_t frames_per_block = 3;      // 3 for Self-Forcing / LongLive, 1 frame-wise
  std::int64_t local_attn_frames = -1;    // -1: global attention over the whole cache
  std::int64_t sink_frames = 0;           // frames at the start of the window never evicted
  std::int64_t global_cache_frames = 21;  // cache length when attention is global
  double timestep_shift = 5.0;
  std::vector<std::int64_t> denoising_steps{1000, 750, 500, 250};
  bool warp_denoising_steps = true;
  double context_noise = 0.0;  // timestep of the pass that writes a block's cache

  bool rolling() const { return local_attn_frames > 0; }
  std::int64_t cacheFrames() const { return rolling() ? local_attn_frames : global_cache_frames; }
  static Result<StreamConfig> fromMetadata(const std::map<std::string, std::string>& metadata);
  Status validate() const;
};

}  // namespace liveframe::wan
