// The built-in model's evaluation (DESIGN §7, issue 3 part 4): streams the model through the
// real Engine, as fast as it runs, and reads every frame with the probe:
//   adherence      — the probe agrees with what each prompt of a list specifies;
//   switch latency — frames and ms from a prompt submission until the probe sees the new sky;
//   drift          — adherence and image statistics in the first vs the last minute of one
//                    uninterrupted stream;
//   action response — a held pan moves the image the right way (row cross-correlation).
// Also runs the adherence prompts on world frames, the ceiling the probe allows.
// Thread-safety: an Evaluator is used from one thread; it starts and stops its own engines
// (whose threads never touch the Evaluator: frames reach it through a bounded queue).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "liveframe/model.h"
#include "liveframe/result.h"
#include "sketch/eval/eval_prompts.h"
#include "sketch/eval/image_measures.h"
#include "sketch/eval/probe.h"

namespace liveframe::sketch {

struct EvalOptions {
  std::string model = "sketch";  // as EngineOptions::model
  bool random_weights = false;
  std::uint64_t seed = 1;
  std::vector<std::string> prompts;  // adherence; defaultEvalPrompts() when empty
  int frames_per_prompt = 48;
  int warmup_frames = 12;       // adherence skips a stream's first frames (at most half of them)
  int switches = 6;             // measured prompt switches (each changes the sky)
  int switch_hold_frames = 48;  // frames each prompt of the switch stream is held
  double drift_minutes = 10;    // length of the drift stream (frames at the model's fps)
  int action_hold_frames = 36;  // frames each pan direction is held
  int threads = 1;              // the engine's step-stage threads
  // Polled between frames on the evaluating thread; true ends the evaluation with an error.
  std::function<bool()> interrupted;
};

// One probe head's agreement with a prompt: fraction of frames (after warm-up) that agree.
struct PromptAdherence {
  std::string prompt;
  std::map<std::string, double> per_attribute;  // head name → 0..1, the heads it constrains
  int frames = 0;
};

struct AdherenceResult {
  std::vector<PromptAdherence> prompts;
  std::map<std::string, double> per_attribute;  // mean over the prompts constraining it
  double overall = 0;                           // mean over every (prompt, attribute) pair
};

struct SwitchRecord {
  std::string from, to;
  SwitchLatency latency;
};

struct SwitchResult {
  std::vector<SwitchRecord> switches;
  Summary frames, ms;  // over the detected switches
  int detected = 0;
};

struct DriftWindow {
  double adherence = 0;  // overall, for the drift prompt
  ImageStats stats;      // means over the window's frames
  int frames = 0;
};

struct DriftResult {
  std::string prompt;
  double minutes = 0;  // length of the stream
  std::int64_t frames = 0;
  double window_minutes = 0;
  DriftWindow first, last;
};

struct ActionResult {
  // Fraction of frame pairs whose shift has the expected sign (pan left → positive).
  double left_agreement = 0, right_agreement = 0, agreement = 0;
  double left_mean_shift_px = 0, right_mean_shift_px = 0;  // per frame, at the model's size
  int pairs = 0;
};

struct EvalReport {
  ModelInfo model;
  std::string probe;
  AdherenceResult adherence;
  AdherenceResult reference;  // the same prompts on world frames: the probe's ceiling
  SwitchResult switching;
  DriftResult drift;
  ActionResult action;
};

using EvalLog = std::function<void(const std::string& line)>;

class Evaluator {
 public:
  // `probe` must outlive the Evaluator. `log` gets progress lines (may be empty).
  Evaluator(Probe& probe, EvalOptions options, EvalLog log);

  Result<AdherenceResult> adherence();
  AdherenceResult referenceAdherence();  // world frames, no model
  Result<SwitchResult> switchLatency();
  Result<DriftResult> drift();
  Result<ActionResult> actionResponse();
  Result<EvalReport> runAll(const std::string& probe_name);
  // The model as the engine described it (after any evaluation that streamed it).
  const ModelInfo& modelInfo() const { return model_info_; }

 private:
  Probe& probe_;
  EvalOptions options_;
  EvalLog log_;
  ModelInfo model_info_;
};

}  // namespace liveframe::sketch
