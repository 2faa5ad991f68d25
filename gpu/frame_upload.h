// The frame-sized half of the pipeline's input: `source` (RGBA8, sampled by the colour pass)
// and one persistently mapped staging buffer with a slot per frame in flight.
// recordUpload (studio.md §2.3): expand RGB to RGBA into the slot (R8G8B8 is rarely
// sampleable), barrier to TRANSFER_DST, copy, barrier back to SHADER_READ_ONLY.
// Thread-safety: unsafe; the render thread owns it.
#pragma once

#include <cstdint>

#include "vk_resources.h"

namespace liveframe::gpu {

class FrameUpload {
 public:
  static Result<FrameUpload> create(const VulkanDevice& device, int frames_in_flight, int width,
                                    int height);
  void record(VkCommandBuffer command_buffer, int slot, const std::uint8_t* rgb);
  const ImageResource& source() const { return source_; }
  bool hasFrame() const { return uploaded_; }  // source holds a frame (and a defined layout)

  void destroy(VkDevice device);
  static constexpr int kVulkanObjects = 4;  // image, its memory, buffer, its memory

 private:
  ImageResource source_;
  BufferResource staging_;
  VkDeviceSize slot_bytes_ = 0;
  bool uploaded_ = false;
};

}  // namespace liveframe::gpu
