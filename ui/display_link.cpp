#include "display_link.h"

#include <utility>

namespace liveframe::ui {

void DisplayLink::onFrame(const FramePtr& frame) {
  {
    std::lock_guard lock(mutex_);
    if (frame->prompt_event_id != arrived_prompt_event_) {
      arrived_prompt_event_ = frame->prompt_event_id;
      arrived_event_first_frame_ = frame->frame_index;
    }
  }
  mailbox_.onFrame(frame);
  if (wake_pending_.exchange(true)) return;  // the viewport has not looked since the last one
  // Called under the lock: once setWakeUp({}) returns, the old callee is never called again,
  // so a viewport may clear it in its destructor. The callee only posts an event.
  std::lock_guard lock(mutex_);
  if (wake_up_) wake_up_();
}

std::int64_t DisplayLink::firstFrameIndexOf(std::uint64_t prompt_event_id) const {
  std::lock_guard lock(mutex_);
  return arrived_prompt_event_ == prompt_event_id ? arrived_event_first_frame_ : -1;
}

void DisplayLink::setWakeUp(std::function<void()> wake_up) {
  std::lock_guard lock(mutex_);
  wake_up_ = std::move(wake_up);
  wake_pending_.store(false);
}

void DisplayLink::setEngine(std::shared_ptr<Engine> engine) {
  std::lock_guard lock(mutex_);
  engine_ = std::move(engine);
}

FramePtr DisplayLink::take() {
  wake_pending_.store(false);
  return mailbox_.take();
}

FramePtr DisplayLink::peek() const { return mailbox_.peek(); }

FramePtr DisplayLink::presentedFrame() const {
  std::lock_guard lock(mutex_);
  return presented_;
}

void DisplayLink::presented(const FramePtr& frame, Clock::time_point when) {
  std::shared_ptr<Engine> engine;
  {
    std::lock_guard lock(mutex_);
    engine = engine_;
    presented_ = frame;
  }
  if (engine) engine->reportDisplayed(*frame, when);
  presented_prompt_event_.store(frame->prompt_event_id);
  presented_frame_index_.store(frame->frame_index);
  presented_frames_.fetch_add(1);
}

}  // namespace liveframe::ui
