#include "wan/wan_model.h"

#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <set>

#include "io/safetensors.h"
#include "io/sha256.h"
#include "wan/causal_sampler.h"
#include "wan/checkpoint.h"
#include "wan/dit_cache.h"

namespace liveframe::wan {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kDefaultWidth = 832;
constexpr std::int64_t kDefaultHeight = 480;
constexpr double kWanFps = 16.0;
// LongLive's LoRA: r = α = 256, so the merge adds B·A unscaled.
constexpr float kLongLiveLoraScale = 1.0f;

struct WanStream : model::StreamState {
  WanStream(const CausalDit& dit, const DitConfig& config, const StreamConfig& stream,
            std::int64_t frame_tokens, torch::TensorOptions options)
      : cache(config, stream, frame_tokens, 1, options, RopePositions::WindowRelative),
        sampler(dit, cache, stream) {}

  // Step side.
  DitCache cache;
  CausalSampler sampler;
  torch::Tensor text;  // the conditioning whose cross-attention K/V the cache holds
  torch::Tensor switched_to;  // a switch's target, until the stream has moved to it
  // Decode side.
  std::uint64_t serial = 0;
  VaeStreamState vae;
  std::int64_t taehv_frames = 0;  // pixel frames TAEHV produced in this stream (warm-up included)
};

std::string fileName(const fs::path& path) { return path.filename().string(); }

Result<DitConfig> readDitConfig(const WanFolder& folder) {
  const FolderPart* part = folder.part("config");
  if (!part || part->found.empty()) return DitConfig::wan1_3b();
  std::ifstream in(part->found);
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception&) {
    return Error{part->found.string() + ": not a JSON configuration"};
  }
  if (!json.is_object()) return Error{part->found.string() + ": not a JSON object"};
  // Wan2.1's config.json as key → text, the form DitConfig::fromMetadata reads.
  std::map<std::string, std::string> metadata;
  for (const auto& [key, value] : json.items()) {
    if (value.is_array()) {
      std::string joined;
      for (const auto& item : value) joined += (joined.empty() ? "" : ",") + item.dump();
      metadata[key] = joined;
    } else if (value.is_string()) {
      metadata[key] = value.get<std::string>();
    } else {
      metadata[key] = value.dump();
    }
  }
  auto config = DitConfig::fromMetadata(metadata);
  if (!config.ok()) return Error{part->found.string() + ": " + config.error()};
  return config;  // fromMetadata validated it
}

Result<torch::Tensor> requireTensor(const StateDict& dict, const std::string& name, int dims) {
  const torch::Tensor* tensor = dict.find(name);
  if (!tensor) return Error{fileName(dict.file()) + ": missing tensor '" + name + "'"};
  if (tensor->dim() != dims) {
    return Error{fileName(dict.file()) + ": tensor '" + name + "' has " +
                 std::to_string(tensor->dim()) + " dimensions, expected " + std::to_string(dims)};
  }
  return *tensor;
}

// umT5's shapes read off its tensors (the release ships no configuration for it).
Result<Umt5Config> umt5ConfigOf(const StateDict& dict, std::int64_t text_len) {
  Umt5Config config;
  auto embedding = requireTensor(dict, "token_embedding.weight", 2);
  if (!embedding.ok()) return Error{embedding.error()};
  auto q = requireTensor(dict, "blocks.0.attn.q.weight", 2);
  if (!q.ok()) return Error{q.error()};
  auto fc1 = requireTensor(dict, "blocks.0.ffn.fc1.weight", 2);
  if (!fc1.ok()) return Error{fc1.error()};
  auto position = requireTensor(dict, "blocks.0.pos_embedding.embedding.weight", 2);
  if (!position.ok()) return Error{position.error()};
  config.vocab = embedding->size(0);
  config.dim = embedding->size(1);
  config.dim_attn = q->size(0);
  config.dim_ffn = fc1->size(0);
  config.num_buckets = position->size(0);
  config.num_heads = position->size(1);
  config.text_len = text_len;
  static const std::regex block(R"(blocks\.(\d+)\.norm1\.weight)");
  std::set<std::int64_t> layers;
  for (const auto& name : dict.names()) {
    std::smatch match;
    if (std::regex_match(name, match, block)) layers.insert(std::stoll(match[1].str()));
  }
  config.num_layers = static_cast<std::int64_t>(layers.size());
  if (config.num_heads <= 0 || config.dim_attn % config.num_heads != 0) {
    return Error{fileName(dict.file()) + ": " + std::to_string(config.num_heads) +
                 " position-bias heads do not divide the attention width " +
                 std::to_string(config.dim_attn)};
  }
  return config;
}

