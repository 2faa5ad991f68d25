// LUT textures on the device: half-float texels from OCIO or the bake, as sampled images with
// their samplers, uploaded once by commands recorded into the first frame that uses them.
// Thread-safety: unsafe; the render thread owns them.
#pragma once

#include <cstdint>
#include <vector>

#include "liveframe/gpu/display_program.h"
#include "vk_resources.h"

namespace liveframe::gpu {

// IEEE half texels from `texels` float values of `source_channels` (1 or 3) each; three
// channels widen to four with alpha 1 (three-channel formats are rarely sampleable).
std::vector<std::uint16_t> toHalfTexels(const float* values, std::size_t texels,
                                        int source_channels);

struct DeviceLut {
  ImageResource image;
  VkSampler sampler = VK_NULL_HANDLE;
  std::uint32_t binding = 0;
};

class DeviceLuts {
 public:
  // Creates the images and one staging buffer holding every texel; nothing is recorded yet.
  static Result<DeviceLuts> create(const VulkanDevice& device, const std::vector<LutTexture>& luts);
  // Copies the texels in and leaves every image SHADER_READ_ONLY_OPTIMAL; the first call only.
  void recordUploadOnce(VkCommandBuffer command_buffer);
  void destroy(VkDevice device);  // device idle, or through retireLater

  const std::vector<DeviceLut>& luts() const { return luts_; }
  int vulkanObjects() const;  // images, memory and buffers this created

 private:
  std::vector<DeviceLut> luts_;
  std::vector<VkDeviceSize> staging_offsets_;
  BufferResource staging_;
  bool uploaded_ = false;
};

}  // namespace liveframe::gpu
