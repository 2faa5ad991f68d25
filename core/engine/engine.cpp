#include "liveframe/engine.h"

#include <ATen/Parallel.h>
#include <c10/util/Exception.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "engine/bounded_queue.h"
#include "engine/events.h"
#include "engine/prompt_schedule.h"
#include "engine/stats_collector.h"
#include "model/video_model.h"

namespace liveframe {
namespace {

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct PendingEvent {
  Event event;
  Clock::time_point submitted;
};

// What the step thread hands the output thread: the events applied before this step, then
// the latents it produced, with what the frames must carry.
struct StepOutput {
  std::vector<Event> events;
  at::Tensor latents;
  std::shared_ptr<model::StreamState> stream;  // kept alive for decode()
  std::uint64_t prompt_event_id = 0;
  Clock::time_point prompt_submitted{}, started{};
  FrameTimings timings;
};

// Latents waiting to be decoded: one in the queue while one decodes and one steps.
constexpr std::size_t kPipelineDepth = 1;

class EngineImpl final : public Engine {
 public:
  EngineImpl(EngineOptions options, std::unique_ptr<model::VideoModel> model)
      : options_(std::move(options)), model_(std::move(model)), schedule_(*model_) {
    if (options_.target_fps < 0) options_.target_fps = model_->info().fps;
  }
  ~EngineImpl() override { stop(); }

  const ModelInfo& info() const override { return model_->info(); }
  std::vector<std::string> vocabulary() const override { return model_->vocabulary(); }
  void setReplayEvents(std::vector<Event> events) override {
    options_.replay_events = std::move(events);
  }
  void addSink(std::shared_ptr<FrameSink> sink) override {
    std::lock_guard lock(sinks_mutex_);
    sink_changes_.emplace_back(std::move(sink), true);
  }
  void removeSink(const std::shared_ptr<FrameSink>& sink) override {
    std::lock_guard lock(sinks_mutex_);
    sink_changes_.emplace_back(sink, false);
  }

  void start() override {
    if (thread_.joinable()) return;
    stop_requested_ = false;
    running_ = true;
    stream_start_ = Clock::now();  // before the threads: both read it
    thread_ = std::thread([this] { threadMain(); });
    output_thread_ = std::thread([this] { outputMain(); });
  }

  void stop() override {
    stop_requested_ = true;
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    if (output_thread_.joinable()) output_thread_.join();
  }

  bool running() const override { return running_; }
  std::string failure() const override {
    std::lock_guard lock(mutex_);
    return failure_;
  }

  Result<std::uint64_t> submit(Command command) override {
    if (const auto* prompt = std::get_if<command::SetPrompt>(&command)) {
      if (auto status = validatePrompt(prompt->text); !status.ok()) return Error{status.error()};
    }
    if (const auto* blend = std::get_if<command::SetBlend>(&command)) {
      if (blend->prompts.empty()) return Error{"a blend needs at least one prompt"};
      for (const auto& [text, weight] : blend->prompts) {
        if (auto status = validatePrompt(text); !status.ok()) return Error{status.error()};
        if (!(weight >= 0.0f)) return Error{"blend weights must be zero or more"};
      }
    }
    if (std::holds_alternative<command::Shutdown>(command)) {
      stop_requested_ = true;
      wake_.notify_all();
      return std::uint64_t{0};
    }
    PendingEvent pending{eventFromCommand(command), Clock::now()};
    pending.event.id = next_event_id_.fetch_add(1);
    const auto id = pending.event.id;
    {
      std::lock_guard lock(mutex_);
      pending_.push_back(std::move(pending));
    }
    wake_.notify_all();
    return id;
  }

  StatsSnapshot stats() const override { return stats_.snapshot(); }
  void reportDisplayed(const Frame& frame, Clock::time_point presented) override {
    stats_.recordDisplayed(frame, presented);
  }
  std::int64_t framesProduced() const override { return frames_produced_; }

 private:
  void threadMain();
  void outputMain();
  void runStream();
  void applyPending(std::int64_t frame_index);
  void applyEvent(Event event, Clock::time_point submitted);
  bool produceStep();
  void publish(StepOutput& output);
  void applySinkChanges();
  void pace();
  void fail(const std::string& message);

  EngineOptions options_;
  std::unique_ptr<model::VideoModel> model_;
  PromptSchedule schedule_;
  std::mutex sinks_mutex_;
  std::vector<std::pair<std::shared_ptr<FrameSink>, bool>> sink_changes_;  // guarded; true: add
  StatsCollector stats_;