// The VAE's widths read off its tensors; the rest of its structure is Wan2.1's.
Result<VaeConfig> vaeConfigOf(const StateDict& dict) {
  VaeConfig config = VaeConfig::wan2_1();
  auto conv2 = requireTensor(dict, "conv2.weight", 5);
  if (!conv2.ok()) return Error{conv2.error()};
  auto head = requireTensor(dict, "decoder.head.2.weight", 5);
  if (!head.ok()) return Error{head.error()};
  config.z_dim = conv2->size(0);
  config.dim = head->size(1);
  return config;
}

Result<std::string> weightsHash(const WanFolder& folder) {
  // What makes the pictures: the generator (and LoRA) and the decoder that is used (TAEHV when
  // present, else the VAE), so a replay with another decoder is told apart. The text encoder is
  // Wan2.1's for every generator.
  const FolderPart* fast = folder.part("fast decoder");
  const char* decoder = fast && !fast->found.empty() ? "fast decoder" : "decoder";
  std::string text;
  for (const char* role : {"generator", "lora", decoder}) {
    const FolderPart* part = folder.part(role);
    if (!part || part->found.empty()) continue;
    auto hash = io::sha256File(part->found);
    if (!hash.ok()) return Error{hash.error()};
    text += (text.empty() ? "" : "+") + hash->substr(0, 16);
  }
  return text;
}

torch::Tensor toRgb8(const torch::Tensor& unit_images) {
  // [N, 3, H, W] in [0, 1] → [N, H, W, 3] bytes on the CPU.
  return unit_images.to(torch::kCPU, torch::kFloat32)
      .clamp(0, 1)
      .mul(255.0f)
      .round_()
      .to(torch::kUInt8)
      .permute({0, 2, 3, 1})
      .contiguous();
}

void appendFrames(const torch::Tensor& bytes, std::vector<Frame>& frames) {
  for (std::int64_t i = 0; i < bytes.size(0); ++i) {
    Frame frame;
    frame.height = static_cast<int>(bytes.size(1));
    frame.width = static_cast<int>(bytes.size(2));
    const auto image = bytes[i];
    const auto* begin = image.data_ptr<std::uint8_t>();
    frame.rgb.assign(begin, begin + image.numel());
    frames.push_back(std::move(frame));
  }
}

// Before building the DiT (1.4 B parameters at Wan2.1's size): do the generator's tensors
// have the configuration's shapes? Names the configuration's source when they do not.
Status checkGeneratorShapes(const StateDict& dict, const DitConfig& config, const WanFolder& folder) {
  const std::int64_t patch = config.patch[0] * config.patch[1] * config.patch[2];
  const std::vector<std::pair<std::string, std::vector<std::int64_t>>> expected = {
      {"patch_embedding.weight",
       {config.dim, config.in_dim, config.patch[0], config.patch[1], config.patch[2]}},
      {"text_embedding.0.weight", {config.dim, config.text_dim}},
      {"blocks.0.ffn.0.weight", {config.ffn_dim, config.dim}},
      {"head.head.weight", {config.out_dim * patch, config.dim}},
  };
  const FolderPart* source = folder.part("config");
  const std::string from = source && !source->found.empty()
                               ? source->found.filename().string()
                               : "Wan2.1-T2V-1.3B's (no config.json in the folder)";
  for (const auto& [name, shape] : expected) {
    const torch::Tensor* tensor = dict.find(name);
    if (!tensor) return Error{fileName(dict.file()) + ": missing tensor '" + name + "'"};
    if (tensor->sizes() != c10::IntArrayRef(shape)) {
      return Error{fileName(dict.file()) + ": tensor '" + name + "' has shape " +
                   io::formatShape(tensor->sizes().vec()) + ", expected " +
                   io::formatShape(shape) + " by the DiT configuration " + from};
    }
  }
  // The layer count: the last layer is there and no layer after it.
  const std::string last = "blocks." + std::to_string(config.num_layers - 1) + ".modulation";
  const std::string after = "blocks." + std::to_string(config.num_layers) + ".modulation";
  if (!dict.find(last) || dict.find(after)) {
    std::int64_t layers = 0;
    while (dict.find("blocks." + std::to_string(layers) + ".modulation")) ++layers;
    return Error{fileName(dict.file()) + ": holds " + std::to_string(layers) +
                 " DiT layers, expected " + std::to_string(config.num_layers) +
                 " by the DiT configuration " + from};
  }
  return Status::success();
}

}  // namespace

