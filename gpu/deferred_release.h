// DeferredRelease: frees what the GPU may still be reading once enough frames have passed.
// An object retired while frame F records may be used by F; F has finished once frame
// F + frames_in_flight begins (its owner waited on that slot's fence), so that is when it goes.
// Thread-safety: unsafe; the render thread owns it.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include <vulkan/vulkan.h>

namespace liveframe::gpu {

class DeferredRelease {
 public:
  explicit DeferredRelease(int frames_in_flight) : frames_in_flight_(frames_in_flight) {}
  ~DeferredRelease() { releaseAll(); }
  DeferredRelease(const DeferredRelease&) = delete;
  DeferredRelease& operator=(const DeferredRelease&) = delete;

  void retire(std::int64_t current_frame, std::function<void()> free);
  void releaseDue(std::int64_t current_frame);  // call as each frame begins to record
  void releaseAll();                            // only once the device is idle
  std::int64_t pending() const { return static_cast<std::int64_t>(pending_.size()); }

 private:
  struct Pending {
    std::int64_t due_frame;
    std::function<void()> free;
  };
  int frames_in_flight_;
  std::vector<Pending> pending_;
};

// Hands a value type with destroy(VkDevice) to `release` and leaves `resources` empty.
template <typename Resources>
void retireLater(VkDevice device, DeferredRelease& release, std::int64_t frame,
                 Resources& resources) {
  release.retire(frame, [device, old = resources]() mutable { old.destroy(device); });
  resources = {};
}

}  // namespace liveframe::gpu
