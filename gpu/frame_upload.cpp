#include "frame_upload.h"

#include "fullscreen_pass.h"

namespace liveframe::gpu {

Result<FrameUpload> FrameUpload::create(const VulkanDevice& device, int frames_in_flight, int width,
                                        int height) {
  FrameUpload upload;
  ImageSpec spec;
  spec.format = kImageFormat;
  spec.width = static_cast<std::uint32_t>(width);
  spec.height = static_cast<std::uint32_t>(height);
  spec.usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
  Result<ImageResource> source = createImage(device, spec);
  if (!source.ok()) return Error{source.error()};
  upload.source_ = source.value();
  upload.slot_bytes_ = VkDeviceSize{spec.width} * spec.height * 4;
  Result<BufferResource> staging =
      createMappedBuffer(device, upload.slot_bytes_ * static_cast<VkDeviceSize>(frames_in_flight),
                         VK_BUFFER_USAGE_TRANSFER_SRC_BIT);
  if (!staging.ok()) {
    upload.destroy(device.device);
    return Error{staging.error()};
  }
  upload.staging_ = staging.value();
  return upload;
}

void FrameUpload::record(VkCommandBuffer command_buffer, int slot, const std::uint8_t* rgb) {
  const VkDeviceSize offset = slot_bytes_ * static_cast<VkDeviceSize>(slot);
  std::uint8_t* rgba = static_cast<std::uint8_t*>(staging_.mapped) + offset;
  const std::size_t pixels = static_cast<std::size_t>(slot_bytes_ / 4);
  for (std::size_t i = 0; i < pixels; ++i) {
    rgba[4 * i + 0] = rgb[3 * i + 0];
    rgba[4 * i + 1] = rgb[3 * i + 1];
    rgba[4 * i + 2] = rgb[3 * i + 2];
    rgba[4 * i + 3] = 255;
  }
  // The colour pass of an earlier frame may still be sampling `source`: wait for it (a
  // write-after-read needs no memory dependency, only the execution one).
  recordImageBarrier(
      command_buffer, source_.image,
      {uploaded_ ? VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL : VK_IMAGE_LAYOUT_UNDEFINED,
       VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_FRAGMENT_SHADER_BIT, 0,
       VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT});
  recordBufferToImage(command_buffer, staging_.buffer, offset, source_);
  recordImageBarrier(
      command_buffer, source_.image,
      {VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
       VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
       VK_PIPELINE_STAGE_FRAGMENT_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT});
  uploaded_ = true;
}

void FrameUpload::destroy(VkDevice device) {
  destroyImage(device, source_);
  destroyBuffer(device, staging_);
  uploaded_ = false;
}

}  // namespace liveframe::gpu
