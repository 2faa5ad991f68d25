// The scale pass: `graded` onto the display image by fit, fill or 1:1, with Catmull-Rom,
// bilinear or nearest filtering and a letterbox colour around the picture.
// Thread-safety: unsafe; the render thread owns it.
#pragma once

#include <cstdint>

#include "fullscreen_pass.h"
#include "liveframe/gpu/display_pipeline.h"

namespace liveframe::gpu {

// Where a frame of frame_width x frame_height lands in the target under `mode`. 1:1 keeps
// whole-pixel offsets, so every frame pixel covers exactly one display pixel.
PictureRect placePicture(ScaleMode mode, int frame_width, int frame_height, int target_width,
                         int target_height);

class ScalePass {
 public:
  static Result<ScalePass> create(VkDevice device, const PassShared& shared);
  // A descriptor set sampling `graded`, from a pool of its own (kept with the frame-sized
  // images and freed with them).
  Result<VkDescriptorPool> bindGraded(VkDevice device, VkSampler sampler,
                                      const ImageResource& graded, VkDescriptorSet& set) const;
  struct Settings {
    PictureRect picture;
    float frame_per_display = 1;
    ScaleFilter filter = ScaleFilter::kCatmullRom;
    float letterbox[4] = {0, 0, 0, 1};
  };
  // With `graded_set` null (no frame yet) the target is only cleared to the letterbox colour.
  void record(VkCommandBuffer command_buffer, const PassShared& shared, VkDescriptorSet graded_set,
              VkFramebuffer display, std::uint32_t width, std::uint32_t height,
              const Settings& settings) const;
  void destroy(VkDevice device);

 private:
  VkDescriptorSetLayout set_layout_ = VK_NULL_HANDLE;
  VkPipelineLayout pipeline_layout_ = VK_NULL_HANDLE;
  VkShaderModule fragment_ = VK_NULL_HANDLE;
  VkPipeline pipeline_ = VK_NULL_HANDLE;
};

}  // namespace liveframe::gpu
