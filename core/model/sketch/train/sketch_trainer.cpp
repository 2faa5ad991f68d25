#include "sketch/train/sketch_trainer.h"

#include <ATen/Parallel.h>

#include <chrono>
#include <cmath>
#include <deque>
#include <sstream>

#include "io/safetensors.h"
#include "model/weights.h"
#include "sketch/autoencoder.h"
#include "sketch/text_encoder.h"
#include "sketch/tokenizer.h"
#include "sketch/train/latent_pool.h"
#include "sketch/train/sampled_frames.h"
#include "sketch/train/training_data.h"
#include "sketch/transformer.h"
#include "world/caption.h"

namespace liveframe::sketch {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kAutoencoderFile = "autoencoder.safetensors";
constexpr const char* kTransformerFile = "transformer.safetensors";
constexpr int kWarmupSteps = 200;
constexpr float kDecoderLatentNoise = 0.05f;  // decoder learns to tolerate imperfect latents
// Context frames are noised up to this t in training. At inference the context is the model's
// own imperfect output; 0.1 left a stream drifting into blur within ~2 s (step 14,455), so the
// model is taught to read noisier context.
constexpr float kMaxContextNoise = 0.3f;
// Clean context lets the transformer copy the previous frame and never learn to draw from the
// caption; at step 19,271 it drew no subject at all (colour and shape adherence 10%). So a share
// of clips have their context noised anywhere up to pure noise (diffusion forcing), where only
// the caption says what to draw.
constexpr double kCorruptContextShare = 0.25;
// Clips whose caption is dropped (all padding): the unconditional flow that classifier-free
// guidance subtracts at inference (SketchConfig::guidance_scale).
constexpr double kTextDropShare = 0.1;
// Batches whose context is the model's own drawing of the clip (sampledFrames), from step
// 23,837.
constexpr double kOwnContextShare = 0.35;
// Transformer stage data (LatentPool): encoded clips kept, the first ones before step 1, and
// one fresh clip every few steps. A clip stays refresh x capacity = 512 steps and is drawn with
// probability batch / capacity per step: about 4 times at batch 2, while rendering and encoding
// cost a quarter of one fresh batch per step.
constexpr std::size_t kPoolClips = 256;
constexpr std::size_t kPoolInitialClips = 16;
constexpr int kPoolRefreshEvery = 2;

std::string joinWords(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::map<std::string, std::string> baseMetadata(const SketchConfig& config,
                                                const std::string& stage, int step) {
  auto metadata = config.toMetadata();
  metadata["liveframe.family"] = "sketch";
  metadata["sketch.vocabulary"] = joinWords(vocabulary());
  metadata["train.stage"] = stage;
  metadata["train.step"] = std::to_string(step);
  return metadata;
}

int storedStep(const io::SafetensorsFile& file) {
  const auto it = file.metadata().find("train.step");
  return it == file.metadata().end() ? 0 : std::stoi(it->second);
}

// Running mean of the loss over the last log window, and the first window's mean.
class LossTracker {
 public:
  explicit LossTracker(int window) : window_(window) {}
  void add(double loss) {
    recent_.push_back(loss);
    if (static_cast<int>(recent_.size()) > window_) recent_.pop_front();
    if (++count_ == window_) first_ = mean();
  }
  double mean() const {
    double sum = 0;
    for (double v : recent_) sum += v;
    return recent_.empty() ? 0 : sum / static_cast<double>(recent_.size());
  }
  double first() const { return count_ >= window_ ? first_ : mean(); }

 private:
  int window_, count_ = 0;
  double first_ = 0;
  std::deque<double> recent_;
};

float learningRate(float base, int step, int total_steps) {
  const int warmup = std::max(1, std::min(kWarmupSteps, total_steps / 10));
  return base * std::min(1.0f, static_cast<float>(step + 1) / static_cast<float>(warmup));
}

// Shared loop: steps, logging, time limit, periodic saves.
template <typename StepFn, typename SaveFn>
Result<TrainReport> loop(const TrainOptions& o, int start_step, torch::optim::AdamW& optimizer,
                         float base_lr, const TrainLog& log, StepFn step_fn, SaveFn save_fn) {
  TrainReport report;
  LossTracker tracker(std::max(1, o.log_every));
  const auto start = Clock::now();
  auto last_save = start;
  int step = start_step;
  for (; step < o.steps; ++step) {
    const double elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
    if (o.minutes > 0 && elapsed_s > o.minutes * 60) break;
    if (o.interrupted && o.interrupted()) break;
    for (auto& group : optimizer.param_groups()) {
      static_cast<torch::optim::AdamWOptions&>(group.options())
          .lr(learningRate(base_lr, step, o.steps));
    }
    const double loss = step_fn();
    if (!std::isfinite(loss)) return Error{"training diverged (loss " + std::to_string(loss) + ")"};
    tracker.add(loss);
    ++report.steps_done;
    if ((step + 1) % o.log_every == 0) {
      std::ostringstream line;
      line << "step " << step + 1 << "  loss " << tracker.mean() << "  "
           << report.steps_done / std::max(1e-9, elapsed_s) << " steps/s";
      log(line.str());
    }
    if (std::chrono::duration<double>(Clock::now() - last_save).count() > o.save_every_s) {
      if (auto status = save_fn(step + 1); !status.ok()) return Error{status.error()};
      last_save = Clock::now();
    }
  }
  if (auto status = save_fn(step); !status.ok()) return Error{status.error()};
  report.total_steps = step;
  report.first_loss = tracker.first();
  report.last_loss = tracker.mean();
  report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return report;
}

Status saveOptimizer(torch::optim::AdamW& optimizer, const fs::path& path) {
  try {
    torch::serialize::OutputArchive archive;
    optimizer.save(archive);
    const auto temporary = path.string() + ".tmp";
    archive.save_to(temporary);
    fs::rename(temporary, path);
  } catch (const std::exception& e) {
    return Error{"cannot save optimizer state to " + path.string() + ": " + e.what()};
  }
  return Status::success();
}

void loadOptimizer(torch::optim::AdamW& optimizer, const fs::path& path, const TrainLog& log) {
  if (!fs::exists(path)) return;
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(path.string());
    optimizer.load(archive);
  } catch (const std::exception& e) {
    log("optimizer state not restored (" + std::string(e.what()).substr(0, 80) +
        "); fresh moments");
  }
}

torch::Tensor edgeLoss(const torch::Tensor& a, const torch::Tensor& b) {
  using torch::indexing::Slice;
  auto dx = [](const torch::Tensor& x) {
    return x.index({Slice(), Slice(), Slice(), Slice(1)}) -
           x.index({Slice(), Slice(), Slice(), Slice(0, -1)});
  };
  auto dy = [](const torch::Tensor& x) {
    return x.index({Slice(), Slice(), Slice(1)}) - x.index({Slice(), Slice(), Slice(0, -1)});
  };
  return (dx(a) - dx(b)).abs().mean() + (dy(a) - dy(b)).abs().mean();
}

Result<TrainReport> trainAutoencoder(const TrainOptions& o, const TrainLog& log) {
  const auto& c = o.config;
  Encoder encoder(c);
  Decoder decoder(c);
  const fs::path file = o.checkpoint_dir / kAutoencoderFile;
  int start_step = 0;
  if (o.resume && fs::exists(file)) {
    auto stored = io::SafetensorsFile::open(file);
    if (!stored.ok()) return Error{stored.error()};
    for (auto [prefix, module] :
         {std::pair<std::string, torch::nn::Module*>{"encoder.", encoder.get()},
          {"decoder.", decoder.get()}}) {
      if (auto status = model::loadModule(*module, **stored, prefix); !status.ok())
        return Error{status.error()};
    }
    start_step = storedStep(**stored);
    log("resuming the autoencoder at step " + std::to_string(start_step));
  }
  std::vector<torch::Tensor> parameters = encoder->parameters();
  for (auto& p : decoder->parameters()) parameters.push_back(p);
  // 1e-3 diverged at step ~3300 of the f=16 autoencoder (loss 0.07 → 0.38); 4e-4 is the default.
  const float lr = o.learning_rate > 0 ? o.learning_rate : 4e-4f;
  torch::optim::AdamW optimizer(parameters, torch::optim::AdamWOptions(lr).weight_decay(0.0));
  loadOptimizer(optimizer, o.checkpoint_dir / "autoencoder.optimizer", log);
  Tokenizer tokenizer(vocabulary());
  TrainingData data(c, tokenizer, o.batch_clips, o.frames_per_clip,
                    o.seed + 1000003ull * start_step);
  auto step_fn = [&] {
    const auto frames = data.next().frames.flatten(0, 1);  // [B*F, 3, S, S]
    const auto latents = encoder->forward(frames);
    const auto recon = decoder->forward(latents + kDecoderLatentNoise * latents.detach().std() *
                                                      torch::randn_like(latents));
    // L1 alone is content with a blurred subject; matching image gradients asks for edges.
    const auto loss =
        (recon - frames).abs().mean() + edgeLoss(recon, frames) + 1e-4 * latents.pow(2).mean();
    optimizer.zero_grad();
    loss.backward();
    torch::nn::utils::clip_grad_norm_(parameters, 1.0);
    optimizer.step();
    return loss.item<double>();
  };
  auto save_fn = [&](int step) {
    fs::create_directories(o.checkpoint_dir);
    auto status =
        model::saveModules(file, {{"encoder.", encoder.get()}, {"decoder.", decoder.get()}},
                           baseMetadata(c, "autoencoder", step), model::StoreAs::F32);
    return status.ok() ? saveOptimizer(optimizer, o.checkpoint_dir / "autoencoder.optimizer")
                       : status;
  };
  return loop(o, start_step, optimizer, lr, log, step_fn, save_fn);
}

// The t each noisy frame is trained at: mostly the sampler's own timesteps (the only ones
// inference uses), sometimes any t so the flow field stays smooth between them.
torch::Tensor trainingTimesteps(const SketchConfig& c, int64_t b, int64_t f) {
  const auto steps = torch::tensor(c.sampling_timesteps);
  const auto pick = steps.index_select(
      0, torch::randint(static_cast<int64_t>(c.sampling_timesteps.size()), {b * f}, torch::kLong));
  const auto any = torch::rand({b * f});
  return torch::where(torch::rand({b * f}) < 0.75, pick, any).view({b, f});
}

Result<TrainReport> trainTransformer(const TrainOptions& o, const TrainLog& log) {
  SketchConfig c = o.config;
  const fs::path ae_file = o.checkpoint_dir / kAutoencoderFile;
  const fs::path file = o.checkpoint_dir / kTransformerFile;
  auto ae = io::SafetensorsFile::open(ae_file);
  if (!ae.ok()) return Error{"train the autoencoder stage first: " + ae.error()};
  Encoder encoder(c);
  if (auto status = model::loadModule(*encoder, **ae, "encoder."); !status.ok())
    return Error{status.error()};
  encoder->eval();
  Tokenizer tokenizer(vocabulary());
  // One clip at a time: encoded clips go into the pool, batches come out of it.
  TrainingData data(c, tokenizer, 1, o.frames_per_clip, o.seed);
  int start_step = 0;
  std::shared_ptr<const io::SafetensorsFile> stored;
  if (o.resume && fs::exists(file)) {
    auto opened = io::SafetensorsFile::open(file);
    if (!opened.ok()) return Error{opened.error()};
    stored = *opened;
    auto saved = SketchConfig::fromMetadata(stored->metadata());
    if (!saved.ok()) return Error{saved.error()};
    c = *saved;
    start_step = storedStep(*stored);
    log("resuming the transformer at step " + std::to_string(start_step));
  } else {
    torch::NoGradGuard no_grad;
    const auto z = encoder->forward(data.next().frames.flatten(0, 1));
    // RMS, not std: the flow target noise − z must have the variance the sampler assumes.
    c.latent_scale = z.pow(2).mean().sqrt().item<float>();
    c.context_noise = 0.05f;
    log("latent scale " + std::to_string(c.latent_scale));
  }
  TextEncoder text(c, tokenizer.size());
  Transformer transformer(c);
  if (stored) {
    for (auto [prefix, module] : {std::pair<std::string, torch::nn::Module*>{"text.", text.get()},
                                  {"transformer.", transformer.get()}}) {
      if (auto status = model::loadModule(*module, *stored, prefix); !status.ok())
        return Error{status.error()};
    }
  } else {
    transformer->zeroInitOutputs();
  }
  std::vector<torch::Tensor> parameters = text->parameters();
  for (auto& p : transformer->parameters()) parameters.push_back(p);
  const float lr = o.learning_rate > 0 ? o.learning_rate : 3e-4f;
  torch::optim::AdamW optimizer(parameters, torch::optim::AdamWOptions(lr).weight_decay(0.01));
  loadOptimizer(optimizer, o.checkpoint_dir / "transformer.optimizer", log);
  const int64_t f = o.frames_per_clip;
  const auto buckets = teacherForcingBuckets(static_cast<int>(f), c.window_frames, c.sink_frames);
  auto encode_clip = [&] {
    torch::NoGradGuard no_grad;
    auto clip = data.next();
    auto z = encoder->forward(clip.frames.flatten(0, 1)).div(c.latent_scale);  // [F, C, g, g]
    z = patchify(z, c.patch).reshape({f, c.tokensPerFrame(), c.tokenChannels()});
    return EncodedClip{z, clip.tokens[0], clip.actions[0], clip.weights[0]};
  };
  LatentPool pool(kPoolClips, o.seed ^ 0x5eedu);
  const std::size_t batch_clips = static_cast<std::size_t>(std::max(1, o.batch_clips));
  while (pool.size() < std::max<std::size_t>(kPoolInitialClips, batch_clips)) {
    pool.add(encode_clip());
  }
  int steps_since_refresh = 0;
  auto step_fn = [&] {
    if (++steps_since_refresh >= kPoolRefreshEvery) {
      pool.add(encode_clip());
      steps_since_refresh = 0;
    }
    auto batch = pool.sample(batch_clips);
    const int64_t b = batch.latents.size(0);
    const auto z = batch.latents;  // [B, F, T, C]
    // Dropped captions only on the noisy frames: at inference the empty caption's pass reads
    // a cache written with the real caption.
    const auto cond = text->forward(batch.tokens.flatten(0, 1)).view({b, f, c.text_queries, c.dim});
    const auto dropped = text->forward(torch::zeros_like(batch.tokens.select(1, 0)))
                             .unsqueeze(1)
                             .expand({b, f, c.text_queries, c.dim});
    const auto noisy_cond =
        torch::where((torch::rand({b}) < kTextDropShare).view({b, 1, 1, 1}), dropped, cond);
    // Own context: at inference the cache holds the model's own frames, softer than the world's
    // (the step-23,837 stream let a subject fade out over a second). So a share of batches has
    // the context replaced by what the sampler makes of each frame given the real frames before
    // it; the targets stay the world's frames, so the model learns to sharpen what it reads.
    const auto context_source =
        torch::rand({1}).item<double>() < kOwnContextShare
            ? sampledFrames(*transformer, c, z, batch.actions, cond, buckets, kMaxContextNoise)
            : z;
    const auto t = trainingTimesteps(c, b, f);
    const auto tc = torch::where(torch::rand({b, 1}) < kCorruptContextShare, torch::rand({b, f}),
                                 torch::rand({b, f}) * kMaxContextNoise);
    const auto noise = torch::randn_like(z);
    const auto xt = (1 - t.view({b, f, 1, 1})) * z + t.view({b, f, 1, 1}) * noise;
    const auto ctx =
        (1 - tc.view({b, f, 1, 1})) * context_source + tc.view({b, f, 1, 1}) * torch::randn_like(z);
    const auto flow = transformer->forwardSequence(torch::cat({ctx, xt}, 1), torch::cat({tc, t}, 1),
                                                   torch::cat({batch.actions, batch.actions}, 1),
                                                   torch::cat({cond, noisy_cond}, 1), buckets);
    // Token-weighted MSE (subjects weigh more: subjectTokenWeights), normalised by the weights.
    const auto per_token = (flow.narrow(1, f, f) - (noise - z)).pow(2).mean(-1);  // [B, F, T]
    const auto loss = (per_token * batch.weights).sum() / batch.weights.sum();
    optimizer.zero_grad();
    loss.backward();
    torch::nn::utils::clip_grad_norm_(parameters, 1.0);
    optimizer.step();
    return loss.item<double>();
  };
  auto save_fn = [&](int step) {
    fs::create_directories(o.checkpoint_dir);
    auto status =
        model::saveModules(file, {{"text.", text.get()}, {"transformer.", transformer.get()}},
                           baseMetadata(c, "transformer", step), model::StoreAs::F32);
    return status.ok() ? saveOptimizer(optimizer, o.checkpoint_dir / "transformer.optimizer")
                       : status;
  };
  return loop(o, start_step, optimizer, lr, log, step_fn, save_fn);
}

}  // namespace

