#include "sketch/eval/probe.h"

#include <algorithm>
#include <sstream>

#include "io/safetensors.h"
#include "model/resources.h"
#include "model/weights.h"
#include "sketch/autoencoder.h"
#include "sketch/eval/probe_network.h"

namespace liveframe::sketch {
namespace {

namespace fs = std::filesystem;
namespace F = torch::nn::functional;

// Bumped when the network changes shape, so an old file is refused with a clear message.
constexpr const char* kProbeFormat = "sketch-probe-2";
constexpr std::array<int64_t, 4> kSceneChannels = {16, 32, 64, 96};
constexpr std::array<int64_t, 4> kCropChannels = {24, 32, 48, 64};
constexpr int kSceneHidden = 128;
constexpr int kCropHidden = 96;
constexpr int kSummaryGrid = 4;  // the 8x8 scene features are averaged down to 4x4
constexpr double kLocationLossWeight = 1.0;

torch::nn::Conv2dOptions conv3x3(int64_t in, int64_t out) {
  return torch::nn::Conv2dOptions(in, out, 3).padding(1);
}

int sceneClasses() {
  return classCount(ProbeHead::kSky) + classCount(ProbeHead::kScenery) +
         classCount(ProbeHead::kWeather);
}

torch::Tensor block(torch::nn::Conv2d& conv, torch::nn::BatchNorm2d& norm, const torch::Tensor& x) {
  return torch::relu(norm(conv(x)));
}

torch::Tensor halve(const torch::Tensor& x) { return F::max_pool2d(x, F::MaxPool2dFuncOptions(2)); }

// Pixel centres [B, 2] (x, y) of location cells [B].
torch::Tensor cellCentres(const torch::Tensor& cells) {
  const auto column = torch::remainder(cells, kLocationGrid).to(torch::kFloat32);
  const auto row = torch::div(cells, kLocationGrid, "floor").to(torch::kFloat32);
  return torch::stack({column, row}, 1).add(0.5).mul(kLocationCellPx);
}

// -log of the probability on the right answers: `target`, and `alternative` where it is >= 0.
torch::Tensor setCrossEntropy(const torch::Tensor& logits, const torch::Tensor& target,
                              const torch::Tensor& alternative) {
  const int64_t classes = logits.size(1);
  const auto has_alternative = (alternative >= 0).unsqueeze(1);
  const auto accepted =
      F::one_hot(target, classes).to(torch::kBool) |
      (F::one_hot(alternative.clamp_min(0), classes).to(torch::kBool) & has_alternative);
  const auto right = logits.masked_fill(accepted.logical_not(), -1e9);
  return (torch::logsumexp(logits, 1) - torch::logsumexp(right, 1)).mean();
}

std::string accuracyText(const std::array<double, kProbeHeadCount>& per_head) {
  std::ostringstream text;
  for (ProbeHead head : kProbeHeads) {
    text << (head == ProbeHead::kSky ? "" : " ") << name(head) << "="
         << per_head[static_cast<std::size_t>(head)];
  }
  return text.str();
}

}  // namespace

ProbeNetImpl::ProbeNetImpl() {
  const auto& c = kSceneChannels;
  conv1 = register_module("conv1", torch::nn::Conv2d(conv3x3(3, c[0])));
  conv2 = register_module("conv2", torch::nn::Conv2d(conv3x3(c[0], c[1])));
  conv3 = register_module("conv3", torch::nn::Conv2d(conv3x3(c[1], c[2])));
  conv4 = register_module("conv4", torch::nn::Conv2d(conv3x3(c[2], c[3])));
  norm1 = register_module("norm1", torch::nn::BatchNorm2d(c[0]));
  norm2 = register_module("norm2", torch::nn::BatchNorm2d(c[1]));
  norm3 = register_module("norm3", torch::nn::BatchNorm2d(c[2]));
  norm4 = register_module("norm4", torch::nn::BatchNorm2d(c[3]));
  hidden = register_module("hidden",
                           torch::nn::Linear(c[3] * kSummaryGrid * kSummaryGrid, kSceneHidden));
  scene_logits = register_module("scene_logits", torch::nn::Linear(kSceneHidden, sceneClasses()));
  locate = register_module("locate", torch::nn::Conv2d(torch::nn::Conv2dOptions(c[2], 1, 1)));
  const auto& p = kCropChannels;
  crop1 = register_module("crop1", torch::nn::Conv2d(conv3x3(3, p[0])));
  crop2 = register_module("crop2", torch::nn::Conv2d(conv3x3(p[0], p[1])));
  crop3 = register_module("crop3", torch::nn::Conv2d(conv3x3(p[1], p[2])));
  crop4 = register_module("crop4", torch::nn::Conv2d(conv3x3(p[2], p[3])));
  crop_norm1 = register_module("crop_norm1", torch::nn::BatchNorm2d(p[0]));
  crop_norm2 = register_module("crop_norm2", torch::nn::BatchNorm2d(p[1]));
  crop_norm3 = register_module("crop_norm3", torch::nn::BatchNorm2d(p[2]));
  crop_norm4 = register_module("crop_norm4", torch::nn::BatchNorm2d(p[3]));
  crop_hidden = register_module("crop_hidden", torch::nn::Linear(2 * p[3], kCropHidden));
  subject_logits = register_module("subject_logits",
                                   torch::nn::Linear(kCropHidden, totalClasses() - sceneClasses()));
}

ProbeNetImpl::Output ProbeNetImpl::forward(const torch::Tensor& images,
                                           const torch::Tensor& centres_px) {
  auto x = images * 2.0 - 1.0;
  x = halve(block(conv1, norm1, x));         // 32x32
  x = halve(block(conv2, norm2, x));         // 16x16
  const auto fine = block(conv3, norm3, x);  // 16x16
  x = block(conv4, norm4, halve(fine));      // 8x8
  const auto grid = F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions(kSummaryGrid));
  Output out;
  out.location = locate(fine).flatten(1);
  out.cells = out.location.argmax(1);
  // A negative training centre asks for the predicted one (hard negatives: frames without a
  // subject must read "none" where the location head would look).
  auto centres = cellCentres(out.cells);
  if (centres_px.defined()) centres = torch::where(centres_px >= 0, centres_px, centres);
  const auto scene = scene_logits(torch::relu(hidden(grid.flatten(1))));
  out.logits = torch::cat({scene, subjectLogits(images, centres)}, 1);
  return out;
}

