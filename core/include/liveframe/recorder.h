// Recorder: a FrameSink that writes every frame and event into a session folder on its own
// thread. Lossless: when the disk is slower than the engine, onFrame() blocks until there is
// room in the queue, so the engine slows down instead of dropping frames. A write error (full
// disk) stops the recording cleanly: what was closed stays readable, and error() says why.
//
// Thread-safety: onFrame/onEvent on the engine's output thread; finish/error/counters on any
// thread.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "liveframe/engine.h"
#include "liveframe/session.h"

namespace liveframe {

class Recorder final : public FrameSink {
 public:
  struct Options {
    std::size_t queue_frames = 48;  // ~2 s at 24 fps of slack before back-pressure
    SessionWriter::Options writer;
    // Called on the recorder thread before each frame is written: tests make a slow disk.
    std::function<void(std::int64_t frame_index)> before_frame_write;
  };
  static Result<std::shared_ptr<Recorder>> start(const std::filesystem::path& folder,
                                                 const SessionHeader& header,
                                                 const Options& options);
  ~Recorder() override;

  void onFrame(const FramePtr& frame) override;
  void onEvent(const Event& event) override;

  // Drains the queue, closes the session. Returns the first write error, if any. Idempotent.
  Status finish();
  bool failed() const;
  std::string error() const;
  std::int64_t framesWritten() const;
  std::int64_t bytesWritten() const;
  std::int64_t stalls() const;  // times onFrame() had to wait for room
  std::size_t queueDepth() const;
  const std::filesystem::path& folder() const;

 private:
  struct Impl;
  explicit Recorder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace liveframe
