#include "wan/vector_check.h"

#include <algorithm>
#include <limits>

#include "io/safetensors.h"
#include "model/weights.h"
#include "wan/causal_dit.h"
#include "wan/causal_sampler.h"
#include "wan/taehv_decoder.h"
#include "wan/umt5_encoder.h"
#include "wan/wan_vae.h"

namespace liveframe::wan {
namespace {

using SharedFile = std::shared_ptr<const io::SafetensorsFile>;

std::string shapeText(c10::IntArrayRef shape) {
  return io::formatShape(std::vector<std::int64_t>(shape.begin(), shape.end()));
}

// A tensor from the vector file, any stored dtype, as float32 or int64.
Result<torch::Tensor> vectorTensor(const io::SafetensorsFile& file, const std::string& name) {
  const io::TensorView* view = file.find(name);
  if (!view) return Error{file.path().filename().string() + ": missing tensor '" + name + "'"};
  if (view->dtype == io::DType::I64) {
    std::vector<int64_t> shape(view->shape.begin(), view->shape.end());
    auto* data = const_cast<void*>(static_cast<const void*>(view->bytes.data()));
    return torch::from_blob(data, shape, torch::kLong).clone();
  }
  auto value = model::toTorch(*view);
  if (!value.ok()) return Error{file.path().filename().string() + ": " + value.error()};
  return value.value();
}

Result<VectorReport> checkCausalDit(const SharedFile& weights, const SharedFile& vectors) {
  auto dit_config = DitConfig::fromMetadata(weights->metadata());
  if (!dit_config.ok())
    return Error{weights->path().filename().string() + ": " + dit_config.error()};
  auto stream = StreamConfig::fromMetadata(weights->metadata());
  if (!stream.ok()) return Error{weights->path().filename().string() + ": " + stream.error()};

  CausalDit dit(dit_config.value());
  if (Status loaded = model::loadModule(*dit, *weights, ""); !loaded) return Error{loaded.error()};
  dit->eval();

  auto text = vectorTensor(*vectors, "inputs.text_embeds");
  if (!text.ok()) return Error{text.error()};
  auto noise = vectorTensor(*vectors, "inputs.noise");
  if (!noise.ok()) return Error{noise.error()};
  auto expected_latents = vectorTensor(*vectors, "outputs.latents");
  if (!expected_latents.ok()) return Error{expected_latents.error()};

  const auto latent_h = noise->size(3);
  const auto latent_w = noise->size(4);
  DitCache cache(dit_config.value(), stream.value(), dit->frameTokens(latent_h, latent_w),
                 noise->size(0), torch::TensorOptions().dtype(torch::kFloat32));
  torch::NoGradGuard no_grad;
  dit->setPrompt(text.value(), cache);
  CausalSampler sampler(dit, cache, stream.value());

  VectorReport report{"causal_dit", {}};
  if (vectors->find("schedule.timesteps")) {
    auto expected = vectorTensor(*vectors, "schedule.timesteps");
    if (!expected.ok()) return Error{expected.error()};
    report.tensors.push_back(compareTensors(
        "schedule.timesteps",
        torch::tensor(sampler.timesteps(), torch::kFloat64).to(torch::kFloat32), expected.value()));
  }
  std::string failure;
  auto expect = [&](const std::string& name, const torch::Tensor& actual) {
    auto expected = vectorTensor(*vectors, name);
    if (!expected.ok()) {
      if (failure.empty()) failure = expected.error();
      return;
    }
    report.tensors.push_back(compareTensors(name, actual.squeeze(0), expected.value()));
  };
  const auto frames_per_block = stream->frames_per_block;
  const auto blocks = noise->size(1) / frames_per_block;
  std::vector<torch::Tensor> outputs;
  for (std::int64_t block = 0; block < blocks; ++block) {
    std::size_t renoise_step = 0;
    auto renoise = [&](const torch::Tensor& like) {
      const std::string name =
          "block" + std::to_string(block) + ".step" + std::to_string(renoise_step++) + ".renoise";
      auto saved = vectorTensor(*vectors, name);
      if (!saved.ok()) throw std::runtime_error(saved.error());
      return saved.value().view(like.sizes());
    };
    auto observe = [&](const CausalSampler::Step& step) {
      const std::string prefix =
          "block" + std::to_string(step.block) + ".step" + std::to_string(step.step) + ".";
      expect(prefix + "input", step.input);
      expect(prefix + "flow", step.flow);
      expect(prefix + "x0", step.x0);
    };
    auto block_noise = noise->slice(1, block * frames_per_block, (block + 1) * frames_per_block);
    try {
      outputs.push_back(sampler.generateBlock(block_noise, renoise, observe));
    } catch (const std::exception& error) {
      return Error{error.what()};
    }
  }
  if (!failure.empty()) return Error{failure};
  report.tensors.push_back(compareTensors("outputs.latents", torch::cat(outputs, 1).squeeze(0),
                                          expected_latents.value()));
  return report;
}

Result<VectorReport> checkUmt5(const SharedFile& weights, const SharedFile& vectors) {
  auto config = Umt5Config::fromMetadata(weights->metadata());
  if (!config.ok()) return Error{weights->path().filename().string() + ": " + config.error()};
  Umt5Encoder encoder(config.value());
  if (Status loaded = model::loadModule(*encoder, *weights, ""); !loaded)
    return Error{loaded.error()};
  encoder->eval();
  auto ids = vectorTensor(*vectors, "inputs.ids");
  if (!ids.ok()) return Error{ids.error()};
  auto mask = vectorTensor(*vectors, "inputs.mask");
  if (!mask.ok()) return Error{mask.error()};
  auto expected = vectorTensor(*vectors, "outputs.hidden");
  if (!expected.ok()) return Error{expected.error()};
  torch::NoGradGuard no_grad;
  auto hidden = encoder->forward(ids.value(), mask.value());
  return VectorReport{"umt5_encoder", {compareTensors("outputs.hidden", hidden, expected.value())}};
}

Result<VectorReport> checkTaehv(const SharedFile& weights, const SharedFile& vectors) {
  auto latents = vectorTensor(*vectors, "inputs.latents_ntchw");
  if (!latents.ok()) return Error{latents.error()};
  auto expected = vectorTensor(*vectors, "outputs.decoded_ntchw");
  if (!expected.ok()) return Error{expected.error()};
  TaehvDecoder decoder(latents->size(2));
  if (Status loaded = model::loadModule(*decoder, *weights, ""); !loaded)
    return Error{loaded.error()};
  decoder->eval();
  torch::NoGradGuard no_grad;
  return VectorReport{
      "taehv_decoder",
      {compareTensors("outputs.decoded_ntchw",
                      decoder->decodeVideo(latents.value(), /*clamp=*/false), expected.value())}};
}

Result<VectorReport> checkWanVae(const SharedFile& weights, const SharedFile& vectors) {
  auto config = VaeConfig::fromMetadata(vectors->metadata());
  if (!config.ok()) return Error{vectors->path().filename().string() + ": " + config.error()};
  WanVaeDecoder decoder(config.value());
  if (Status loaded = model::loadModule(*decoder, *weights, ""); !loaded)
    return Error{loaded.error()};
  decoder->eval();
  auto z = vectorTensor(*vectors, "inputs.z");
  if (!z.ok()) return Error{z.error()};
  auto mean = vectorTensor(*vectors, "constants.mean");
  if (!mean.ok()) return Error{mean.error()};
  auto latent_std = vectorTensor(*vectors, "constants.std");
  if (!latent_std.ok()) return Error{latent_std.error()};
  auto full = vectorTensor(*vectors, "outputs.decode_full");
  if (!full.ok()) return Error{full.error()};
  torch::NoGradGuard no_grad;
  VectorReport report{"wan_vae", {}};
  report.tensors.push_back(
      compareTensors("outputs.decode_full",
                     decoder->decode(z.value(), mean.value(), latent_std.value()), full.value()));
  if (vectors->find("inputs.video")) {
    auto video = vectorTensor(*vectors, "inputs.video");
    if (!video.ok()) return Error{video.error()};
    auto expected_mu = vectorTensor(*vectors, "outputs.encode_mu");
    if (!expected_mu.ok()) return Error{expected_mu.error()};
    WanVaeEncoder encoder(config.value());
    if (Status loaded = model::loadModule(*encoder, *weights, ""); !loaded) {
      return Error{loaded.error()};
    }
    encoder->eval();
    report.tensors.push_back(compareTensors(
        "outputs.encode_mu", encoder->encode(video.value(), mean.value(), latent_std.value()),
        expected_mu.value()));
  }
  VaeStreamState state;
  for (std::int64_t t = 0; t < z->size(2); ++t) {
    const std::string name = "outputs.decode_stream." + std::to_string(t);
    auto expected = vectorTensor(*vectors, name);
    if (!expected.ok()) return Error{expected.error()};
    report.tensors.push_back(compareTensors(
        name, decoder->decodeFrame(z->slice(2, t, t + 1), mean.value(), latent_std.value(), state),
        expected.value()));
  }
  return report;
}

}  // namespace

double VectorReport::worstRelativeError() const {
  double worst = 0;
  for (const auto& tensor : tensors) worst = std::max(worst, tensor.relative_error);
  return worst;
}

double VectorReport::worstAbsError() const {
  double worst = 0;
  for (const auto& tensor : tensors) worst = std::max(worst, tensor.max_abs_error);
  return worst;
}

TensorAgreement compareTensors(const std::string& name, const torch::Tensor& actual,
                               const torch::Tensor& expected) {
  TensorAgreement agreement{name, expected.numel(), 0, 0};
  if (actual.sizes() != expected.sizes()) {
    agreement.name = name + " (shape " + shapeText(actual.sizes()) + ", expected " +
                     shapeText(expected.sizes()) + ")";
    agreement.max_abs_error = std::numeric_limits<double>::infinity();
    agreement.relative_error = std::numeric_limits<double>::infinity();
    return agreement;
  }
  auto a = actual.detach().to(torch::kCPU, torch::kFloat64);
  auto e = expected.detach().to(torch::kCPU, torch::kFloat64);
  agreement.max_abs_error = (a - e).abs().max().item<double>();
  const double scale = e.abs().max().item<double>();
  agreement.relative_error = scale > 0 ? agreement.max_abs_error / scale : agreement.max_abs_error;
  return agreement;
}

Result<VectorReport> checkVectors(const std::filesystem::path& weights_path,
                                  const std::filesystem::path& vectors_path) {
  auto weights = io::SafetensorsFile::open(weights_path);
  if (!weights.ok()) return Error{weights.error()};
  auto vectors = io::SafetensorsFile::open(vectors_path);
  if (!vectors.ok()) return Error{vectors.error()};
  const auto& file = *weights.value();
  if (file.find("patch_embedding.weight") && file.find("blocks.0.self_attn.q.weight")) {
    return checkCausalDit(weights.value(), vectors.value());
  }
  if (file.find("token_embedding.weight") && file.find("blocks.0.attn.q.weight")) {
    return checkUmt5(weights.value(), vectors.value());
  }
  if (file.find("decoder.1.weight") && file.find("decoder.3.conv.0.weight")) {
    return checkTaehv(weights.value(), vectors.value());
  }
  if (file.find("decoder.conv1.weight") && file.find("conv2.weight")) {
    return checkWanVae(weights.value(), vectors.value());
  }
  return Error{weights_path.filename().string() +
               ": not a Wan component this build knows (supported: causal DiT, umT5 encoder, TAEHV "
               "decoder, Wan VAE decoder)"};
}

}  // namespace liveframe::wan
