// Engine: owns the model on its own thread and streams frames to consumers (DESIGN §1).
//
// Threading model: create() returns a stopped engine; start() launches the engine thread,
// which alone touches the model and its tensors. submit() may be called from any thread and
// never blocks. Frames reach consumers through FrameSinks, called on the engine thread:
// a sink must return quickly or block on purpose (the recorder blocks when its queue is
// full, which slows the engine instead of dropping frames). The display mailbox always holds
// the newest frame and never blocks either side.
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
struct SetPrompt { std::string text; };
struct SetBlend { std::vector<std::pair<std::string, float>> prompts; };  // weights normalised
struct SetTransition { int frames = 0; };  // blend length for later prompt changes
struct Pause {};
struct Resume {};
struct Reset { std::uint64_t seed = 0; };
struct SetActions { unsigned actions = kActionNone; };  // held until changed
struct Mark { std::string label; };
struct Shutdown {};
}  // namespace command

using Command = std::variant<command::SetPrompt, command::SetBlend, command::SetTransition,
                             command::Pause, command::Resume, command::Reset,
                             command::SetActions, command::Mark, command::Shutdown>;

// A consumer of the engine's output. Called on the engine thread, in stream order.
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
  std::uint64_t seed = 1;
  double target_fps = -1;  // < 0: the model's frame rate; 0: as fast as possible
  int threads = 0;        // 0: all cores
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
  // Sinks must be added before start(); they are called on the engine thread in the order
  // they were added, so add the display before the recorder: a recorder blocked by a slow
  // disk then holds up the next frame, never the display of this one.
  virtual void addSink(std::shared_ptr<FrameSink> sink) = 0;
  virtual void start() = 0;
  // Asks the engine thread to finish the frame in flight and stop; joins it.
  virtual void stop() = 0;
  virtual bool running() const = 0;
  // The last error that stopped the engine thread, if any.
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
