// The Wan2.1 causal family as a VideoModel: what the engine and the studio stream when they are
// pointed at a model folder (README, "Wan model folders"). A prompt is tokenized (umT5's
// SentencePiece), encoded by umT5 and zeroed past its length into text_len rows, so prompts
// blend row by row for a transition; step() runs one block of latent frames through the
// few-step causal sampler (rolling KV cache with a sink, window-relative RoPE: the stream never
// ends); decode() turns each latent frame into 4 pixel frames with TAEHV when the folder has
// it, else with the streamed Wan VAE (a stream's first block yields 4·F − 3 frames either way:
// TAEHV's warm-up frames are dropped, the VAE's first latent frame is one picture).
// A prompt switch (switchPrompt) re-caches the window under the new prompt when the generator
// was trained for it (LongLive) or when asked to, unless a transition blends to it instead.
// Thread-safety: Unsafe, as VideoModel: step() and decode() touch disjoint state.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "model/video_model.h"
#include "wan/causal_dit.h"
#include "wan/taehv_decoder.h"
#include "wan/umt5_encoder.h"
#include "wan/umt5_tokenizer.h"
#include "wan/wan_config.h"
#include "wan/wan_folder.h"
#include "wan/wan_vae.h"

namespace liveframe::wan {

struct WanModelOptions {
  std::int64_t width = 0;  // pixels; 0: 832×480, the size the family was trained at
  std::int64_t height = 0;
  std::optional<bool> recache_on_switch;  // unset: the generator's own (LongLive re-caches)
  bool prefer_cuda = true;                // bf16 on CUDA when libtorch has it, else fp32 on CPU
};

// How a generator kind streams endlessly: its published sampling settings, with a rolling
// window plus sink in place of a fixed-length cache.
StreamConfig streamConfigFor(GeneratorKind kind);

class WanModel final : public model::VideoModel {
 public:
  // Loads every part of a complete folder (see scanWanFolder). The DiT's shapes come from the
  // folder's config.json when it has one (Wan2.1 ships it), else Wan2.1-T2V-1.3B's; umT5's and
  // the VAE's from their tensors. Errors are one line naming the file.
  static Result<std::unique_ptr<WanModel>> load(const WanFolder& folder,
                                                const WanModelOptions& options = {});

  const ModelInfo& info() const override { return info_; }
  model::ConditioningPtr encodePrompt(const std::string& text) override;
  std::unique_ptr<model::StreamState> beginStream(std::uint64_t seed) override;
  at::Tensor step(model::StreamState& state, const model::Conditioning& conditioning,
                  unsigned actions) override;
  void decode(model::StreamState& state, const at::Tensor& latents,
              std::vector<Frame>& frames) override;
  void switchPrompt(model::StreamState& state, const model::Conditioning& conditioning) override;

  const DitConfig& ditConfig() const { return dit_config_; }
  const StreamConfig& streamConfig() const { return stream_config_; }
  bool usesTaehv() const { return static_cast<bool>(taehv_); }
  bool recachesOnSwitch() const { return recache_on_switch_; }
  std::int64_t latentHeight() const { return latent_h_; }
  std::int64_t latentWidth() const { return latent_w_; }
  // Frames the last re-cache recomputed in `state`'s stream (0 before any).
  static std::int64_t lastRecacheFrames(const model::StreamState& state);

 private:
  WanModel() = default;
  Status loadGenerator(const WanFolder& folder);
  Status loadTextEncoder(const WanFolder& folder);
  Status loadTokenizer(const WanFolder& folder);
  Status loadDecoder(const WanFolder& folder);
  Status describe(const WanFolder& folder);

  DitConfig dit_config_;
  StreamConfig stream_config_;
  std::int64_t latent_h_ = 0, latent_w_ = 0;
  bool recache_on_switch_ = false;
  bool cuda_ = false;
  torch::Device device_{torch::kCPU};
  torch::Dtype dtype_ = torch::kFloat32;
  torch::Dtype text_dtype_ = torch::kFloat32;
  std::optional<Umt5Tokenizer> tokenizer_;
  Umt5Encoder text_encoder_{nullptr};
  CausalDit dit_{nullptr};
  TaehvDecoder taehv_{nullptr};
  WanVaeDecoder vae_{nullptr};
  torch::Tensor latent_mean_, latent_std_;
  std::uint64_t next_stream_serial_ = 1;
  std::uint64_t taehv_stream_serial_ = 0;  // the stream TAEHV's memory belongs to (decode side)
  ModelInfo info_;
};

}  // namespace liveframe::wan
