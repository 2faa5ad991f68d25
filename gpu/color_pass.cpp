#include "color_pass.h"

#include <cstring>
#include <vector>

#include "copy.frag.h"
#include "vk_check.h"

namespace liveframe::gpu {
namespace {

const DisplayProgram& copyProgram() {
  static const DisplayProgram program = [] {
    DisplayProgram copy;
    copy.description = "the frame as it is";
    copy.fragment_spirv.assign(std::begin(kCopyFrag), std::end(kCopyFrag));
    return copy;
  }();
  return program;
}

VkDeviceSize alignedUp(VkDeviceSize size, VkDeviceSize alignment) {
  return (size + alignment - 1) / alignment * alignment;
}

}  // namespace

Result<ColorPass> ColorPass::create(const VulkanDevice& device, const PassShared& shared,
                                    DisplayProgramPtr program, const ImageResource& source,
                                    int frames_in_flight) {
  ColorPass pass;
  pass.program_ = std::move(program);
  if (Status status = pass.build(device, shared, source, frames_in_flight); !status.ok()) {
    pass.destroy(device.device);
    return Error{status.error()};
  }
  return pass;
}

Status ColorPass::build(const VulkanDevice& device, const PassShared& shared,
                        const ImageResource& source, int frames_in_flight) {
  const DisplayProgram& program = program_ ? *program_ : copyProgram();
  const bool has_uniforms = !program.uniform_defaults.empty();
  const VkDevice vk = device.device;

  std::vector<VkDescriptorSetLayoutBinding> bindings;
  const auto addBinding = [&](std::uint32_t binding, VkDescriptorType type) {
    bindings.push_back({binding, type, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr});
  };
  addBinding(program.source_binding, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER);
  for (const LutTexture& lut : program.luts) {
    addBinding(lut.binding, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER);
  }
  if (has_uniforms) addBinding(program.uniform_binding, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER_DYNAMIC);
  auto set_info = vkStruct<VkDescriptorSetLayoutCreateInfo>(
      VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO);
  set_info.bindingCount = static_cast<std::uint32_t>(bindings.size());
  set_info.pBindings = bindings.data();
  LF_VK_TRY(vkCreateDescriptorSetLayout(vk, &set_info, nullptr, &set_layout_));
  auto layout_info =
      vkStruct<VkPipelineLayoutCreateInfo>(VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO);
  layout_info.setLayoutCount = 1;
  layout_info.pSetLayouts = &set_layout_;
  LF_VK_TRY(vkCreatePipelineLayout(vk, &layout_info, nullptr, &pipeline_layout_));
  Result<VkShaderModule> fragment = createShaderModule(vk, program.fragment_spirv);
  if (!fragment.ok()) return Error{fragment.error()};
  fragment_ = fragment.value();
  Result<VkPipeline> pipeline =
      createFullscreenPipeline(vk, shared.render_pass, shared.vertex, fragment_, pipeline_layout_);
  if (!pipeline.ok()) return Error{pipeline.error()};
  pipeline_ = pipeline.value();

  const VkDescriptorPoolSize sizes[] = {{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER,
                                         1 + static_cast<std::uint32_t>(program.luts.size())},
                                        {VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER_DYNAMIC, 1}};
  Result<VkDescriptorPool> pool =
      createSingleSetPool(vk, std::span(sizes, has_uniforms ? 2 : 1), set_layout_, set_);
  if (!pool.ok()) return Error{pool.error()};
  pool_ = pool.value();

  Result<DeviceLuts> luts = DeviceLuts::create(device, program.luts);
  if (!luts.ok()) return Error{luts.error()};
  luts_ = std::move(luts.value());
  if (has_uniforms) {
    VkPhysicalDeviceProperties properties;
    vkGetPhysicalDeviceProperties(device.physical_device, &properties);
    uniform_stride_ = alignedUp(program.uniform_defaults.size(),
                                properties.limits.minUniformBufferOffsetAlignment);
    Result<BufferResource> uniforms =
        createMappedBuffer(device, uniform_stride_ * static_cast<VkDeviceSize>(frames_in_flight),
                           VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT);
    if (!uniforms.ok()) return Error{uniforms.error()};
    uniforms_ = uniforms.value();
  }

  // Descriptor infos live in vectors sized up front, so the pointers stay valid.
  std::vector<VkDescriptorImageInfo> images;
  images.reserve(1 + luts_.luts().size());
  std::vector<VkWriteDescriptorSet> writes;
  const auto writeImage = [&](std::uint32_t binding, VkSampler sampler, VkImageView view) {
    images.push_back({sampler, view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL});
    auto write = vkStruct<VkWriteDescriptorSet>(VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET);
    write.dstSet = set_;
    write.dstBinding = binding;
    write.descriptorCount = 1;
    write.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
    write.pImageInfo = &images.back();
    writes.push_back(write);
  };
  writeImage(program.source_binding, shared.nearest, source.view);
  for (const DeviceLut& lut : luts_.luts()) writeImage(lut.binding, lut.sampler, lut.image.view);
  const VkDescriptorBufferInfo buffer{uniforms_.buffer, 0, program.uniform_defaults.size()};
  if (has_uniforms) {
    auto write = vkStruct<VkWriteDescriptorSet>(VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET);
    write.dstSet = set_;
    write.dstBinding = program.uniform_binding;
    write.descriptorCount = 1;
    write.descriptorType = VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER_DYNAMIC;
    write.pBufferInfo = &buffer;
    writes.push_back(write);
  }
  vkUpdateDescriptorSets(vk, static_cast<std::uint32_t>(writes.size()), writes.data(), 0, nullptr);
  return Status::success();
}

void ColorPass::record(VkCommandBuffer command_buffer, int slot, const PassShared& shared,
                       VkFramebuffer graded, std::uint32_t width, std::uint32_t height,
                       double exposure_stops) {
  luts_.recordUploadOnce(command_buffer);
  std::uint32_t dynamic_offset = 0;
  if (uniforms_) {
    const DisplayProgram& program = *program_;
    dynamic_offset = static_cast<std::uint32_t>(uniform_stride_ * static_cast<VkDeviceSize>(slot));
    std::byte* block = static_cast<std::byte*>(uniforms_.mapped) + dynamic_offset;
    std::memcpy(block, program.uniform_defaults.data(), program.uniform_defaults.size());
    if (program.exposure_offset >= 0) {
      const auto exposure = static_cast<float>(exposure_stops);
      std::memcpy(block + program.exposure_offset, &exposure, sizeof exposure);
    }
  }
  const float clear[4] = {0, 0, 0, 1};
  beginPass(command_buffer, shared.render_pass, graded, width, height, clear);
  vkCmdBindPipeline(command_buffer, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline_);
  vkCmdBindDescriptorSets(command_buffer, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline_layout_, 0, 1,
                          &set_, uniforms_ ? 1 : 0, &dynamic_offset);
  vkCmdDraw(command_buffer, 3, 1, 0, 0);
  vkCmdEndRenderPass(command_buffer);
}

void ColorPass::destroy(VkDevice device) {
  luts_.destroy(device);
  destroyBuffer(device, uniforms_);
  if (pool_) vkDestroyDescriptorPool(device, pool_, nullptr);
  if (pipeline_) vkDestroyPipeline(device, pipeline_, nullptr);
  if (fragment_) vkDestroyShaderModule(device, fragment_, nullptr);
  if (pipeline_layout_) vkDestroyPipelineLayout(device, pipeline_layout_, nullptr);
  if (set_layout_) vkDestroyDescriptorSetLayout(device, set_layout_, nullptr);
  *this = {};
}

}  // namespace liveframe::gpu
