// DisplayLink: the one path from the engine's output thread to the viewport on Qt's render
// thread (studio.md §2.4). The engine calls onFrame(); the newest frame waits in a mailbox;
// the first frame after the viewport last looked posts one wake-up to the GUI thread, which
// schedules a render; the render thread takes the frame as late as possible and reports when
// it was presented, which the engine turns into display latency.
//
// Thread-safety: onFrame/onEvent on the engine's output thread; take/presented on the render
// thread; setWakeUp/setEngine on the GUI thread. Every method is safe from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

#include "liveframe/engine.h"

namespace liveframe::ui {

class DisplayLink final : public FrameSink {
 public:
  void onFrame(const FramePtr& frame) override;

  // Called (on the output thread) once per batch of frames that arrive while the viewport has
  // not looked yet. The callee must only post, never render. Empty: no wake-ups.
  void setWakeUp(std::function<void()> wake_up);
  // The engine that display times are reported to; null while none streams.
  void setEngine(std::shared_ptr<Engine> engine);

  FramePtr take();        // the newest frame not yet taken, or null; re-arms the wake-up
  FramePtr peek() const;  // the newest frame, taken or not
  void presented(const FramePtr& frame, Clock::time_point when);
  FramePtr presentedFrame() const;  // the frame on screen now (null before the first)

  std::int64_t overwritten() const { return mailbox_.overwritten(); }
  // The prompt event of the newest presented frame (0 before the first): tests wait on it.
  std::uint64_t presentedPromptEventId() const { return presented_prompt_event_.load(); }
  std::int64_t presentedFrameIndex() const { return presented_frame_index_.load(); }
  std::int64_t presentedFrames() const { return presented_frames_.load(); }
  // The index of the first frame that arrived carrying prompt event `id`, or -1 while none
  // has (or a newer event has arrived since): how many stream frames a prompt took, whatever
  // the viewport skipped while it was busy.
  std::int64_t firstFrameIndexOf(std::uint64_t prompt_event_id) const;

 private:
  LatestMailbox mailbox_;
  std::atomic<bool> wake_pending_{false};
  std::atomic<std::uint64_t> presented_prompt_event_{0};
  std::atomic<std::int64_t> presented_frame_index_{-1};
  std::atomic<std::int64_t> presented_frames_{0};
  mutable std::mutex mutex_;  // guards wake_up_, engine_, presented_ and the arrivals below
  std::uint64_t arrived_prompt_event_ = 0;
  std::int64_t arrived_event_first_frame_ = -1;
  std::function<void()> wake_up_;
  std::shared_ptr<Engine> engine_;
  FramePtr presented_;
};

}  // namespace liveframe::ui
