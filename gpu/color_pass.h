// The colour pass: `source` through a DisplayProgram into `graded`, at frame size (so its
// cost follows the model, not the window). Owns what depends on the program and the source
// image: pipeline, descriptor set, the per-slot uniform buffer and the LUT textures.
// Thread-safety: unsafe; the render thread owns it.
#pragma once

#include <cstdint>

#include "fullscreen_pass.h"
#include "liveframe/gpu/display_program.h"
#include "lut_textures.h"

namespace liveframe::gpu {

class ColorPass {
 public:
  // `program` null: the frame is copied as it is.
  static Result<ColorPass> create(const VulkanDevice& device, const PassShared& shared,
                                  DisplayProgramPtr program, const ImageResource& source,
                                  int frames_in_flight);
  void record(VkCommandBuffer command_buffer, int slot, const PassShared& shared,
              VkFramebuffer graded, std::uint32_t width, std::uint32_t height,
              double exposure_stops);
  const DisplayProgramPtr& program() const { return program_; }  // null for the copy

  void destroy(VkDevice device);
  int vulkanObjects() const { return luts_.vulkanObjects() + (uniforms_ ? 2 : 0); }

 private:
  Status build(const VulkanDevice& device, const PassShared& shared, const ImageResource& source,
               int frames_in_flight);

  DisplayProgramPtr program_;
  VkDescriptorSetLayout set_layout_ = VK_NULL_HANDLE;
  VkPipelineLayout pipeline_layout_ = VK_NULL_HANDLE;
  VkShaderModule fragment_ = VK_NULL_HANDLE;
  VkPipeline pipeline_ = VK_NULL_HANDLE;
  VkDescriptorPool pool_ = VK_NULL_HANDLE;
  VkDescriptorSet set_ = VK_NULL_HANDLE;
  BufferResource uniforms_;
  VkDeviceSize uniform_stride_ = 0;
  DeviceLuts luts_;
};

}  // namespace liveframe::gpu
