#include "sketch/eval/probe.h"

#include <algorithm>
#include <sstream>

#include "io/safetensors.h"
#include "model/resources.h"
#include "model/weights.h"
#include "sketch/eval/probe_network.h"

namespace liveframe::sketch {
namespace {

namespace fs = std::filesystem;

// Bumped when the network changes shape, so an old file is refused with a clear message.
constexpr const char* kProbeFormat = "sketch-probe-1";
constexpr std::array<int64_t, 4> kChannels = {24, 48, 96, 128};
constexpr int kHiddenWidth = 128;
constexpr int kSummaryGrid = 4;  // the 8x8 feature map is averaged down to 4x4

torch::nn::Conv2dOptions conv3x3(int64_t in, int64_t out) {
  return torch::nn::Conv2dOptions(in, out, 3).padding(1);
}

std::string accuracyText(const ProbeAccuracy& accuracy) {
  std::ostringstream text;
  for (ProbeHead head : kProbeHeads) {
    text << (head == ProbeHead::kSky ? "" : " ") << name(head) << "="
         << accuracy.per_head[static_cast<std::size_t>(head)];
  }
  return text.str();
}

}  // namespace

ProbeNetImpl::ProbeNetImpl() {
  conv1 = register_module("conv1", torch::nn::Conv2d(conv3x3(3, kChannels[0])));
  conv2 = register_module("conv2", torch::nn::Conv2d(conv3x3(kChannels[0], kChannels[1])));
  conv3 = register_module("conv3", torch::nn::Conv2d(conv3x3(kChannels[1], kChannels[2])));
  conv4 = register_module("conv4", torch::nn::Conv2d(conv3x3(kChannels[2], kChannels[3])));
  norm1 = register_module("norm1", torch::nn::BatchNorm2d(kChannels[0]));
  norm2 = register_module("norm2", torch::nn::BatchNorm2d(kChannels[1]));
  norm3 = register_module("norm3", torch::nn::BatchNorm2d(kChannels[2]));
  norm4 = register_module("norm4", torch::nn::BatchNorm2d(kChannels[3]));
  const int64_t features = kChannels[3] * (kSummaryGrid * kSummaryGrid + 1);
  hidden = register_module("hidden", torch::nn::Linear(features, kHiddenWidth));
  logits = register_module("logits", torch::nn::Linear(kHiddenWidth, totalClasses()));
}

torch::Tensor ProbeNetImpl::forward(const torch::Tensor& images) {
  namespace F = torch::nn::functional;
  const auto pool = F::MaxPool2dFuncOptions(2);
  auto x = images * 2.0 - 1.0;
  x = F::max_pool2d(torch::relu(norm1(conv1(x))), pool);
  x = F::max_pool2d(torch::relu(norm2(conv2(x))), pool);
  x = F::max_pool2d(torch::relu(norm3(conv3(x))), pool);
  x = torch::relu(norm4(conv4(x)));
  const auto grid = F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions(kSummaryGrid));
  const auto peak = x.amax({2, 3});
  return logits(torch::relu(hidden(torch::cat({grid.flatten(1), peak}, 1))));
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

torch::Tensor probeLoss(const torch::Tensor& logits, const torch::Tensor& targets) {
  torch::Tensor loss = torch::zeros({}, logits.options());
  for (ProbeHead head : kProbeHeads) {
    const int h = static_cast<int>(head);
    const auto head_logits = logits.narrow(1, headOffset(head), classCount(head));
    loss = loss + torch::nn::functional::cross_entropy(head_logits, targets.select(1, h));
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
      {"probe.held_out_accuracy", accuracyText(report.held_out)}};
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
  const auto input = torch::from_blob(const_cast<float*>(planar),
                                      {count, 3, kProbeImageSize, kProbeImageSize});
  const auto logits = impl_->net->forward(input);
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
  return predictions;
}

fs::path defaultProbePath() { return model::resourceDir() / "models/sketch/probe.safetensors"; }

}  // namespace liveframe::sketch
