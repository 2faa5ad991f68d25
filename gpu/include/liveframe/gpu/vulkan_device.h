// VulkanDevice: the handles gpu/ records with, owned by someone else (Qt's scene graph in the
// studio, HeadlessVulkan in tests). Holds no state of its own.
// Thread-safety: a plain value; the handles follow Vulkan's rules (a VkDevice is thread-safe,
// a queue and a command buffer are used by one thread at a time).
//
// Header note: Qt's qvulkaninstance.h defines VK_NO_PROTOTYPES; gpu/ headers therefore use
// Vulkan types only and call no vk* function inline, so they work after Qt's headers too.
#pragma once

#include <vulkan/vulkan.h>

#include <cstdint>
#include <optional>

namespace liveframe::gpu {

struct VulkanDevice {
  VkInstance instance = VK_NULL_HANDLE;
  VkPhysicalDevice physical_device = VK_NULL_HANDLE;
  VkDevice device = VK_NULL_HANDLE;
  VkQueue queue = VK_NULL_HANDLE;  // only HeadlessVulkan submits; under Qt it may stay null
  std::uint32_t queue_family = 0;

  // The first memory type allowed by `type_bits` (VkMemoryRequirements::memoryTypeBits) with
  // all of `required`; nullopt if the device has none.
  std::optional<std::uint32_t> memoryType(std::uint32_t type_bits,
                                          VkMemoryPropertyFlags required) const;
};

}  // namespace liveframe::gpu
