// The probe: a small CNN that reads a sketch-world frame's sky, scenery, weather and largest
// subject (colour, shape), trained on rendered world frames. The evaluator runs it on the
// model's output to tell whether a stream shows what its prompt asks for (DESIGN §7).
// libtorch stays behind a pimpl so the CLI includes this header cheaply.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "liveframe/frame.h"
#include "liveframe/result.h"
#include "sketch/eval/probe_data.h"

namespace liveframe::sketch {

struct ProbePrediction {
  ProbeLabels labels;
  std::array<float, kProbeHeadCount> confidence{};  // softmax probability of each chosen class
};

struct ProbeAccuracy {
  // Fraction correct, 0..1, counting the near subject's colour and shape as right when two
  // subjects are equally large to the eye (ProbeLabels::accepts).
  std::array<double, kProbeHeadCount> per_head{};
  std::array<double, kProbeHeadCount> strict_per_head{};  // only the largest subject counts
  int frames = 0;
  double minimum() const;
};

struct ProbeTrainOptions {
  int steps = 4000;        // the learning-rate schedule spans this many steps
  double max_minutes = 5;  // stop early after this much wall time (0: no limit)
  int batch = 48;
  float learning_rate = 2e-3f;
  int held_out_frames = 1500;
  int threads = 1;
  int log_every = 250;
  std::uint64_t seed = 1;  // network initialisation and the order of training frames
};

struct ProbeTrainReport {
  int steps = 0;
  int training_frames = 0;  // distinct world frames rendered for training
  double seconds = 0;
  double first_loss = 0, last_loss = 0;  // mean summed cross-entropy of the first/last log window
  ProbeAccuracy held_out;
};

using ProbeLog = std::function<void(const std::string& line)>;

// Thread-safety: Unsafe: one thread at a time (the network and its scratch buffers). The
// trained weights are read-only after load(), so each thread may load its own Probe.
class Probe {
 public:
  // Deterministic initial weights; train() makes it useful.
  static std::unique_ptr<Probe> untrained(std::uint64_t seed);
  static Result<std::unique_ptr<Probe>> load(const std::filesystem::path& path);
  ~Probe();
  Probe(const Probe&) = delete;
  Probe& operator=(const Probe&) = delete;

  // Half precision (the file stays well under 2 MB); the report goes into the metadata.
  Status save(const std::filesystem::path& path, const ProbeTrainReport& report) const;

  // Trains on freshly rendered ProbeSplit::kTraining frames (never the same frame twice), then
  // measures accuracy on options.held_out_frames kHeldOut frames. Sets libtorch's thread count.
  Result<ProbeTrainReport> train(const ProbeTrainOptions& options, const ProbeLog& log);

  // Accuracy on the first `frames` held-out frames, each passed through `filter` if given.
  ProbeAccuracy evaluateHeldOut(int frames, const FrameFilter& filter = {});

  ProbePrediction classify(const Frame& frame);
  ProbePrediction classify(const std::uint8_t* rgb, int width, int height);
  // `count` inputs laid out as downsampleForProbe writes them, one after another.
  std::vector<ProbePrediction> classifyPlanar(const float* planar, int count);

 private:
  struct Impl;
  explicit Probe(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// resources/models/sketch/probe.safetensors (see model::resourceDir()).
std::filesystem::path defaultProbePath();

// A round trip through a trained autoencoder (a `liveframe train sketch` checkpoint,
// autoencoder.safetensors: "encoder." and "decoder." modules) at the shipped configuration:
// the probe's accuracy on such frames is the best adherence any transformer could reach with
// that decoder.
Result<FrameFilter> autoencoderRoundTrip(const std::filesystem::path& checkpoint);

}  // namespace liveframe::sketch
