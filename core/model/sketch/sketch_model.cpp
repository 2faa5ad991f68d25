#include "sketch/sketch_model.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cstring>
#include <sstream>

#include "io/sha256.h"
#include "model/weights.h"
#include "sketch/flops.h"

namespace liveframe::sketch {
namespace {

// Random weights are a function of this seed alone, so a random-weights stream replays.
constexpr std::uint64_t kRandomWeightsSeed = 20261125;

std::vector<std::string> splitSpaces(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

}  // namespace

SketchStream::SketchStream(const SketchConfig& c, int64_t heads)
    : cache(c.layers, heads, c.dim / heads, c.tokensPerFrame(), c.sink_frames, c.window_frames,
            torch::TensorOptions().dtype(torch::kFloat32)) {}

SketchModel::SketchModel(const SketchConfig& config, std::vector<std::string> vocabulary)
    : config_(config), tokenizer_(std::move(vocabulary)) {
  text_encoder_ = TextEncoder(config_, tokenizer_.size());
  transformer_ = Transformer(config_);
  decoder_ = Decoder(config_);
  text_encoder_->eval();
  transformer_->eval();
  decoder_->eval();
}

void SketchModel::describe(const std::string& weights_hash) {
  info_.id = "sketch";
  info_.description = "Liveframe's built-in causal latent video diffusion model (procedural world)";
  info_.width = info_.height = config_.image_size;
  info_.fps = config_.fps;
  info_.frames_per_step = 1;
  info_.latent_shape = {config_.latent_channels, config_.latent_grid, config_.latent_grid};
  info_.device = "cpu";
  info_.weights_hash = weights_hash;
  info_.accepts_actions = true;
  info_.denoising_steps = static_cast<int>(config_.sampling_timesteps.size());
  info_.flops_per_frame = flopsPerFrame(config_);
  if (config_.guided()) {  // made here, with the weights, so step() only reads model state
    c10::InferenceMode inference;
    unconditional_tokens_ = encodePrompt("")->tokens.unsqueeze(0);
    unconditional_kv_ = transformer_->textKv(unconditional_tokens_);
  }
}

std::unique_ptr<SketchModel> SketchModel::random(const SketchConfig& config,
                                                 std::vector<std::string> vocabulary) {
  torch::manual_seed(kRandomWeightsSeed);
  std::unique_ptr<SketchModel> model(new SketchModel(config, std::move(vocabulary)));
  model->describe("random");
  return model;
}

Result<std::unique_ptr<SketchModel>> SketchModel::load(const std::filesystem::path& weights) {
  auto file = io::SafetensorsFile::open(weights);
  if (!file.ok()) return Error{file.error()};
  const auto& metadata = (*file)->metadata();
  const auto family = metadata.find("liveframe.family");
  if (family == metadata.end() || family->second != "sketch") {
    return Error{weights.filename().string() + ": not a sketch model (metadata liveframe.family)"};
  }
  auto config = SketchConfig::fromMetadata(metadata);
  if (!config.ok()) return Error{weights.filename().string() + ": " + config.error()};
  const auto vocabulary = metadata.find("sketch.vocabulary");
  if (vocabulary == metadata.end()) {
    return Error{weights.filename().string() + ": missing metadata 'sketch.vocabulary'"};
  }
  std::unique_ptr<SketchModel> model(new SketchModel(*config, splitSpaces(vocabulary->second)));
  for (const auto& [prefix, module] : std::vector<std::pair<std::string, torch::nn::Module*>>{
           {"text.", model->text_encoder_.get()},
           {"transformer.", model->transformer_.get()},
           {"decoder.", model->decoder_.get()}}) {
    if (auto status = model::loadModule(*module, **file, prefix); !status.ok()) {
      return Error{status.error()};
    }
  }
  auto hash = io::sha256File(weights);
  if (!hash.ok()) return Error{hash.error()};
  model->describe(hash->substr(0, 16));
  return model;
}

model::ConditioningPtr SketchModel::encodePrompt(const std::string& text) {
  c10::InferenceMode inference;
  const auto encoded = tokenizer_.encode(text, config_.text_max_tokens);
  const auto ids = torch::tensor(encoded.ids, torch::kLong).unsqueeze(0);
  auto conditioning = std::make_shared<model::Conditioning>();
  conditioning->text = text;
  conditioning->tokens = text_encoder_->forward(ids).squeeze(0);
  return conditioning;
}

std::unique_ptr<model::StreamState> SketchModel::beginStream(std::uint64_t seed) {
  auto stream = std::make_unique<SketchStream>(config_, config_.heads);
  stream->seed = seed;
  return stream;
}

at::Tensor SketchModel::step(model::StreamState& state, const model::Conditioning& conditioning,
                             unsigned actions) {
  c10::InferenceMode inference;
  auto& stream = static_cast<SketchStream&>(state);
  const auto tokens = conditioning.tokens.unsqueeze(0);
  if (!stream.text_tokens.defined() ||
      stream.text_tokens.unsafeGetTensorImpl() != conditioning.tokens.unsafeGetTensorImpl()) {
    stream.text_tokens = conditioning.tokens;
    stream.text_kv = transformer_->textKv(tokens);
  }
  auto generator =
      at::detail::createCPUGenerator(model::frameNoiseSeed(stream.seed, stream.frame_index));
  const std::vector<int64_t> shape = {1, config_.tokensPerFrame(), config_.tokenChannels()};
  auto x = at::randn(shape, generator, torch::kFloat32);
  torch::Tensor x0;
  const auto& timesteps = config_.sampling_timesteps;
  for (std::size_t s = 0; s < timesteps.size(); ++s) {
    const float t = timesteps[s];
    // Each pass writes this frame's keys to the cache's scratch slot, so passes in a row are
    // independent; the cache-write pass below overwrites them all.
    auto flow = transformer_->forwardCached(x, t, actions, tokens, stream.text_kv, stream.cache,
                                            stream.frame_index);
    if (config_.guided() && static_cast<int>(s) < config_.guided_steps) {
      const auto unconditional =
          transformer_->forwardCached(x, t, actions, unconditional_tokens_, unconditional_kv_,
                                      stream.cache, stream.frame_index);
      flow = unconditional + config_.guidance_scale * (flow - unconditional);
    }
    x0 = x - t * flow;
    if (s + 1 < timesteps.size()) {
      const float next = timesteps[s + 1];
      x = (1.0f - next) * x0 + next * at::randn(shape, generator, torch::kFloat32);
    }
  }
  // Write the finished frame into the cache (the pass Self-Forcing runs at timestep 0).
  auto context = x0;
  if (config_.context_noise > 0) {
    context = (1.0f - config_.context_noise) * x0 +
              config_.context_noise * at::randn(shape, generator, torch::kFloat32);
  }
  transformer_->forwardCached(context, config_.context_noise, actions, tokens, stream.text_kv,
                              stream.cache, stream.frame_index);
  stream.cache.commit(stream.frame_index);
  stream.frame_index += 1;
  return x0;
}

torch::Tensor SketchModel::decodeImages(const torch::Tensor& latents) {
  const auto spatial =
      unpatchify(latents, config_.latent_channels, config_.latent_grid, config_.patch);
  // The transformer works on unit-variance latents; the decoder on the encoder's scale.
  return decoder_->forward(spatial.mul(config_.latent_scale));
}

void SketchModel::decode(model::StreamState& state, const at::Tensor& latents,
                         std::vector<Frame>& frames) {
  (void)state;
  c10::InferenceMode inference;
  const auto images = decodeImages(latents);
  const auto bytes =
      images.mul(255.0f).round_().to(torch::kUInt8).permute({0, 2, 3, 1}).contiguous();
  for (int64_t i = 0; i < bytes.size(0); ++i) {
    Frame frame;
    frame.width = frame.height = config_.image_size;
    const auto* begin = bytes[i].data_ptr<std::uint8_t>();
    frame.rgb.assign(begin, begin + bytes[i].numel());
    frames.push_back(std::move(frame));
  }
}

}  // namespace liveframe::sketch
