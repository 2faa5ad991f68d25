// HeadlessVulkan: an instance, device and queue of our own, for tests and tools that run the
// display pipeline without a window. Prefers a hardware GPU, else lavapipe (when no ICD is
// visible it points the loader at Mesa's lavapipe manifest). With validation on, every
// validation error is kept, so a test can fail on it.
//
// Thread-safety: unsafe; one thread at a time (it owns one command pool).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "liveframe/gpu/vulkan_device.h"
#include "liveframe/result.h"

namespace liveframe::gpu {

class HeadlessVulkan {
 public:
  struct Options {
    bool validation = false;  // VK_LAYER_KHRONOS_validation; an error if the layer is missing
  };
  // Errors: no Vulkan loader, no device with a graphics queue, or no validation layer.
  static Result<std::unique_ptr<HeadlessVulkan>> create(const Options& options);
  ~HeadlessVulkan();
  HeadlessVulkan(const HeadlessVulkan&) = delete;
  HeadlessVulkan& operator=(const HeadlessVulkan&) = delete;

  const VulkanDevice& device() const;
  std::string deviceName() const;  // "llvmpipe (LLVM 15.0.6, 256 bits)"

  // Records with `record` into a fresh primary command buffer, submits it and waits.
  Status submitAndWait(const std::function<Status(VkCommandBuffer)>& record);

  // Reads an RGBA8 image that is in SHADER_READ_ONLY_OPTIMAL (and is left so): 4 bytes a pixel,
  // rows top to bottom.
  Result<std::vector<std::uint8_t>> readRgba8(VkImage image, int width, int height);

  // Validation messages of error severity since creation (or the last take).
  std::vector<std::string> takeValidationErrors();

  struct Impl;

 private:
  explicit HeadlessVulkan(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace liveframe::gpu
