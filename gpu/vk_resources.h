// Plain Vulkan objects gpu/ creates over and over: an image with its memory and view, a buffer
// with its memory (mapped when host-visible), and the layout barrier between passes. They are
// value types destroyed explicitly (or handed to DeferredRelease), because the right time to
// free them is a frame count, not a scope.
#pragma once

#include <vulkan/vulkan.h>

#include <cstdint>

#include "liveframe/gpu/vulkan_device.h"
#include "liveframe/result.h"

namespace liveframe::gpu {

struct ImageResource {
  VkImage image = VK_NULL_HANDLE;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  VkImageView view = VK_NULL_HANDLE;
  VkFormat format = VK_FORMAT_UNDEFINED;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint32_t depth = 1;
  explicit operator bool() const { return image != VK_NULL_HANDLE; }
};

struct ImageSpec {
  VkImageType type = VK_IMAGE_TYPE_2D;
  VkFormat format = VK_FORMAT_R8G8B8A8_UNORM;
  std::uint32_t width = 1;
  std::uint32_t height = 1;
  std::uint32_t depth = 1;
  VkImageUsageFlags usage = VK_IMAGE_USAGE_SAMPLED_BIT;
};

struct BufferResource {
  VkBuffer buffer = VK_NULL_HANDLE;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  void* mapped = nullptr;  // host-visible buffers stay mapped for their lifetime
  VkDeviceSize size = 0;
  explicit operator bool() const { return buffer != VK_NULL_HANDLE; }
};

// Device-local image, its memory and a view of the whole image (1D, 2D or 3D as `spec.type`).
Result<ImageResource> createImage(const VulkanDevice& device, const ImageSpec& spec);
void destroyImage(VkDevice device, ImageResource& image);

// Host-visible, host-coherent, persistently mapped.
Result<BufferResource> createMappedBuffer(const VulkanDevice& device, VkDeviceSize size,
                                          VkBufferUsageFlags usage);
void destroyBuffer(VkDevice device, BufferResource& buffer);

struct ImageBarrier {
  VkImageLayout from = VK_IMAGE_LAYOUT_UNDEFINED;
  VkImageLayout to = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL;
  VkPipelineStageFlags source_stages = VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT;
  VkAccessFlags source_access = 0;
  VkPipelineStageFlags destination_stages = VK_PIPELINE_STAGE_FRAGMENT_SHADER_BIT;
  VkAccessFlags destination_access = VK_ACCESS_SHADER_READ_BIT;
};
void recordImageBarrier(VkCommandBuffer command_buffer, VkImage image, const ImageBarrier& barrier);

// Copies a tightly packed buffer region into a whole image (TRANSFER_DST_OPTIMAL).
void recordBufferToImage(VkCommandBuffer command_buffer, VkBuffer buffer, VkDeviceSize offset,
                         const ImageResource& image);

}  // namespace liveframe::gpu