StreamConfig streamConfigFor(GeneratorKind kind) {
  StreamConfig stream;
  stream.frames_per_block = 3;
  stream.timestep_shift = 5.0;
  stream.denoising_steps = {1000, 750, 500, 250};
  stream.warp_denoising_steps = true;
  stream.context_noise = 0;
  // Endless: the trained context length as a rolling window, its first block kept as a sink.
  stream.local_attn_frames = 21;
  stream.sink_frames = 3;
  if (kind == GeneratorKind::kLongLive) {
    stream.local_attn_frames = 12;  // LongLive's own window and frame sink
  } else if (kind == GeneratorKind::kCausVid) {
    stream.timestep_shift = 8.0;
    stream.denoising_steps = {1000, 757, 522};
    stream.warp_denoising_steps = false;
  }
  return stream;
}

Result<std::unique_ptr<WanModel>> WanModel::load(const WanFolder& folder,
                                                 const WanModelOptions& options) {
  if (!folder.complete()) return Error{folder.missingText()};
  if (folder.generator == GeneratorKind::kWanBase) {
    return Error{folder.folder.string() +
                 ": only the Wan2.1-T2V-1.3B base was found, a bidirectional 50-step model that "
                 "cannot stream; add a causal generator (self_forcing_dmd.pt, longlive_base.pt + "
                 "lora.pt or CausVid's model.pt)"};
  }
  std::unique_ptr<WanModel> model(new WanModel());
  const std::int64_t width = options.width > 0 ? options.width : kDefaultWidth;
  const std::int64_t height = options.height > 0 ? options.height : kDefaultHeight;
  if (width % 16 != 0 || height % 16 != 0) {
    return Error{"a Wan frame size must be a multiple of 16 pixels each way, not " +
                 std::to_string(width) + "x" + std::to_string(height)};
  }
  model->latent_w_ = width / 8;
  model->latent_h_ = height / 8;
  model->stream_config_ = streamConfigFor(folder.generator);
  model->recache_on_switch_ =
      options.recache_on_switch.value_or(folder.generator == GeneratorKind::kLongLive);
  model->cuda_ = options.prefer_cuda && torch::cuda::is_available();
  model->device_ = model->cuda_ ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
  model->dtype_ = model->cuda_ ? torch::kBFloat16 : torch::kFloat32;
  auto dit_config = readDitConfig(folder);
  if (!dit_config.ok()) return Error{dit_config.error()};
  model->dit_config_ = *dit_config;

  torch::NoGradGuard no_grad;
  // One part at a time, in order (the tokenizer is checked against umT5): each file's tensors
  // are freed before the next file is read.
  using Loader = Status (WanModel::*)(const WanFolder&);
  for (Loader load : {&WanModel::loadGenerator, &WanModel::loadTextEncoder,
                      &WanModel::loadTokenizer, &WanModel::loadDecoder, &WanModel::describe}) {
    if (Status loaded = ((*model).*load)(folder); !loaded) return Error{loaded.error()};
  }
  return model;
}

Status WanModel::loadGenerator(const WanFolder& folder) {
  // LongLive's LoRA is merged into the base before the DiT takes the weights.
  const FolderPart& part = *folder.part("generator");
  auto dict = StateDict::open(part.found, part.sections);
  if (!dict.ok()) return Error{dict.error()};
  if (const FolderPart* lora_part = folder.part("lora")) {
    auto lora = StateDict::open(lora_part->found, {"generator_lora", "lora"});
    if (!lora.ok()) return Error{lora.error()};
    if (Status merged = dict->mergeLora(*lora, kLongLiveLoraScale); !merged) return merged;
  }
  if (Status shapes = checkGeneratorShapes(*dict, dit_config_, folder); !shapes) return shapes;
  dit_ = CausalDit(dit_config_);
  if (Status loaded = dict->loadInto(*dit_); !loaded) return loaded;
  dit_->to(device_, dtype_);
  dit_->eval();
  return Status::success();
}

Status WanModel::loadTextEncoder(const WanFolder& folder) {
  // umT5 runs in the precision its file holds (bf16 for the release, as Wan runs it).
  const FolderPart& part = *folder.part("text encoder");
  auto dict = StateDict::open(part.found);
  if (!dict.ok()) return Error{dict.error()};
  auto config = umt5ConfigOf(*dict, dit_config_.text_len);
  if (!config.ok()) return Error{config.error()};
  if (config->dim != dit_config_.text_dim) {
    return Error{fileName(part.found) + ": umT5 width " + std::to_string(config->dim) +
                 " does not match the generator's text width " +
                 std::to_string(dit_config_.text_dim)};
  }
  const auto stored = dict->find("token_embedding.weight")->scalar_type();
  text_dtype_ = cuda_ || stored == torch::kBFloat16 ? torch::kBFloat16 : torch::kFloat32;
  text_encoder_ = Umt5Encoder(*config, text_dtype_);
  if (Status loaded = dict->loadInto(*text_encoder_); !loaded) return loaded;
  text_encoder_->to(device_);
  text_encoder_->eval();
  return Status::success();
}

