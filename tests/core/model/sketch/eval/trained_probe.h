// A probe trained once per test process on a small budget (~30 s on one core), shared by the
// tests that need one that reads frames well above chance.
#pragma once

#include <memory>

#include "sketch/eval/probe.h"

namespace liveframe::sketch::test {

struct TrainedProbe {
  std::unique_ptr<Probe> probe;
  ProbeTrainReport report;
};

inline TrainedProbe& sharedTrainedProbe() {
  static TrainedProbe trained = [] {
    TrainedProbe out;
    out.probe = Probe::untrained(3);
    ProbeTrainOptions options;
    options.steps = 220;
    options.max_minutes = 1.0;
    options.batch = 32;
    options.learning_rate = 3e-3f;
    options.held_out_frames = 300;
    options.threads = 1;
    options.log_every = 20;
    auto report = out.probe->train(options, nullptr);
    if (report.ok()) out.report = report.value();
    return out;
  }();
  return trained;
}

}  // namespace liveframe::sketch::test
