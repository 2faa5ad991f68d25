#include "sketch/eval/evaluator.h"

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "engine/bounded_queue.h"
#include "liveframe/engine.h"
#include "world/clip.h"
#include "world/rng.h"
#include "world/world.h"

namespace liveframe::sketch {
namespace {

constexpr std::size_t kQueueFrames = 16;  // frames in flight between the engine and the probe
constexpr int kRampFrames = 8;            // a held pan takes ~0.25 s to reach full speed
constexpr double kMinShiftPx = 0.25;      // smaller shifts count as "did not move"
constexpr int kMaxShiftPx = 24;           // 3x the world's fastest pan per frame at 256 px

struct StreamedFrame {
  FramePtr frame;
  unsigned actions = 0;  // the camera actions held while the frame was generated
};

// Hands frames from the engine's output thread to the evaluating thread, tagged with the
// actions in force (action events arrive on the same thread just before their first frame).
// The queue blocks the engine when the probe falls behind: frames are never dropped.
class QueueSink final : public FrameSink {
 public:
  void onFrame(const FramePtr& frame) override { queue_.push({frame, actions_}); }
  void onEvent(const Event& event) override {
    if (event.type != "actions") return;
    actions_ = nlohmann::json::parse(event.payload_json).at("actions").get<unsigned>();
  }
  BoundedQueue<StreamedFrame>& queue() { return queue_; }

 private:
  BoundedQueue<StreamedFrame> queue_{kQueueFrames};
  unsigned actions_ = 0;  // output thread only
};

// One engine stream, consumed frame by frame on the calling thread.
class EngineRun {
 public:
  static Result<std::unique_ptr<EngineRun>> start(const EvalOptions& o, const std::string& prompt,
                                                  std::int64_t max_frames) {
    EngineOptions options;
    options.model = o.model;
    options.random_weights = o.random_weights;
    options.seed = o.seed;
    options.target_fps = 0;  // as fast as it runs: the evaluation counts frames, not seconds
    options.threads = o.threads;
    options.initial_prompt = prompt;
    options.max_frames = max_frames;
    auto engine = Engine::create(options);
    if (!engine.ok()) return Error{engine.error()};
    auto run = std::unique_ptr<EngineRun>(new EngineRun(std::move(engine).value(), o.interrupted));
    run->engine_->addSink(run->sink_);
    run->engine_->start();
    return run;
  }
  // Early returns still stop the engine; the caller reads failures from its own finish().
  ~EngineRun() { (void)finish(); }

  // The next frame; empty once the engine stopped (max_frames reached, or a failure) or the
  // evaluation was interrupted.
  std::optional<StreamedFrame> next() {
    while (true) {
      if (interrupted_ && interrupted_()) return std::nullopt;
      if (auto item = sink_->queue().pop(std::chrono::milliseconds(100))) return item;
      // The output thread publishes its last frame before running() turns false.
      if (!engine_->running()) return sink_->queue().pop(std::chrono::milliseconds(0));
    }
  }
  Result<std::uint64_t> submit(Command command) { return engine_->submit(std::move(command)); }
  const ModelInfo& info() const { return engine_->info(); }

  // Stops the engine (closing the queue first, so an output thread blocked on it can finish).
  Status finish() {
    if (!finished_) {
      finished_ = true;
      sink_->queue().close();
      engine_->stop();
    }
    if (interrupted_ && interrupted_()) return Error{"interrupted"};
    const std::string failure = engine_->failure();
    return failure.empty() ? Status::success() : Status(Error{failure});
  }

 private:
  EngineRun(std::unique_ptr<Engine> engine, std::function<bool()> interrupted)
      : engine_(std::move(engine)), interrupted_(std::move(interrupted)) {}
  std::unique_ptr<Engine> engine_;
  std::function<bool()> interrupted_;
  std::shared_ptr<QueueSink> sink_ = std::make_shared<QueueSink>();
  bool finished_ = false;
};

// Counts, per head the prompt constrains, the frames whose reading agrees.
class AdherenceTally {
 public:
  explicit AdherenceTally(PromptExpectation expectation) : expectation_(std::move(expectation)) {}
  void add(const ProbeLabels& reading) {
    ++frames_;
    for (ProbeHead head : kProbeHeads) {
      if (expectation_.agrees(head, reading)) ++agreeing_[static_cast<std::size_t>(head)];
    }
  }
  PromptAdherence result(const std::string& prompt) const {
    PromptAdherence out;
    out.prompt = prompt;
    out.frames = frames_;
    for (ProbeHead head : kProbeHeads) {
      if (!expectation_.constrains(head)) continue;
      const int agreeing = agreeing_[static_cast<std::size_t>(head)];
      out.per_attribute[std::string(name(head))] =
          frames_ > 0 ? static_cast<double>(agreeing) / frames_ : 0.0;
    }
    return out;
  }
  double overall() const {
    const auto scores = result("").per_attribute;
    double sum = 0;
    for (const auto& [head, score] : scores) sum += score;
    return scores.empty() ? 0.0 : sum / static_cast<double>(scores.size());
  }