Status WanModel::loadTokenizer(const WanFolder& folder) {
  const fs::path& file = folder.part("tokenizer")->found;
  auto tokenizer = Umt5Tokenizer::open(file);
  if (!tokenizer.ok()) return Error{tokenizer.error()};
  if (tokenizer->vocabularySize() > text_encoder_->config().vocab) {
    return Error{fileName(file) + ": " + std::to_string(tokenizer->vocabularySize()) +
                 " pieces, more than umT5's " + std::to_string(text_encoder_->config().vocab) +
                 " embeddings"};
  }
  tokenizer_.emplace(std::move(tokenizer).value());
  return Status::success();
}

Status WanModel::loadDecoder(const WanFolder& folder) {
  // TAEHV when the folder has it (fast), else the Wan VAE's streamed decoder.
  if (const FolderPart* fast = folder.part("fast decoder"); fast && !fast->found.empty()) {
    auto dict = StateDict::open(fast->found);
    if (!dict.ok()) return Error{dict.error()};
    taehv_ = TaehvDecoder(dit_config_.out_dim);
    if (Status loaded = dict->loadInto(*taehv_); !loaded) return loaded;
    taehv_->to(device_, dtype_);
    taehv_->eval();
    return Status::success();
  }
  const FolderPart& part = *folder.part("decoder");
  auto dict = StateDict::open(part.found);
  if (!dict.ok()) return Error{dict.error()};
  auto config = vaeConfigOf(*dict);
  if (!config.ok()) return Error{config.error()};
  if (config->z_dim != dit_config_.out_dim) {
    return Error{fileName(part.found) + ": VAE latent channels " + std::to_string(config->z_dim) +
                 " do not match the generator's " + std::to_string(dit_config_.out_dim)};
  }
  vae_ = WanVaeDecoder(*config);
  if (Status loaded = dict->loadInto(*vae_); !loaded) return loaded;
  vae_->to(device_, dtype_);
  vae_->eval();
  latent_mean_ = wanLatentMean().to(device_, dtype_);
  latent_std_ = wanLatentStd().to(device_, dtype_);
  return Status::success();
}

Status WanModel::describe(const WanFolder& folder) {
  auto hash = weightsHash(folder);
  if (!hash.ok()) return Error{hash.error()};
  // The folder is the id: a recorded session names it, and replaying loads it again.
  info_.id = fs::absolute(folder.folder).lexically_normal().string();
  info_.description = "Wan2.1 causal video model: " + folder.generatorName() +
                      (taehv_ ? ", TAEHV decoder" : ", Wan VAE decoder");
  info_.width = static_cast<int>(latent_w_ * 8);
  info_.height = static_cast<int>(latent_h_ * 8);
  info_.fps = kWanFps;
  info_.frames_per_step =
      static_cast<int>(stream_config_.frames_per_block * TaehvDecoderImpl::kTimeUpscale);
  info_.latent_shape = {static_cast<long>(dit_config_.out_dim), static_cast<long>(latent_h_),
                        static_cast<long>(latent_w_)};
  info_.device = cuda_ ? "cuda:0" : "cpu";
  info_.weights_hash = *hash;
  info_.accepts_actions = false;
  info_.denoising_steps = static_cast<int>(stream_config_.denoising_steps.size());
  const std::int64_t frame_tokens = dit_->frameTokens(latent_h_, latent_w_);
  const double passes = static_cast<double>(stream_config_.denoising_steps.size() + 1);
  info_.flops_per_frame = passes *
                          ditPassFlop(dit_config_, stream_config_.frames_per_block * frame_tokens,
                                      stream_config_.cacheFrames() * frame_tokens,
                                      dit_config_.text_len) /
                          static_cast<double>(info_.frames_per_step);
  return Status::success();
}

