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
constexpr double kBlurChance = 0.15;   // part blurred: the probe must not rely on crisp pixels

constexpr float kCropJitterPx = 3.0f;  // the location head is right to within a cell or so

// A batch of rendered frames; inputs and targets are reused between steps.
struct Batch {
  torch::Tensor images;   // [B, 3, 64, 64]
  torch::Tensor classes;  // [B, heads] int64
  torch::Tensor near;     // [B, 2] int64: the near subject's colour and shape, -1 when none
  torch::Tensor centres;  // [B, 4]: x, y of the largest subject, then of the near one, in
                          // pixels; -1 when there is none
  std::vector<ProbeLabels> labels;
  std::vector<std::uint8_t> rgb;

  explicit Batch(int size)
      : images(torch::empty({size, 3, kProbeImageSize, kProbeImageSize})),
        classes(torch::empty({size, kProbeHeadCount}, torch::kInt64)),
        near(torch::empty({size, 2}, torch::kInt64)),
        centres(torch::empty({size, 4})),
        labels(static_cast<std::size_t>(size)) {}

  // Renders frames first_index, first_index + 1, ... into rows [first_row, first_row + count).
  void render(ProbeSplit split, std::uint64_t first_index, int first_row, int count,
              const FrameFilter& filter = {}) {
    float* pixels = images.data_ptr<float>();
    auto c = classes.accessor<int64_t, 2>();
    auto n = near.accessor<int64_t, 2>();
    auto xy = centres.accessor<float, 2>();
    for (int i = 0; i < count; ++i) {
      const int row = first_row + i;
      ProbeLabels& l = labels[static_cast<std::size_t>(row)];
      renderProbeSample(split, first_index + static_cast<std::uint64_t>(i), rgb,
                        pixels + static_cast<std::ptrdiff_t>(row) * kProbePixels, l, nullptr,
                        filter);
      for (int h = 0; h < kProbeHeadCount; ++h) c[row][h] = l.classes[h];
      n[row][0] = l.near_colour;
      n[row][1] = l.near_shape;
      const float size = kProbeImageSize;
      xy[row][0] = l.subject_x >= 0 ? l.subject_x * size : -1.0f;
      xy[row][1] = l.subject_y >= 0 ? l.subject_y * size : -1.0f;
      xy[row][2] = l.near_x >= 0 ? l.near_x * size : -1.0f;
      xy[row][3] = l.near_y >= 0 ? l.near_y * size : -1.0f;
    }
  }
};

torch::Tensor randomMask(int64_t size, double chance) {
  return (torch::rand({size, 1, 1, 1}) < chance).to(torch::kFloat32);
}

// Location cells [B] of pixel positions x, y [B] (mirrored where `flip`); -1 where x < 0.
torch::Tensor cellsOf(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& flip) {
  const auto fx = x + flip * (static_cast<float>(kProbeImageSize) - 2 * x);
  const auto column = (fx / kLocationCellPx).floor().clamp(0, kLocationGrid - 1);
  const auto row = (y / kLocationCellPx).floor().clamp(0, kLocationGrid - 1);
  return torch::where(x >= 0, (row * kLocationGrid + column).to(torch::kInt64),
                      torch::full_like(x, -1, torch::kInt64));
}

struct Augmented {
  torch::Tensor images, centres;
  ProbeTargets targets;
};

// Every label is the same in a mirrored frame, and each frame is used in two steps: mirroring
// half of them makes the second use a different picture. Crops are centred near the true
// subject (jittered, as the location head is at inference) or, without one, where the
// location head looks (-1) or anywhere.
Augmented augment(const Batch& batch) {
  namespace F = torch::nn::functional;
  const auto size = batch.images.size(0);
  const auto flip = randomMask(size, 0.5);
  const auto& images = batch.images;
  const auto flipped = images + flip * (images.flip({3}) - images);
  const auto blurred = F::avg_pool2d(
      flipped, F::AvgPool2dFuncOptions(3).stride(1).padding(1).count_include_pad(false));
  auto out = flipped + randomMask(size, kBlurChance) * (blurred - flipped);
  out = (out + randomMask(size, kNoiseChance) * kNoiseStddev * torch::randn_like(out)).clamp(0, 1);
  const auto flip_rows = flip.view({size});
  const auto column = [&](int i) { return batch.centres.select(1, i); };
  ProbeTargets targets{batch.classes, batch.near, cellsOf(column(0), column(1), flip_rows),
                       cellsOf(column(2), column(3), flip_rows)};
  const auto visible = column(0) >= 0;
  const auto x = column(0) + flip_rows * (static_cast<float>(kProbeImageSize) - 2 * column(0));
  const auto jittered =
      torch::stack({x, column(1)}, 1) + (torch::rand({size, 2}) * 2 - 1) * kCropJitterPx;
  const auto anywhere =
      torch::where(randomMask(size, 0.5).view({size, 1}) > 0,
                   torch::rand({size, 2}) * kProbeImageSize, torch::full({size, 2}, -1.0f));
  return {out, torch::where(visible.unsqueeze(1), jittered, anywhere), targets};
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
    const Augmented input = augment(batch);
    const auto loss = probeLoss(net->forward(input.images, input.centres), input.targets);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    const double value = loss.item<double>();
    if (!std::isfinite(value))
      return Error{"probe training diverged (loss " + std::to_string(value) + ")"};
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

ProbeAccuracy Probe::evaluateHeldOut(int frames, const FrameFilter& filter) {
  ProbeAccuracy accuracy;
  accuracy.frames = frames;
  std::array<int, kProbeHeadCount> correct{}, strictly_correct{};
  Batch batch(kEvalChunk);
  for (int first = 0; first < frames; first += kEvalChunk) {
    const int count = std::min(kEvalChunk, frames - first);
    batch.render(ProbeSplit::kHeldOut, static_cast<std::uint64_t>(first), 0, count, filter);
    const auto predictions = classifyPlanar(batch.images.data_ptr<float>(), count);
    for (int i = 0; i < count; ++i) {
      const ProbeLabels& truth = batch.labels[static_cast<std::size_t>(i)];
      const ProbeLabels& predicted = predictions[static_cast<std::size_t>(i)].labels;
      for (ProbeHead head : kProbeHeads) {
        const auto h = static_cast<std::size_t>(head);
        correct[h] += truth.accepts(head, predicted[head]);
        strictly_correct[h] += truth[head] == predicted[head];
      }
    }
  }
  for (std::size_t h = 0; h < correct.size(); ++h) {
    accuracy.per_head[h] = frames > 0 ? static_cast<double>(correct[h]) / frames : 0.0;
    accuracy.strict_per_head[h] =
        frames > 0 ? static_cast<double>(strictly_correct[h]) / frames : 0.0;
  }
  return accuracy;
}

}  // namespace liveframe::sketch