torch::Tensor ProbeNetImpl::subjectLogits(const torch::Tensor& images,
                                          const torch::Tensor& centres_px) {
  constexpr int kHalf = kCropPx / 2;
  // Zero padding, so a crop near the edge shows black beyond it (as in training).
  const auto padded =
      F::pad(images * 2.0 - 1.0, F::PadFuncOptions({kHalf, kHalf, kHalf, kHalf}).value(-1.0));
  const auto centres = centres_px.detach().to(torch::kFloat32).contiguous();
  const auto c = centres.accessor<float, 2>();
  std::vector<torch::Tensor> crops;
  crops.reserve(static_cast<std::size_t>(images.size(0)));
  for (int64_t b = 0; b < images.size(0); ++b) {
    // Top-left of the crop in padded pixels: centre + kHalf (padding) - kHalf (half a crop).
    const auto left = std::clamp<int64_t>(std::lround(c[b][0]), 0, kProbeImageSize);
    const auto top = std::clamp<int64_t>(std::lround(c[b][1]), 0, kProbeImageSize);
    crops.push_back(padded[b].narrow(1, top, kCropPx).narrow(2, left, kCropPx));
  }
  auto x = block(crop1, crop_norm1, torch::stack(crops));  // two convs at full size: the ring's
  x = halve(block(crop2, crop_norm2, x));                  // hole and the star's points are
  x = halve(block(crop3, crop_norm3, x));                  // a pixel or two wide
  x = block(crop4, crop_norm4, x);                         // 8x8
  const auto pooled = torch::cat({x.mean({2, 3}), x.amax({2, 3})}, 1);
  return subject_logits(torch::relu(crop_hidden(pooled)));
}

int headOffset(ProbeHead head) {
  int offset = 0;
  for (ProbeHead other : kProbeHeads) {
    if (other == head) break;
    offset += classCount(other);
  }
  return offset;
}

int totalClasses() {
  int total = 0;
  for (ProbeHead head : kProbeHeads) total += classCount(head);
  return total;
}

torch::Tensor probeLoss(const ProbeNetImpl::Output& output, const ProbeTargets& targets) {
  torch::Tensor loss = torch::zeros({}, output.logits.options());
  for (ProbeHead head : kProbeHeads) {
    const auto head_logits = output.logits.narrow(1, headOffset(head), classCount(head));
    const auto target = targets.classes.select(1, static_cast<int>(head));
    const int near_column = head == ProbeHead::kColour ? 0 : 1;
    loss = loss + (noneClass(head) < 0
                       ? F::cross_entropy(head_logits, target)
                       : setCrossEntropy(head_logits, target, targets.near.select(1, near_column)));
  }
  const auto has_subject = targets.cells >= 0;
  if (has_subject.any().item<bool>()) {
    loss = loss + kLocationLossWeight * setCrossEntropy(output.location.index({has_subject}),
                                                        targets.cells.index({has_subject}),
                                                        targets.near_cells.index({has_subject}));
  }
  return loss;
}

double ProbeAccuracy::minimum() const {
  return *std::min_element(per_head.begin(), per_head.end());
}