model::ConditioningPtr WanModel::encodePrompt(const std::string& text) {
  c10::InferenceMode inference;
  const std::int64_t text_len = dit_config_.text_len;
  const Umt5Tokens tokens = tokenizer_->encode(text, static_cast<int>(text_len));
  const auto ids = torch::tensor(tokens.ids, torch::kLong).unsqueeze(0).to(device_);
  const auto mask = torch::tensor(tokens.mask, torch::kLong).unsqueeze(0).to(device_);
  auto hidden = zeroPadding(text_encoder_->forward(ids, mask), mask);
  auto conditioning = std::make_shared<model::Conditioning>();
  conditioning->text = text;
  // [text_len, text_dim]: every prompt has all rows (zero past its length), so blends are
  // row-wise sums and the DiT sees exactly what the reference feeds it.
  conditioning->tokens = hidden.squeeze(0).to(dtype_);
  return conditioning;
}

std::unique_ptr<model::StreamState> WanModel::beginStream(std::uint64_t seed) {
  const auto options = torch::TensorOptions().device(device_).dtype(dtype_);
  auto stream = std::make_unique<WanStream>(dit_, dit_config_, stream_config_,
                                            dit_->frameTokens(latent_h_, latent_w_), options);
  stream->seed = seed;
  stream->serial = next_stream_serial_++;
  return stream;
}

at::Tensor WanModel::step(model::StreamState& state, const model::Conditioning& conditioning,
                          unsigned actions) {
  (void)actions;  // the Wan family takes no camera actions
  c10::InferenceMode inference;
  auto& stream = static_cast<WanStream&>(state);
  if (!stream.text.defined() ||
      stream.text.unsafeGetTensorImpl() != conditioning.tokens.unsafeGetTensorImpl()) {
    // Cross-attention K/V for the new conditioning (each block of a transition has its own).
    // A re-cache only on a switch straight to its target: a transition blends instead.
    const bool recache = recache_on_switch_ && stream.switched_to.defined() &&
                         stream.switched_to.is_same(conditioning.tokens);
    stream.sampler.switchPrompt(conditioning.tokens, recache);
    stream.text = conditioning.tokens;
    stream.switched_to = torch::Tensor();
  }
  // Noise from a CPU generator seeded per block: the same on every backend and replayable
  // from any block.
  auto generator = at::detail::createCPUGenerator(model::frameNoiseSeed(stream.seed, stream.frame_index));
  const std::vector<std::int64_t> shape = {1, stream_config_.frames_per_block, dit_config_.in_dim,
                                           latent_h_, latent_w_};
  auto draw = [&](at::IntArrayRef sizes) {
    return at::randn(sizes, generator, torch::kFloat32).to(device_, dtype_);
  };
  const bool first_block = stream.sampler.nextFrame() == 0;
  auto latents = stream.sampler.generateBlock(
      draw(shape), [&](const torch::Tensor& like) { return draw(like.sizes()); });
  // Pixel frames this block becomes: 4 per latent frame, 3 fewer on a stream's first block.
  stream.frame_index += info_.frames_per_step - (first_block ? TaehvDecoderImpl::kFramesToTrim : 0);
  return latents;
}

void WanModel::decode(model::StreamState& state, const at::Tensor& latents,
                      std::vector<Frame>& frames) {
  c10::InferenceMode inference;
  auto& stream = static_cast<WanStream&>(state);
  for (std::int64_t f = 0; f < latents.size(1); ++f) {
    const auto latent = latents.select(1, f);  // [1, C, h, w]
    if (taehv_) {
      if (taehv_stream_serial_ != stream.serial) {
        taehv_->resetStream();
        taehv_stream_serial_ = stream.serial;
      }
      for (const auto& image : taehv_->decodeFrame(latent)) {
        if (stream.taehv_frames++ < TaehvDecoderImpl::kFramesToTrim) continue;  // warm-up
        appendFrames(toRgb8(image), frames);
      }
    } else {
      // [1, 3, T, H, W] in [-1, 1] → T images in [0, 1].
      const auto video =
          vae_->decodeFrame(latent.unsqueeze(2), latent_mean_, latent_std_, stream.vae);
      const auto images = video.squeeze(0).permute({1, 0, 2, 3}).mul(0.5).add(0.5);
      appendFrames(toRgb8(images), frames);
    }
  }
}

void WanModel::switchPrompt(model::StreamState& state, const model::Conditioning& conditioning) {
  // step() re-caches if the next conditioning it gets is this one (no transition).
  static_cast<WanStream&>(state).switched_to = conditioning.tokens;
}

std::int64_t WanModel::lastRecacheFrames(const model::StreamState& state) {
  return static_cast<const WanStream&>(state).sampler.lastRecacheFrames();
}

}  // namespace liveframe::wan
