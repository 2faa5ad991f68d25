#include "scale_pass.h"

#include <algorithm>
#include <cmath>

#include "scale.frag.h"
#include "vk_check.h"

namespace liveframe::gpu {
namespace {

// Matches `Scale` in shaders/scale.frag.
struct ScalePushConstants {
  float letterbox[4];
  float origin[2];
  float frame_per_display[2];
  std::int32_t filter_mode;
};

std::int32_t filterMode(ScaleFilter filter) {
  switch (filter) {
    case ScaleFilter::kCatmullRom:
      return 0;
    case ScaleFilter::kBilinear:
      return 1;
    case ScaleFilter::kNearest:
      return 2;
  }
  return 0;
}

}  // namespace

PictureRect placePicture(ScaleMode mode, int frame_width, int frame_height, int target_width,
                         int target_height) {
  const float width_ratio = static_cast<float>(target_width) / static_cast<float>(frame_width);
  const float height_ratio = static_cast<float>(target_height) / static_cast<float>(frame_height);
  float scale = 1;
  if (mode == ScaleMode::kFit) scale = std::min(width_ratio, height_ratio);
  if (mode == ScaleMode::kFill) scale = std::max(width_ratio, height_ratio);
  PictureRect rect;
  rect.width = static_cast<float>(frame_width) * scale;
  rect.height = static_cast<float>(frame_height) * scale;
  rect.x = (static_cast<float>(target_width) - rect.width) / 2;
  rect.y = (static_cast<float>(target_height) - rect.height) / 2;
  if (mode == ScaleMode::kOneToOne) {
    rect.x = std::floor(rect.x);
    rect.y = std::floor(rect.y);
  }
  return rect;
}

Result<ScalePass> ScalePass::create(VkDevice device, const PassShared& shared) {
  ScalePass pass;
  const auto build = [&]() -> Status {
    const VkDescriptorSetLayoutBinding binding{0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1,
                                               VK_SHADER_STAGE_FRAGMENT_BIT, nullptr};
    auto set_info = vkStruct<VkDescriptorSetLayoutCreateInfo>(
        VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO);
    set_info.bindingCount = 1;
    set_info.pBindings = &binding;
    LF_VK_TRY(vkCreateDescriptorSetLayout(device, &set_info, nullptr, &pass.set_layout_));
    const VkPushConstantRange push{VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(ScalePushConstants)};
    auto layout_info =
        vkStruct<VkPipelineLayoutCreateInfo>(VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO);
    layout_info.setLayoutCount = 1;
    layout_info.pSetLayouts = &pass.set_layout_;
    layout_info.pushConstantRangeCount = 1;
    layout_info.pPushConstantRanges = &push;
    LF_VK_TRY(vkCreatePipelineLayout(device, &layout_info, nullptr, &pass.pipeline_layout_));
    Result<VkShaderModule> fragment = createShaderModule(device, kScaleFrag);
    if (!fragment.ok()) return Error{fragment.error()};
    pass.fragment_ = fragment.value();
    Result<VkPipeline> pipeline = createFullscreenPipeline(
        device, shared.render_pass, shared.vertex, pass.fragment_, pass.pipeline_layout_);
    if (!pipeline.ok()) return Error{pipeline.error()};
    pass.pipeline_ = pipeline.value();
    return Status::success();
  };
  if (Status status = build(); !status.ok()) {
    pass.destroy(device);
    return Error{status.error()};
  }
  return pass;
}

Result<VkDescriptorPool> ScalePass::bindGraded(VkDevice device, VkSampler sampler,
                                               const ImageResource& graded,
                                               VkDescriptorSet& set) const {
  const VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1};
  Result<VkDescriptorPool> pool =
      createSingleSetPool(device, std::span(&size, 1), set_layout_, set);
  if (!pool.ok()) return Error{pool.error()};
  const VkDescriptorImageInfo image{sampler, graded.view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
  auto write = vkStruct<VkWriteDescriptorSet>(VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET);
  write.dstSet = set;
  write.dstBinding = 0;
  write.descriptorCount = 1;
  write.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
  write.pImageInfo = &image;
  vkUpdateDescriptorSets(device, 1, &write, 0, nullptr);
  return pool.value();
}

void ScalePass::record(VkCommandBuffer command_buffer, const PassShared& shared,
                       VkDescriptorSet graded_set, VkFramebuffer display, std::uint32_t width,
                       std::uint32_t height, const Settings& settings) const {
  beginPass(command_buffer, shared.render_pass, display, width, height, settings.letterbox);
  if (graded_set != VK_NULL_HANDLE) {
    ScalePushConstants push{};
    std::copy(std::begin(settings.letterbox), std::end(settings.letterbox), push.letterbox);
    push.origin[0] = settings.picture.x;
    push.origin[1] = settings.picture.y;
    push.frame_per_display[0] = push.frame_per_display[1] = settings.frame_per_display;
    push.filter_mode = filterMode(settings.filter);
    vkCmdBindPipeline(command_buffer, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline_);
    vkCmdBindDescriptorSets(command_buffer, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline_layout_, 0, 1,
                            &graded_set, 0, nullptr);
    vkCmdPushConstants(command_buffer, pipeline_layout_, VK_SHADER_STAGE_FRAGMENT_BIT, 0,
                       sizeof push, &push);
    vkCmdDraw(command_buffer, 3, 1, 0, 0);
  }
  vkCmdEndRenderPass(command_buffer);
}

void ScalePass::destroy(VkDevice device) {
  if (pipeline_) vkDestroyPipeline(device, pipeline_, nullptr);
  if (fragment_) vkDestroyShaderModule(device, fragment_, nullptr);
  if (pipeline_layout_) vkDestroyPipelineLayout(device, pipeline_layout_, nullptr);
  if (set_layout_) vkDestroyDescriptorSetLayout(device, set_layout_, nullptr);
  *this = {};
}

}  // namespace liveframe::gpu
