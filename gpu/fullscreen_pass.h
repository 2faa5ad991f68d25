// What both passes share: one render pass shape (an RGBA8 target cleared, then left
// SHADER_READ_ONLY_OPTIMAL for whoever samples it next), the full-screen-triangle pipeline
// around a fragment shader, framebuffers, and beginning a pass with its viewport.
#pragma once

#include <cstdint>
#include <span>

#include "vk_resources.h"

namespace liveframe::gpu {

inline constexpr VkFormat kImageFormat = VK_FORMAT_R8G8B8A8_UNORM;

// Made once per pipeline and shared by both passes.
struct PassShared {
  VkRenderPass render_pass = VK_NULL_HANDLE;
  VkShaderModule vertex = VK_NULL_HANDLE;  // the full-screen triangle
  VkSampler nearest = VK_NULL_HANDLE;
};

Result<VkRenderPass> createRenderPass(VkDevice device);
Result<VkShaderModule> createShaderModule(VkDevice device, std::span<const std::uint32_t> spirv);
// Viewport and scissor are dynamic, so one pipeline serves every target size.
Result<VkPipeline> createFullscreenPipeline(VkDevice device, VkRenderPass render_pass,
                                            VkShaderModule vertex, VkShaderModule fragment,
                                            VkPipelineLayout layout);
Result<VkFramebuffer> createFramebuffer(VkDevice device, VkRenderPass render_pass,
                                        const ImageResource& target);
// A descriptor pool holding exactly one set of `layout`, and that set (written by the caller).
Result<VkDescriptorPool> createSingleSetPool(VkDevice device,
                                             std::span<const VkDescriptorPoolSize> sizes,
                                             VkDescriptorSetLayout layout, VkDescriptorSet& set);
// Nearest, clamp to edge: the passes fetch texels themselves.
Result<VkSampler> createNearestSampler(VkDevice device);

void beginPass(VkCommandBuffer command_buffer, VkRenderPass render_pass, VkFramebuffer framebuffer,
               std::uint32_t width, std::uint32_t height, const float clear_rgba[4]);

}  // namespace liveframe::gpu
