// Engine: owns the model on its own thread and streams frames to consumers (DESIGN §1).
//
// Threading model: create() returns a stopped engine; start() launches two threads that
// alone touch the model: the step thread runs the generator (text encoding, denoising, KV
// cache) and hands latents to the output thread, which decodes them into frames and calls the
// FrameSinks. The two stages overlap, so on a 2-core machine the decoder costs no frame rate.
// submit() may be called from any thread and never blocks. A sink must return quickly or
// block on purpose (the recorder blocks when its queue is full, which slows both stages
// instead of dropping frames). The display mailbox always holds the newest frame and never
// blocks either side. Events reach sinks on the output thread, before the frame they shape.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "liveframe/event.h"
#include "liveframe/frame.h"
#include "liveframe/model.h"
#include "liveframe/result.h"
#include "liveframe/stats.h"

namespace liveframe {

namespace command {
struct SetPrompt {
  std::string text;
};
struct SetBlend {
  std::vector<std::pair<std::string, float>> prompts;
};  // weights normalised
struct SetTransition {
  int frames = 0;
};  // blend length for later prompt changes
struct Pause {};
struct Resume {};
struct Reset {
  std::uint64_t seed = 0;
};
struct SetActions {
  unsigned actions = kActionNone;
};  // held until changed
struct Mark {
  std::string label;
};
struct Shutdown {};
}  // namespace command

using Command = std::variant<command::SetPrompt, command::SetBlend, command::SetTransition,
                             command::Pause, command::Resume, command::Reset, command::SetActions,
                             command::Mark, command::Shutdown>;

// A consumer of the engine's output. Called on the engine's output thread, in stream order.
class FrameSink {
 public:
  virtual ~FrameSink() = default;
  virtual void onFrame(const FramePtr& frame) = 0;
  virtual void onEvent(const Event& event) { (void)event; }
};

// The newest frame, for a display. Thread-safety: safe from any thread; never blocks for long.
class LatestMailbox final : public FrameSink {
 public:
  void onFrame(const FramePtr& frame) override;
  FramePtr take();  // the newest frame not yet taken, or null
  FramePtr peek() const;
  std::int64_t overwritten() const;  // frames replaced before anyone took them

 private:
  struct State;
  std::shared_ptr<State> state_ = makeState();
  static std::shared_ptr<State> makeState();
};

struct EngineOptions {
  std::string model = "sketch";  // a registry id, a weights file or a model folder
  bool random_weights = false;   // the model's architecture at small random weights
  // Frame size; 0: the model's native one. Wan folders render at any multiple of 16, the
  // built-in model at its own size only.
  int width = 0;
  int height = 0;
  std::uint64_t seed = 1;
  double target_fps = -1;  // < 0: the model's frame rate; 0: as fast as possible
  // Threads for the step stage (the decode stage has its own thread). On small CPUs one is
  // fastest: the per-frame operations are too small to split, and idle OpenMP workers spin.
  int threads = 1;
  std::string initial_prompt;
  int transition_frames = 0;
  // Replay: apply these journal events at their frame indices instead of live commands.
  std::vector<Event> replay_events;
  std::int64_t max_frames = 0;  // stop by itself after this many frames (0: endless)
};

// The journal event a command becomes (type + JSON payload; id, frame and time unset).
// Scripts and replays feed such events to the engine through EngineOptions::replay_events.
Event eventFromCommand(const Command& command);

// Limits on prompts, checked in submit() and by the CLI.
inline constexpr std::size_t kMaxPromptBytes = 4096;
Status validatePrompt(const std::string& text);

class Engine {
 public:
  static Result<std::unique_ptr<Engine>> create(const EngineOptions& options);
  virtual ~Engine() = default;

  virtual const ModelInfo& info() const = 0;
  // Words the model's text encoder knows (empty when it takes any text).
  virtual std::vector<std::string> vocabulary() const = 0;

  // Before start(): replace EngineOptions::replay_events (e.g. a script timed in model frames).
  virtual void setReplayEvents(std::vector<Event> events) = 0;
  // Sinks are called on the output thread in the order they were added, so add the display
  // before the recorder: a recorder blocked by a slow disk then holds up the next frame, never
  // the display of this one. A sink may be added while the engine runs (a recording started
  // mid-stream): it first receives every event since the stream started, so its journal can
  // regenerate the stream, then every frame from the next one on. Thread-safe; takes effect
  // at the next frame boundary.
  virtual void addSink(std::shared_ptr<FrameSink> sink) = 0;
  // Stops calling the sink from the next frame boundary on; thread-safe.
  virtual void removeSink(const std::shared_ptr<FrameSink>& sink) = 0;
  virtual void start() = 0;
  // Asks the engine to finish the frames in flight and stop; joins its threads.
  virtual void stop() = 0;
  virtual bool running() const = 0;
  // The last error that stopped the engine, if any.
  virtual std::string failure() const = 0;

  // Thread-safe, never blocks. Returns the id the resulting journal event will carry
  // (0 if rejected: invalid prompt). Rejections are reported as one-line errors.
  virtual Result<std::uint64_t> submit(Command command) = 0;

  virtual StatsSnapshot stats() const = 0;
  // A display reports when it first presented a frame (for display latency).
  virtual void reportDisplayed(const Frame& frame, Clock::time_point presented) = 0;
  virtual std::int64_t framesProduced() const = 0;
};

}  // namespace liveframe
