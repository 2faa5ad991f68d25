// The built-in model: a causal latent video diffusion model trained on the procedural world.
// One frame per step: few-step flow-matching sampling of an 8x8x16 latent, attending to a
// rolling window of earlier frames plus a sink through a KV cache, then a cheap conv decoder.
// Thread-safety: Unsafe; owned by the engine thread (or the trainer / a test).
#pragma once

#include <filesystem>
#include <memory>

#include "model/video_model.h"
#include "sketch/autoencoder.h"
#include "sketch/sketch_config.h"
#include "sketch/text_encoder.h"
#include "sketch/tokenizer.h"
#include "sketch/transformer.h"

namespace liveframe::sketch {

struct SketchStream : model::StreamState {
  SketchStream(const SketchConfig& config, int64_t heads);
  KvCache cache;
  torch::Tensor text_tokens;  // the conditioning whose cross-attention K/V text_kv holds
  TextKv text_kv;
};

class SketchModel final : public model::VideoModel {
 public:
  // Architecture at deterministic random weights (seeded), for tests and before training.
  static std::unique_ptr<SketchModel> random(const SketchConfig& config,
                                             std::vector<std::string> vocabulary);
  static Result<std::unique_ptr<SketchModel>> load(const std::filesystem::path& weights);

  const ModelInfo& info() const override { return info_; }
  std::vector<std::string> vocabulary() const override { return tokenizer_.words(); }
  model::ConditioningPtr encodePrompt(const std::string& text) override;
  std::unique_ptr<model::StreamState> beginStream(std::uint64_t seed) override;
  at::Tensor step(model::StreamState& state, const model::Conditioning& conditioning,
                  unsigned actions) override;
  void decode(model::StreamState& state, const at::Tensor& latents,
              std::vector<Frame>& frames) override;

  const SketchConfig& config() const { return config_; }
  const Tokenizer& tokenizer() const { return tokenizer_; }
  TextEncoder& textEncoder() { return text_encoder_; }
  Transformer& transformer() { return transformer_; }
  Decoder& decoder() { return decoder_; }
  // Decodes unit-variance latents [N, T, C] (the transformer's space) to images [N, 3, S, S]
  // in [0, 1].
  torch::Tensor decodeImages(const torch::Tensor& latents);

 private:
  SketchModel(const SketchConfig& config, std::vector<std::string> vocabulary);
  void describe(const std::string& weights_hash);

  SketchConfig config_;
  Tokenizer tokenizer_;
  TextEncoder text_encoder_{nullptr};
  Transformer transformer_{nullptr};
  Decoder decoder_{nullptr};
  ModelInfo info_;
  // The empty caption's conditioning and cross-attention K/V, for guidance (made at load).
  torch::Tensor unconditional_tokens_;
  TextKv unconditional_kv_;
};

}  // namespace liveframe::sketch