Status exportSketch(const fs::path& checkpoint_dir, const fs::path& out,
                    const ExportSettings& settings) {
  auto transformer_file = io::SafetensorsFile::open(checkpoint_dir / kTransformerFile);
  if (!transformer_file.ok()) return Error{transformer_file.error()};
  auto ae_file = io::SafetensorsFile::open(checkpoint_dir / kAutoencoderFile);
  if (!ae_file.ok()) return Error{ae_file.error()};
  auto config = SketchConfig::fromMetadata((*transformer_file)->metadata());
  if (!config.ok()) return Error{config.error()};
  if (settings.guidance_scale) config->guidance_scale = *settings.guidance_scale;
  if (settings.guided_steps) config->guided_steps = *settings.guided_steps;
  if (settings.sampling_timesteps) config->sampling_timesteps = *settings.sampling_timesteps;
  if (settings.context_noise) config->context_noise = *settings.context_noise;
  Tokenizer tokenizer(vocabulary());
  TextEncoder text(*config, tokenizer.size());
  Transformer transformer(*config);
  Decoder decoder(*config);
  for (auto [file, prefix, module] :
       {std::tuple<const io::SafetensorsFile*, std::string, torch::nn::Module*>{
            transformer_file->get(), "text.", text.get()},
        {transformer_file->get(), "transformer.", transformer.get()},
        {ae_file->get(), "decoder.", decoder.get()}}) {
    if (auto status = model::loadModule(*module, *file, prefix); !status.ok()) return status;
  }
  auto metadata = baseMetadata(*config, "export", storedStep(**transformer_file));
  metadata["train.autoencoder_steps"] = std::to_string(storedStep(**ae_file));
  metadata["train.notes"] = settings.notes;
  fs::create_directories(out.parent_path().empty() ? fs::path(".") : out.parent_path());
  return model::saveModules(
      out,
      {{"text.", text.get()}, {"transformer.", transformer.get()}, {"decoder.", decoder.get()}},
      metadata, model::StoreAs::F16);
}

Result<TrainReport> trainSketch(const TrainOptions& options, const TrainLog& log) {
  at::set_num_threads(std::max(1, options.threads));
  try {
    if (options.stage == TrainOptions::Stage::Autoencoder) return trainAutoencoder(options, log);
    return trainTransformer(options, log);
  } catch (const c10::Error& e) {
    return Error{std::string("training failed: ") + e.what_without_backtrace()};
  } catch (const std::exception& e) {
    return Error{std::string("training failed: ") + e.what()};
  }
}

}  // namespace liveframe::sketch
