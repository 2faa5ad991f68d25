// Probe::train and Probe::evaluateHeldOut: supervised training on rendered world frames.
#include <ATen/Parallel.h>

#include <chrono>
#include <cmath>
#include <deque>
#include <numbers>
#include <sstream>

#include "sketch/eval/probe.h"
#include "sketch/eval/probe_network.h"

namespace liveframe::sketch {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kEvalChunk = 100;
constexpr float kNoiseStddev = 0.03f;  // the model's output is noisier and softer than the
constexpr double kNoiseChance = 0.5;   // renderer's, so part of every batch is noised and
constexpr double kBlurChance = 0.3;    // part blurred: the probe must not rely on crisp pixels

// A batch of freshly rendered training frames; inputs and targets are reused between steps.
struct Batch {
  torch::Tensor images;   // [B, 3, 64, 64]
  torch::Tensor targets;  // [B, heads] int64
  std::vector<std::uint8_t> rgb;

  explicit Batch(int size)
      : images(torch::empty({size, 3, kProbeImageSize, kProbeImageSize})),
        targets(torch::empty({size, kProbeHeadCount}, torch::kInt64)) {}

  // Renders frames first_index, first_index + 1, ... into rows [first_row, first_row + count).
  void render(ProbeSplit split, std::uint64_t first_index, int first_row, int count) {
    float* pixels = images.data_ptr<float>();
    auto target = targets.accessor<int64_t, 2>();
    ProbeLabels labels;
    for (int i = 0; i < count; ++i) {
      const int row = first_row + i;
      renderProbeSample(split, first_index + static_cast<std::uint64_t>(i), rgb,
                        pixels + static_cast<std::ptrdiff_t>(row) * kProbePixels, labels);
      for (int h = 0; h < kProbeHeadCount; ++h) target[row][h] = labels.classes[h];
    }
  }
};

torch::Tensor randomMask(int64_t batch, double chance) {
  return (torch::rand({batch, 1, 1, 1}) < chance).to(torch::kFloat32);
}

// Every label is the same in a mirrored frame, and each frame is used in two steps: mirroring
// half of them makes the second use a different picture.
torch::Tensor augment(const torch::Tensor& images) {
  namespace F = torch::nn::functional;
  const auto batch = images.size(0);
  const auto flip_mask = randomMask(batch, 0.5);
  const auto flipped = images + flip_mask * (images.flip({3}) - images);
  const auto blurred = F::avg_pool2d(
      flipped, F::AvgPool2dFuncOptions(3).stride(1).padding(1).count_include_pad(false));
  const auto out = flipped + randomMask(batch, kBlurChance) * (blurred - flipped);
  const auto noise_mask = randomMask(batch, kNoiseChance);
  return (out + noise_mask * kNoiseStddev * torch::randn_like(out)).clamp(0.0, 1.0);
}

// Cosine decay over whichever runs out first, the step budget or the time budget, so a
// time-limited run still ends at a small learning rate.
double progress(int step, const ProbeTrainOptions& o, double elapsed_s) {
  double p = static_cast<double>(step) / std::max(1, o.steps);
  if (o.max_minutes > 0) p = std::max(p, elapsed_s / (o.max_minutes * 60.0));
  return std::min(1.0, p);
}

void setLearningRate(torch::optim::AdamW& optimizer, double lr) {
  for (auto& group : optimizer.param_groups()) {
    static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
  }
}

class WindowMean {
 public:
  explicit WindowMean(int window) : window_(std::max(1, window)) {}
  void add(double value) {
    values_.push_back(value);
    if (static_cast<int>(values_.size()) > window_) values_.pop_front();
    if (++count_ == window_) first_ = mean();
  }
  double mean() const {
    double sum = 0;
    for (double v : values_) sum += v;
    return values_.empty() ? 0 : sum / static_cast<double>(values_.size());
  }
  double first() const { return count_ >= window_ ? first_ : mean(); }

 private:
  int window_, count_ = 0;
  double first_ = 0;
  std::deque<double> values_;
};

}  // namespace

Result<ProbeTrainReport> Probe::train(const ProbeTrainOptions& o, const ProbeLog& log) {
  at::set_num_threads(std::max(1, o.threads));
  torch::manual_seed(o.seed);
  auto& net = impl_->net;
  net->train();
  torch::optim::AdamW optimizer(net->parameters(),
                                torch::optim::AdamWOptions(o.learning_rate).weight_decay(1e-4));
  Batch batch(o.batch);
  WindowMean loss_window(o.log_every);
  ProbeTrainReport report;
  const auto start = Clock::now();
  // Each run sees its own frames: the seed picks where in the (endless) training split it reads.
  std::uint64_t next_index = o.seed * 100'000'000ull;
  // Rendering costs about as much as a training step, so each step renders half a batch and
  // reuses the other half from the step before.
  const int half = std::max(1, o.batch / 2);
  batch.render(ProbeSplit::kTraining, next_index, 0, o.batch);
  next_index += static_cast<std::uint64_t>(o.batch);
  report.training_frames = o.batch;
  for (int step = 0;; ++step) {
    const double elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
    const double p = progress(step, o, elapsed_s);
    if (p >= 1.0) break;
    setLearningRate(optimizer, o.learning_rate * 0.5 * (1.0 + std::cos(std::numbers::pi * p)));
    if (step > 0) {
      const int first_row = (step % 2) * half;
      const int count = std::min(half, o.batch - first_row);
      batch.render(ProbeSplit::kTraining, next_index, first_row, count);
      next_index += static_cast<std::uint64_t>(count);
      report.training_frames += count;
    }
    const auto loss = probeLoss(net->forward(augment(batch.images)), batch.targets);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    const double value = loss.item<double>();
    if (!std::isfinite(value)) return Error{"probe training diverged (loss " + std::to_string(value) + ")"};
    loss_window.add(value);
    report.steps = step + 1;
    if (report.steps % o.log_every == 0 && log) {
      std::ostringstream line;
      line << "probe step " << report.steps << "  loss " << loss_window.mean() << "  "
           << report.steps * o.batch / std::max(1e-9, elapsed_s) << " frames/s";
      log(line.str());
    }
  }
  net->eval();
  report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  report.first_loss = loss_window.first();
  report.last_loss = loss_window.mean();
  report.held_out = evaluateHeldOut(o.held_out_frames);
  return report;
}

ProbeAccuracy Probe::evaluateHeldOut(int frames) {
  ProbeAccuracy accuracy;
  accuracy.frames = frames;
  std::array<int, kProbeHeadCount> correct{};
  Batch batch(kEvalChunk);
  for (int first = 0; first < frames; first += kEvalChunk) {
    const int count = std::min(kEvalChunk, frames - first);
    batch.render(ProbeSplit::kHeldOut, static_cast<std::uint64_t>(first), 0, count);
    const auto predictions = classifyPlanar(batch.images.data_ptr<float>(), count);
    const auto target = batch.targets.accessor<int64_t, 2>();
    for (int i = 0; i < count; ++i) {
      for (int h = 0; h < kProbeHeadCount; ++h) {
        correct[h] += predictions[static_cast<std::size_t>(i)].labels.classes[h] == target[i][h];
      }
    }
  }
  for (int h = 0; h < kProbeHeadCount; ++h) {
    accuracy.per_head[h] = frames > 0 ? static_cast<double>(correct[h]) / frames : 0.0;
  }
  return accuracy;
}

}  // namespace liveframe::sketch
