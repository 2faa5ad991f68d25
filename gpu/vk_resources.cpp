// Images, buffers and barriers (vk_resources.h), and the small VulkanDevice/VkResult helpers.
#include "vk_resources.h"

#include "vk_check.h"

namespace liveframe::gpu {

std::optional<std::uint32_t> VulkanDevice::memoryType(std::uint32_t type_bits,
                                                      VkMemoryPropertyFlags required) const {
  VkPhysicalDeviceMemoryProperties properties;
  vkGetPhysicalDeviceMemoryProperties(physical_device, &properties);
  for (std::uint32_t i = 0; i < properties.memoryTypeCount; ++i) {
    if ((type_bits & (1u << i)) != 0 &&
        (properties.memoryTypes[i].propertyFlags & required) == required) {
      return i;
    }
  }
  return std::nullopt;
}

const char* vkResultName(VkResult result) {
  switch (result) {
    case VK_SUCCESS:
      return "VK_SUCCESS";
    case VK_NOT_READY:
      return "VK_NOT_READY";
    case VK_TIMEOUT:
      return "VK_TIMEOUT";
    case VK_ERROR_OUT_OF_HOST_MEMORY:
      return "out of host memory";
    case VK_ERROR_OUT_OF_DEVICE_MEMORY:
      return "out of device memory";
    case VK_ERROR_INITIALIZATION_FAILED:
      return "initialization failed";
    case VK_ERROR_DEVICE_LOST:
      return "device lost";
    case VK_ERROR_MEMORY_MAP_FAILED:
      return "memory map failed";
    case VK_ERROR_LAYER_NOT_PRESENT:
      return "layer not present";
    case VK_ERROR_EXTENSION_NOT_PRESENT:
      return "extension not present";
    case VK_ERROR_FEATURE_NOT_PRESENT:
      return "feature not present";
    case VK_ERROR_INCOMPATIBLE_DRIVER:
      return "incompatible driver (no Vulkan ICD?)";
    case VK_ERROR_FORMAT_NOT_SUPPORTED:
      return "format not supported";
    case VK_ERROR_INVALID_SHADER_NV:
      return "invalid shader";
    default:
      return nullptr;
  }
}

namespace {

Result<VkDeviceMemory> allocate(const VulkanDevice& device, const VkMemoryRequirements& needs,
                                VkMemoryPropertyFlags properties) {
  const std::optional<std::uint32_t> type = device.memoryType(needs.memoryTypeBits, properties);
  if (!type) return Error{"Vulkan: no memory type with the properties gpu/ needs"};
  auto info = vkStruct<VkMemoryAllocateInfo>(VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO);
  info.allocationSize = needs.size;
  info.memoryTypeIndex = *type;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  if (Status status =
          vkCheck(vkAllocateMemory(device.device, &info, nullptr, &memory), "vkAllocateMemory");
      !status.ok()) {
    return Error{status.error()};
  }
  return memory;
}

VkImageViewType viewType(VkImageType type) {
  switch (type) {
    case VK_IMAGE_TYPE_1D:
      return VK_IMAGE_VIEW_TYPE_1D;
    case VK_IMAGE_TYPE_3D:
      return VK_IMAGE_VIEW_TYPE_3D;
    default:
      return VK_IMAGE_VIEW_TYPE_2D;
  }
}

Status fillImage(const VulkanDevice& device, const ImageSpec& spec, ImageResource& image) {
  auto info = vkStruct<VkImageCreateInfo>(VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO);
  info.imageType = spec.type;
  info.format = spec.format;
  info.extent = {spec.width, spec.height, spec.depth};
  info.mipLevels = 1;
  info.arrayLayers = 1;
  info.samples = VK_SAMPLE_COUNT_1_BIT;
  info.tiling = VK_IMAGE_TILING_OPTIMAL;
  info.usage = spec.usage;
  info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  info.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
  LF_VK_TRY(vkCreateImage(device.device, &info, nullptr, &image.image));
  VkMemoryRequirements needs;
  vkGetImageMemoryRequirements(device.device, image.image, &needs);
  Result<VkDeviceMemory> memory = allocate(device, needs, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
  if (!memory.ok()) return Error{memory.error()};
  image.memory = memory.value();
  LF_VK_TRY(vkBindImageMemory(device.device, image.image, image.memory, 0));
  auto view = vkStruct<VkImageViewCreateInfo>(VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO);
  view.image = image.image;
  view.viewType = viewType(spec.type);
  view.format = spec.format;
  view.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
  LF_VK_TRY(vkCreateImageView(device.device, &view, nullptr, &image.view));
  return Status::success();
}

}  // namespace

Result<ImageResource> createImage(const VulkanDevice& device, const ImageSpec& spec) {
  ImageResource image;
  image.format = spec.format;
  image.width = spec.width;
  image.height = spec.height;
  image.depth = spec.depth;
  if (Status status = fillImage(device, spec, image); !status.ok()) {
    destroyImage(device.device, image);
    return Error{status.error()};
  }
  return image;
}

void destroyImage(VkDevice device, ImageResource& image) {
  if (image.view) vkDestroyImageView(device, image.view, nullptr);
  if (image.image) vkDestroyImage(device, image.image, nullptr);
  if (image.memory) vkFreeMemory(device, image.memory, nullptr);
  image = {};
}

Result<BufferResource> createMappedBuffer(const VulkanDevice& device, VkDeviceSize size,
                                          VkBufferUsageFlags usage) {
  BufferResource buffer;
  buffer.size = size;
  const auto fill = [&]() -> Status {
    auto info = vkStruct<VkBufferCreateInfo>(VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO);
    info.size = size;
    info.usage = usage;
    info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    LF_VK_TRY(vkCreateBuffer(device.device, &info, nullptr, &buffer.buffer));
    VkMemoryRequirements needs;
    vkGetBufferMemoryRequirements(device.device, buffer.buffer, &needs);
    Result<VkDeviceMemory> memory = allocate(
        device, needs, VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
    if (!memory.ok()) return Error{memory.error()};
    buffer.memory = memory.value();
    LF_VK_TRY(vkBindBufferMemory(device.device, buffer.buffer, buffer.memory, 0));
    LF_VK_TRY(vkMapMemory(device.device, buffer.memory, 0, VK_WHOLE_SIZE, 0, &buffer.mapped));
    return Status::success();
  };
  if (Status status = fill(); !status.ok()) {
    destroyBuffer(device.device, buffer);
    return Error{status.error()};
  }
  return buffer;
}

void destroyBuffer(VkDevice device, BufferResource& buffer) {
  if (buffer.mapped) vkUnmapMemory(device, buffer.memory);
  if (buffer.buffer) vkDestroyBuffer(device, buffer.buffer, nullptr);
  if (buffer.memory) vkFreeMemory(device, buffer.memory, nullptr);
  buffer = {};
}

void recordImageBarrier(VkCommandBuffer command_buffer, VkImage image,
                        const ImageBarrier& barrier) {
  auto info = vkStruct<VkImageMemoryBarrier>(VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER);
  info.srcAccessMask = barrier.source_access;
  info.dstAccessMask = barrier.destination_access;
  info.oldLayout = barrier.from;
  info.newLayout = barrier.to;
  info.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
  info.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
  info.image = image;
  info.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
  vkCmdPipelineBarrier(command_buffer, barrier.source_stages, barrier.destination_stages, 0, 0,
                       nullptr, 0, nullptr, 1, &info);
}

void recordBufferToImage(VkCommandBuffer command_buffer, VkBuffer buffer, VkDeviceSize offset,
                         const ImageResource& image) {
  VkBufferImageCopy copy{};
  copy.bufferOffset = offset;
  copy.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
  copy.imageExtent = {image.width, image.height, image.depth};
  vkCmdCopyBufferToImage(command_buffer, buffer, image.image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                         1, &copy);
}

}  // namespace liveframe::gpu