 private:
  PromptExpectation expectation_;
  std::array<int, kProbeHeadCount> agreeing_{};
  int frames_ = 0;
};

AdherenceResult combine(std::vector<PromptAdherence> prompts) {
  AdherenceResult result;
  std::map<std::string, int> counts;
  double pair_sum = 0;
  int pairs = 0;
  for (const auto& prompt : prompts) {
    for (const auto& [head, score] : prompt.per_attribute) {
      result.per_attribute[head] += score;
      ++counts[head];
      pair_sum += score;
      ++pairs;
    }
  }
  for (auto& [head, score] : result.per_attribute) score /= counts[head];
  result.overall = pairs > 0 ? pair_sum / pairs : 0.0;
  result.prompts = std::move(prompts);
  return result;
}

std::string percent(double fraction) {
  std::ostringstream text;
  text.precision(1);
  text << std::fixed << 100.0 * fraction << "%";
  return text.str();
}

std::string minutesText(double minutes) {
  std::ostringstream text;
  text.precision(2);
  text << std::fixed << minutes;
  return text.str();
}

// The sky-switch chain: each prompt differs from the one before only in its sky.
std::string skyPrompt(int index) {
  static const std::array<const char*, 5> kSkies = {"at sunset", "at night", "at dawn",
                                                    "during the day", "under the northern lights"};
  return std::string("a red ball bouncing over the ocean ") + kSkies[index % kSkies.size()];
}

// Microseconds on the Frame::time_us clock at which the frame's prompt was submitted.
std::int64_t submittedUs(const Frame& frame) {
  return frame.time_us - std::chrono::duration_cast<std::chrono::microseconds>(
                             frame.finished - frame.prompt_submitted)
                             .count();
}

}  // namespace

Evaluator::Evaluator(Probe& probe, EvalOptions options, EvalLog log)
    : probe_(probe), options_(std::move(options)), log_(std::move(log)) {
  if (options_.prompts.empty()) options_.prompts = defaultEvalPrompts();
  // Short streams still leave half their frames to score.
  options_.warmup_frames = std::min(options_.warmup_frames, options_.frames_per_prompt / 2);
  if (!log_) log_ = [](const std::string&) {};
}

Result<AdherenceResult> Evaluator::adherence() {
  std::vector<PromptAdherence> prompts;
  for (const std::string& prompt : options_.prompts) {
    auto run = EngineRun::start(options_, prompt, options_.frames_per_prompt);
    if (!run.ok()) return Error{run.error()};
    model_info_ = (*run)->info();
    AdherenceTally tally(expectationFor(parsePrompt(prompt)));
    while (auto item = (*run)->next()) {
      if (item->frame->frame_index >= options_.warmup_frames) {
        tally.add(probe_.classify(*item->frame).labels);
      }
    }
    if (auto status = (*run)->finish(); !status.ok()) return Error{status.error()};
    prompts.push_back(tally.result(prompt));
    log_("adherence " + percent(tally.overall()) + "  " + prompt);
  }
  return combine(std::move(prompts));
}

AdherenceResult Evaluator::referenceAdherence() {
  std::vector<PromptAdherence> prompts;
  std::vector<std::uint8_t> rgb(static_cast<std::size_t>(kProbeRenderSize) * kProbeRenderSize * 3);
  for (std::size_t i = 0; i < options_.prompts.size(); ++i) {
    const std::string& prompt = options_.prompts[i];
    const ParsedPrompt parsed = parsePrompt(prompt);
    Rng rng(mixSeed(options_.seed, i));
    World world(mixSeed(options_.seed, i + 1000), sceneFromPrompt(parsed, rng));
    AdherenceTally tally(expectationFor(parsed));
    for (int frame = 0; frame < options_.frames_per_prompt; ++frame, world.advance()) {
      if (frame < options_.warmup_frames) continue;
      world.render(rgb.data(), kProbeRenderSize, kProbeRenderSize);
      tally.add(probe_.classify(rgb.data(), kProbeRenderSize, kProbeRenderSize).labels);
    }
    prompts.push_back(tally.result(prompt));
  }
  return combine(std::move(prompts));
}

Result<SwitchResult> Evaluator::switchLatency() {
  const int hold = std::max(8, options_.switch_hold_frames);
  const auto max_frames = static_cast<std::int64_t>(options_.switches + 1) * hold * 2;
  auto run = EngineRun::start(options_, skyPrompt(0), max_frames);
  if (!run.ok()) return Error{run.error()};
  SwitchResult result;
  int current = 0;            // skyPrompt(current) is the prompt last submitted
  std::uint64_t awaited = 0;  // its event id; 0 while the initial prompt is held
  std::int64_t held = 0;      // frames seen since it was submitted
  std::int64_t submitted_us = 0;
  std::vector<SkyReading> readings;  // frames generated under the awaited prompt
  while (auto item = (*run)->next()) {
    const Frame& frame = *item->frame;
    if (awaited != 0 && frame.prompt_event_id == awaited) {
      if (readings.empty()) submitted_us = submittedUs(frame);
      readings.push_back({frame.frame_index, frame.time_us, probe_.classify(frame).labels.sky()});
    }
    if (++held < hold) continue;
    if (awaited != 0) {
      const Sky target = parsePrompt(skyPrompt(current)).sky.value();
      result.switches.push_back({skyPrompt(current - 1), skyPrompt(current),
                                 sketch::switchLatency(readings, target, submitted_us)});
      readings.clear();
      if (static_cast<int>(result.switches.size()) >= options_.switches) break;
    }
    // Submitted from the consuming thread while the engine runs: live, as from a UI.
    auto id = (*run)->submit(command::SetPrompt{skyPrompt(++current)});
    if (!id.ok()) return Error{id.error()};
    awaited = id.value();
    held = 0;
  }
  if (auto status = (*run)->finish(); !status.ok()) return Error{status.error()};
  std::vector<double> frames, ms;
  for (const auto& record : result.switches) {
    if (!record.latency.detected) continue;
    ++result.detected;
    frames.push_back(static_cast<double>(record.latency.frames));
    ms.push_back(record.latency.ms);
  }
  result.frames = summarize(frames);
  result.ms = summarize(ms);
  log_("switch latency: " + std::to_string(result.detected) + "/" +
       std::to_string(result.switches.size()) + " switches detected");
  return result;
}

Result<DriftResult> Evaluator::drift() {
  DriftResult result;
  result.prompt = options_.prompts.front();
  auto run = EngineRun::start(options_, result.prompt, 0);
  if (!run.ok()) return Error{run.error()};
  const double fps = (*run)->info().fps > 0 ? (*run)->info().fps : kFramesPerSecond;
  const auto total = std::max<std::int64_t>(2 * (options_.warmup_frames + 1),
                                            std::llround(options_.drift_minutes * 60.0 * fps));
  // A minute each, or half the stream when it is shorter than two minutes.
  const std::int64_t window = std::min<std::int64_t>(std::llround(60.0 * fps), total / 2);
  result.frames = total;
  result.minutes = static_cast<double>(total) / fps / 60.0;
  result.window_minutes = static_cast<double>(window) / fps / 60.0;
  const PromptExpectation expectation = expectationFor(parsePrompt(result.prompt));
  AdherenceTally first_tally(expectation), last_tally(expectation);
  ImageStats first_sum, last_sum;
  const auto per_minute = static_cast<std::int64_t>(60.0 * fps);
  while (auto item = (*run)->next()) {
    const Frame& frame = *item->frame;
    const std::int64_t index = frame.frame_index;
    if (index >= total) break;
    if (index > 0 && index % per_minute == 0) {
      log_("drift: minute " + std::to_string(index / per_minute) + " of " +
           minutesText(result.minutes));
    }
    const bool in_first = index >= options_.warmup_frames && index < window;
    const bool in_last = index >= total - window;
    if (!in_first && !in_last) continue;
    const ProbeLabels reading = probe_.classify(frame).labels;
    const ImageStats stats = imageStats(frame.rgb.data(), frame.width, frame.height);
    AdherenceTally& tally = in_first ? first_tally : last_tally;
    ImageStats& sum = in_first ? first_sum : last_sum;
    tally.add(reading);
    sum.luminance_mean += stats.luminance_mean;
    sum.luminance_stddev += stats.luminance_stddev;
    sum.saturation_mean += stats.saturation_mean;
  }
  if (auto status = (*run)->finish(); !status.ok()) return Error{status.error()};
  auto window_of = [](const AdherenceTally& tally, ImageStats sum) {
    DriftWindow out;
    out.frames = tally.result("").frames;
    out.adherence = tally.overall();
    const double n = std::max(1, out.frames);
    out.stats = {sum.luminance_mean / n, sum.luminance_stddev / n, sum.saturation_mean / n};
    return out;
  };
  result.first = window_of(first_tally, first_sum);
  result.last = window_of(last_tally, last_sum);
  return result;
}

Result<ActionResult> Evaluator::actionResponse() {
  const std::string prompt =
      "a white cube spinning in front of the city skyline during the day, static camera";
  const int hold = std::max(kRampFrames + 4, options_.action_hold_frames);
  const int warmup = std::max(1, options_.warmup_frames);
  auto run = EngineRun::start(options_, prompt, warmup + 3 * hold + 16);
  if (!run.ok()) return Error{run.error()};
  // The schedule, in frames the evaluator has seen: pan left, then pan right, then stop.
  const std::array<std::pair<int, unsigned>, 3> schedule = {
      {{warmup, kActionPanLeft}, {warmup + hold, kActionPanRight}, {warmup + 2 * hold, 0u}}};
  std::size_t next_command = 0;
  int seen = 0, run_length = 0, left_agree = 0, right_agree = 0, left_pairs = 0, right_pairs = 0;
  double left_sum = 0, right_sum = 0;
  FramePtr previous;
  unsigned previous_actions = 0;
  while (auto item = (*run)->next()) {
    const Frame& frame = *item->frame;
    const unsigned actions = item->actions;
    run_length = previous && actions == previous_actions ? run_length + 1 : 0;
    // Frames carry the actions they were generated under, so the pipeline's delay between a
    // submission and its first frame does not blur the measurement.
    if (previous && run_length >= kRampFrames && actions != 0) {
      const double shift = horizontalShift(previous->rgb.data(), frame.rgb.data(), frame.width,
                                           frame.height, kMaxShiftPx);
      const bool left = actions == kActionPanLeft;
      (left ? left_sum : right_sum) += shift;
      (left ? left_pairs : right_pairs) += 1;
      (left ? left_agree : right_agree) += left ? shift > kMinShiftPx : shift < -kMinShiftPx;
    }
    previous = item->frame;
    previous_actions = actions;
    if (++seen >= schedule[next_command].first) {
      auto id = (*run)->submit(command::SetActions{schedule[next_command].second});
      if (!id.ok()) return Error{id.error()};
      if (++next_command == schedule.size()) break;
    }
  }
  if (auto status = (*run)->finish(); !status.ok()) return Error{status.error()};
  ActionResult result;
  result.pairs = left_pairs + right_pairs;
  result.left_agreement = left_pairs > 0 ? static_cast<double>(left_agree) / left_pairs : 0.0;
  result.right_agreement = right_pairs > 0 ? static_cast<double>(right_agree) / right_pairs : 0.0;
  result.agreement =
      result.pairs > 0 ? static_cast<double>(left_agree + right_agree) / result.pairs : 0.0;
  result.left_mean_shift_px = left_pairs > 0 ? left_sum / left_pairs : 0.0;
  result.right_mean_shift_px = right_pairs > 0 ? right_sum / right_pairs : 0.0;
  return result;
}

Result<EvalReport> Evaluator::runAll(const std::string& probe_name) {
  EvalReport report;
  report.probe = probe_name;
  log_("reference: the prompts on world frames");
  report.reference = referenceAdherence();
  auto adherence_result = adherence();
  if (!adherence_result.ok()) return Error{adherence_result.error()};
  report.adherence = std::move(adherence_result).value();
  auto switch_result = switchLatency();
  if (!switch_result.ok()) return Error{switch_result.error()};
  report.switching = std::move(switch_result).value();
  auto action_result = actionResponse();
  if (!action_result.ok()) return Error{action_result.error()};
  report.action = action_result.value();
  log_("drift: one uninterrupted stream of " + minutesText(options_.drift_minutes) + " min");
  auto drift_result = drift();
  if (!drift_result.ok()) return Error{drift_result.error()};
  report.drift = std::move(drift_result).value();
  report.model = model_info_;
  return report;
}

}  // namespace liveframe::sketch