  std::thread thread_, output_thread_;
  BoundedQueue<StepOutput> outputs_{kPipelineDepth};
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<PendingEvent> pending_;  // guarded by mutex_
  std::string failure_;                // guarded by mutex_
  std::atomic<bool> stop_requested_{false}, running_{false};
  std::atomic<std::uint64_t> next_event_id_{1};
  std::atomic<std::int64_t> frames_produced_{0};

  // Step-thread state.
  std::shared_ptr<model::StreamState> stream_;
  std::vector<Event> applied_;  // events applied since the last step
  Clock::time_point stream_start_, next_deadline_;
  std::int64_t frame_index_ = 0;
  std::int64_t last_step_frames_ = 1;  // frames the last step made (pacing)
  std::size_t replay_cursor_ = 0;
  bool paused_ = false;
  unsigned actions_ = kActionNone;
  int transition_frames_ = 0;
  std::uint64_t prompt_event_id_ = 0;
  Clock::time_point prompt_submitted_{};
  double encode_ms_ = 0;
  // Output-thread state.
  std::vector<std::shared_ptr<FrameSink>> sinks_;
  std::vector<Event> history_;  // every event since the stream started, for late sinks
  std::int64_t output_frame_index_ = 0;
  std::vector<Frame> decoded_;
};

void EngineImpl::fail(const std::string& message) {
  std::lock_guard lock(mutex_);
  if (failure_.empty()) failure_ = message;
}

void EngineImpl::threadMain() {
  at::set_num_threads(std::max(1, options_.threads));
  try {
    runStream();
  } catch (const c10::Error& e) {
    fail(std::string("model error: ") + e.what_without_backtrace());
  } catch (const std::exception& e) {
    fail(std::string("engine error: ") + e.what());
  }
  // The output thread decodes what is queued, then ends.
  outputs_.close();
}

void EngineImpl::outputMain() {
  at::set_num_threads(1);
  try {
    while (true) {
      auto output = outputs_.pop(std::chrono::milliseconds(100));
      if (output) {
        publish(*output);
      } else if (outputs_.closed()) {
        break;  // closed and drained
      }
    }
  } catch (const c10::Error& e) {
    fail(std::string("decoder error: ") + e.what_without_backtrace());
  } catch (const std::exception& e) {
    fail(std::string("output error: ") + e.what());
  }
  if (!failure().empty()) {
    stop_requested_ = true;
    wake_.notify_all();
    outputs_.close();  // a step thread blocked on a full queue gives up
  }
  running_ = false;
}

void EngineImpl::runStream() {
  next_deadline_ = stream_start_;
  transition_frames_ = options_.transition_frames;
  stream_ = model_->beginStream(options_.seed);
  const bool replaying = !options_.replay_events.empty();
  if (!replaying && !options_.initial_prompt.empty()) {
    if (!submit(command::SetPrompt{options_.initial_prompt}).ok()) {
      throw std::runtime_error("invalid initial prompt");
    }
  }
  while (!stop_requested_) {
    applyPending(frame_index_);
    if (paused_) {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stop_requested_ || !pending_.empty(); });
      continue;
    }
    if (!schedule_.hasTarget()) {
      // Nothing to generate until a prompt arrives.
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, std::chrono::milliseconds(50),
                     [&] { return stop_requested_ || !pending_.empty(); });
      continue;
    }
    if (!produceStep()) break;
    if (options_.max_frames > 0 && frame_index_ >= options_.max_frames) break;
    pace();
  }
}

void EngineImpl::applyPending(std::int64_t frame_index) {
  std::vector<PendingEvent> pending;
  {
    std::lock_guard lock(mutex_);
    pending.swap(pending_);
  }
  const bool replaying = !options_.replay_events.empty();
  for (auto& item : pending) {
    // While replaying, the journal decides what happens; only pause/resume stay live.
    if (replaying && item.event.type != "pause" && item.event.type != "resume") continue;
    applyEvent(std::move(item.event), item.submitted);
  }
  const auto& replay = options_.replay_events;
  while (replay_cursor_ < replay.size() && replay[replay_cursor_].frame_index <= frame_index) {
    applyEvent(replay[replay_cursor_++], Clock::now());
  }
  if (replaying && replay_cursor_ >= replay.size() && !schedule_.hasTarget()) {
    throw std::runtime_error("the journal has no prompt to replay");
  }
}

