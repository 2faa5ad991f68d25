#include "deferred_release.h"

namespace liveframe::gpu {

void DeferredRelease::retire(std::int64_t current_frame, std::function<void()> free) {
  pending_.push_back({current_frame + frames_in_flight_, std::move(free)});
}

void DeferredRelease::releaseDue(std::int64_t current_frame) {
  // Retired in order, so the due ones lead the list.
  auto due_end = pending_.begin();
  while (due_end != pending_.end() && due_end->due_frame <= current_frame) {
    due_end->free();
    ++due_end;
  }
  pending_.erase(pending_.begin(), due_end);
}

void DeferredRelease::releaseAll() {
  for (Pending& pending : pending_) pending.free();
  pending_.clear();
}

}  // namespace liveframe::gpu