Probe::Probe(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Probe::~Probe() = default;

std::unique_ptr<Probe> Probe::untrained(std::uint64_t seed) {
  torch::manual_seed(seed);
  auto impl = std::make_unique<Impl>();
  impl->net = ProbeNet();
  impl->net->eval();
  return std::unique_ptr<Probe>(new Probe(std::move(impl)));
}

Result<std::unique_ptr<Probe>> Probe::load(const fs::path& path) {
  if (!fs::exists(path)) return Error{"no probe at " + path.string()};
  auto file = io::SafetensorsFile::open(path);
  if (!file.ok()) return Error{file.error()};
  const auto& metadata = (*file)->metadata();
  const auto format = metadata.find("probe.format");
  if (format == metadata.end() || format->second != kProbeFormat) {
    return Error{path.filename().string() + " is not a " + kProbeFormat +
                 " probe (retrain it with 'liveframe eval sketch --train-probe')"};
  }
  auto probe = untrained(0);
  if (auto status = model::loadModule(*probe->impl_->net, **file, "probe."); !status.ok()) {
    return Error{status.error()};
  }
  return probe;
}

Status Probe::save(const fs::path& path, const ProbeTrainReport& report) const {
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  const std::map<std::string, std::string> metadata = {
      {"probe.format", kProbeFormat},
      {"probe.input", "64x64 RGB, area average of a 256x256 frame, values in [0, 1]"},
      {"probe.heads", "sky 5, scenery 5, weather 4, colour 7+none, shape 5+none"},
      {"probe.train_steps", std::to_string(report.steps)},
      {"probe.train_frames", std::to_string(report.training_frames)},
      {"probe.train_seconds", std::to_string(report.seconds)},
      {"probe.held_out_frames", std::to_string(report.held_out.frames)},
      {"probe.held_out_accuracy", accuracyText(report.held_out.per_head)},
      {"probe.held_out_accuracy_strict", accuracyText(report.held_out.strict_per_head)}};
  return model::saveModules(path, {{"probe.", impl_->net.get()}}, metadata, model::StoreAs::F16);
}

ProbePrediction Probe::classify(const Frame& frame) {
  return classify(frame.rgb.data(), frame.width, frame.height);
}

ProbePrediction Probe::classify(const std::uint8_t* rgb, int width, int height) {
  impl_->planar.resize(kProbePixels);
  downsampleForProbe(rgb, width, height, impl_->planar.data());
  return classifyPlanar(impl_->planar.data(), 1).front();
}

std::vector<ProbePrediction> Probe::classifyPlanar(const float* planar, int count) {
  torch::NoGradGuard no_grad;
  impl_->net->eval();
  // from_blob only reads here: the network never writes to its input.
  const auto input =
      torch::from_blob(const_cast<float*>(planar), {count, 3, kProbeImageSize, kProbeImageSize});
  const auto output = impl_->net->forward(input);
  const auto& logits = output.logits;
  const auto cells = output.cells.accessor<int64_t, 1>();
  std::vector<ProbePrediction> predictions(static_cast<std::size_t>(count));
  for (ProbeHead head : kProbeHeads) {
    const auto probabilities =
        torch::softmax(logits.narrow(1, headOffset(head), classCount(head)), 1);
    const auto [best, index] = probabilities.max(1);
    const auto best_a = best.accessor<float, 1>();
    const auto index_a = index.accessor<int64_t, 1>();
    for (int i = 0; i < count; ++i) {
      auto& prediction = predictions[static_cast<std::size_t>(i)];
      prediction.labels[head] = static_cast<int>(index_a[i]);
      prediction.confidence[static_cast<std::size_t>(head)] = best_a[i];
    }
  }
  for (int i = 0; i < count; ++i) {
    auto& labels = predictions[static_cast<std::size_t>(i)].labels;
    if (!labels.shape() && !labels.colour()) continue;
    labels.subject_x = (static_cast<float>(cells[i] % kLocationGrid) + 0.5f) / kLocationGrid;
    labels.subject_y = (static_cast<float>(cells[i] / kLocationGrid) + 0.5f) / kLocationGrid;
  }
  return predictions;
}

fs::path defaultProbePath() { return model::resourceDir() / "models/sketch/probe.safetensors"; }

Result<FrameFilter> autoencoderRoundTrip(const fs::path& checkpoint) {
  auto file = io::SafetensorsFile::open(checkpoint);
  if (!file.ok()) return Error{file.error()};
  const SketchConfig config;
  Encoder encoder(config);
  Decoder decoder(config);
  if (auto status = model::loadModule(*encoder, **file, "encoder."); !status.ok()) {
    return Error{status.error()};
  }
  if (auto status = model::loadModule(*decoder, **file, "decoder."); !status.ok()) {
    return Error{status.error()};
  }
  encoder->eval();
  decoder->eval();
  return FrameFilter([encoder, decoder](std::uint8_t* rgb, int width, int height) mutable {
    c10::InferenceMode inference;
    const auto image = torch::from_blob(rgb, {1, height, width, 3}, torch::kUInt8)
                           .permute({0, 3, 1, 2})
                           .to(torch::kFloat32)
                           .div(255.0f);
    const auto round_trip = decoder->forward(encoder->forward(image));
    const auto bytes = round_trip.clamp(0, 1)
                           .mul(255.0f)
                           .round_()
                           .to(torch::kUInt8)
                           .permute({0, 2, 3, 1})
                           .contiguous();
    std::copy_n(bytes.data_ptr<std::uint8_t>(), bytes.numel(), rgb);
  });
}

}  // namespace liveframe::sketch