void EngineImpl::applyEvent(Event event, Clock::time_point submitted) {
  auto fields = decodeEvent(event);
  if (!fields.ok()) throw std::runtime_error(fields.error());
  event.frame_index = frame_index_;
  event.time_us =
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - stream_start_).count();
  if (event.type == "prompt" || event.type == "blend") {
    schedule_.setTarget(fields->prompts, transition_frames_);
    encode_ms_ += schedule_.lastEncodeMs();
    model_->switchPrompt(*stream_, *schedule_.target());
    prompt_event_id_ = event.id;
    prompt_submitted_ = submitted;
  } else if (event.type == "transition") {
    transition_frames_ = std::max(0, *fields->transition_frames);
  } else if (event.type == "reset") {
    stream_ = model_->beginStream(*fields->seed);
  } else if (event.type == "actions") {
    actions_ = *fields->actions;
  } else if (event.type == "pause") {
    paused_ = true;
  } else if (event.type == "resume") {
    paused_ = false;
    next_deadline_ = Clock::now();
  }
  applied_.push_back(std::move(event));
}

bool EngineImpl::produceStep() {
  StepOutput output;
  output.started = Clock::now();
  const auto conditioning = schedule_.next(model_->info().frames_per_step);
  output.timings.encode_ms = encode_ms_;
  encode_ms_ = 0;
  const std::int64_t stream_frame = stream_->frame_index;
  output.latents = model_->step(*stream_, *conditioning, actions_);
  output.timings.step_ms = msSince(output.started);
  output.events.swap(applied_);
  output.stream = stream_;
  output.prompt_event_id = prompt_event_id_;
  output.prompt_submitted = prompt_submitted_;
  // The frames this step becomes, as the model counts them (a Wan stream's first block
  // yields fewer than the rest).
  last_step_frames_ = std::max<std::int64_t>(1, stream_->frame_index - stream_frame);
  frame_index_ += stream_->frame_index - stream_frame;
  return outputs_.push(std::move(output));
}

void EngineImpl::applySinkChanges() {
  std::vector<std::pair<std::shared_ptr<FrameSink>, bool>> changes;
  {
    std::lock_guard lock(sinks_mutex_);
    changes.swap(sink_changes_);
  }
  for (auto& [sink, add] : changes) {
    if (add) {
      for (const auto& event : history_) sink->onEvent(event);
      sinks_.push_back(std::move(sink));
    } else {
      std::erase(sinks_, sink);
    }
  }
}

void EngineImpl::publish(StepOutput& output) {
  applySinkChanges();
  for (auto& event : output.events) {
    for (const auto& sink : sinks_) sink->onEvent(event);
    history_.push_back(std::move(event));
  }
  const auto decode_start = Clock::now();
  decoded_.clear();
  model_->decode(*output.stream, output.latents, decoded_);
  output.timings.decode_ms = msSince(decode_start);
  for (auto& frame : decoded_) {
    frame.frame_index = output_frame_index_++;
    frame.prompt_event_id = output.prompt_event_id;
    frame.prompt_submitted = output.prompt_submitted;
    frame.started = output.started;
    frame.finished = Clock::now();
    frame.time_us =
        std::chrono::duration_cast<std::chrono::microseconds>(frame.finished - stream_start_)
            .count();
    auto shared = std::make_shared<const Frame>(std::move(frame));
    const auto sink_start = Clock::now();
    for (const auto& sink : sinks_) sink->onFrame(shared);
    output.timings.record_ms = msSince(sink_start);
    stats_.recordFrame(*shared, output.timings);
    frames_produced_.fetch_add(1);
  }
}

void EngineImpl::pace() {
  if (options_.target_fps <= 0) return;
  // One step's worth of frames: a Wan step makes a block of them.
  const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
      static_cast<double>(last_step_frames_) / options_.target_fps));
  next_deadline_ += period;
  const auto now = Clock::now();
  // Behind schedule by more than a frame: start afresh instead of bursting to catch up.
  if (next_deadline_ + period < now) next_deadline_ = now;
  std::unique_lock lock(mutex_);
  wake_.wait_until(lock, next_deadline_, [&] { return stop_requested_.load(); });
}

}  // namespace

Result<std::unique_ptr<Engine>> Engine::create(const EngineOptions& options) {
  if (!options.initial_prompt.empty()) {
    if (auto status = validatePrompt(options.initial_prompt); !status.ok()) {
      return Error{status.error()};
    }
  }
  try {
    model::LoadOptions load;
    load.random_weights = options.random_weights;
    load.width = options.width;
    load.height = options.height;
    auto model = model::loadModel(options.model, load);
    if (!model.ok()) return Error{model.error()};
    return std::unique_ptr<Engine>(new EngineImpl(options, std::move(model).value()));
  } catch (const c10::Error& e) {
    return Error{std::string("cannot load model: ") + e.what_without_backtrace()};
  } catch (const std::bad_alloc&) {
    return Error{"cannot load model " + options.model + ": out of memory"};
  } catch (const std::exception& e) {
    std::string why = e.what();
    return Error{"cannot load model " + options.model + ": " + why.substr(0, why.find('\n'))};
  }
}

}  // namespace liveframe
