#include <atomic>
#include <mutex>

#include "liveframe/engine.h"

namespace liveframe {

// A mutex held only to swap one pointer: neither side ever waits for work on the other.
struct LatestMailbox::State {
  mutable std::mutex mutex;
  FramePtr newest;
  bool taken = true;
  std::atomic<std::int64_t> overwritten{0};
};

std::shared_ptr<LatestMailbox::State> LatestMailbox::makeState() {
  return std::make_shared<State>();
}

void LatestMailbox::onFrame(const FramePtr& frame) {
  FramePtr previous;  // released outside the lock
  std::lock_guard lock(state_->mutex);
  if (!state_->taken) state_->overwritten.fetch_add(1, std::memory_order_relaxed);
  previous = std::move(state_->newest);
  state_->newest = frame;
  state_->taken = false;
}

FramePtr LatestMailbox::take() {
  std::lock_guard lock(state_->mutex);
  if (state_->taken) return nullptr;
  state_->taken = true;
  return state_->newest;
}

FramePtr LatestMailbox::peek() const {
  std::lock_guard lock(state_->mutex);
  return state_->newest;
}

std::int64_t LatestMailbox::overwritten() const {
  return state_->overwritten.load(std::memory_order_relaxed);
}

}  // namespace liveframe
