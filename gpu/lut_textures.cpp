#include "lut_textures.h"

#include <cstring>

#include "io/half.h"
#include "vk_check.h"

namespace liveframe::gpu {
namespace {

VkImageType imageType(LutTexture::Shape shape) {
  switch (shape) {
    case LutTexture::Shape::k1D:
      return VK_IMAGE_TYPE_1D;
    case LutTexture::Shape::k2D:
      return VK_IMAGE_TYPE_2D;
    case LutTexture::Shape::k3D:
      return VK_IMAGE_TYPE_3D;
  }
  return VK_IMAGE_TYPE_2D;
}

Result<VkSampler> createSampler(VkDevice device, bool linear) {
  auto info = vkStruct<VkSamplerCreateInfo>(VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO);
  info.magFilter = info.minFilter = linear ? VK_FILTER_LINEAR : VK_FILTER_NEAREST;
  info.mipmapMode = VK_SAMPLER_MIPMAP_MODE_NEAREST;
  info.addressModeU = info.addressModeV = info.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;
  info.maxLod = 0.0f;
  VkSampler sampler = VK_NULL_HANDLE;
  if (Status status = vkCheck(vkCreateSampler(device, &info, nullptr, &sampler), "vkCreateSampler");
      !status.ok()) {
    return Error{status.error()};
  }
  return sampler;
}

}  // namespace

std::vector<std::uint16_t> toHalfTexels(const float* values, std::size_t texels,
                                        int source_channels) {
  const int channels = source_channels == 1 ? 1 : 4;
  std::vector<std::uint16_t> half(texels * channels);
  for (std::size_t i = 0; i < texels; ++i) {
    for (int c = 0; c < channels; ++c) {
      const float value = c < source_channels ? values[i * source_channels + c] : 1.0f;
      half[i * channels + c] = io::floatToHalf(value);
    }
  }
  return half;
}

Result<DeviceLuts> DeviceLuts::create(const VulkanDevice& device,
                                      const std::vector<LutTexture>& luts) {
  DeviceLuts result;
  VkDeviceSize staging_size = 0;
  for (const LutTexture& lut : luts) {
    result.staging_offsets_.push_back(staging_size);
    // Copy offsets must be a multiple of the texel size (8 bytes covers both formats).
    staging_size += (lut.texels.size() * sizeof(std::uint16_t) + 7) & ~VkDeviceSize{7};
  }
  const auto fill = [&]() -> Status {
    if (staging_size > 0) {
      Result<BufferResource> staging =
          createMappedBuffer(device, staging_size, VK_BUFFER_USAGE_TRANSFER_SRC_BIT);
      if (!staging.ok()) return Error{staging.error()};
      result.staging_ = staging.value();
    }
    for (std::size_t i = 0; i < luts.size(); ++i) {
      const LutTexture& lut = luts[i];
      ImageSpec spec;
      spec.type = imageType(lut.shape);
      spec.format = lut.channels == 1 ? VK_FORMAT_R16_SFLOAT : VK_FORMAT_R16G16B16A16_SFLOAT;
      spec.width = lut.width;
      spec.height = lut.height;
      spec.depth = lut.depth;
      spec.usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
      DeviceLut device_lut;
      device_lut.binding = lut.binding;
      Result<ImageResource> image = createImage(device, spec);
      if (!image.ok()) return Error{image.error()};
      device_lut.image = image.value();
      Result<VkSampler> sampler = createSampler(device.device, lut.linear_filter);
      if (!sampler.ok()) {
        destroyImage(device.device, device_lut.image);
        return Error{sampler.error()};
      }
      device_lut.sampler = sampler.value();
      result.luts_.push_back(device_lut);
      std::memcpy(static_cast<std::byte*>(result.staging_.mapped) + result.staging_offsets_[i],
                  lut.texels.data(), lut.texels.size() * sizeof(std::uint16_t));
    }
    return Status::success();
  };
  if (Status status = fill(); !status.ok()) {
    result.destroy(device.device);
    return Error{status.error()};
  }
  return result;
}

void DeviceLuts::recordUploadOnce(VkCommandBuffer command_buffer) {
  if (uploaded_) return;
  uploaded_ = true;
  for (std::size_t i = 0; i < luts_.size(); ++i) {
    const VkImage image = luts_[i].image.image;
    recordImageBarrier(command_buffer, image,
                       {VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                        VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, 0, VK_PIPELINE_STAGE_TRANSFER_BIT,
                        VK_ACCESS_TRANSFER_WRITE_BIT});
    recordBufferToImage(command_buffer, staging_.buffer, staging_offsets_[i], luts_[i].image);
    recordImageBarrier(
        command_buffer, image,
        {VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
         VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
         VK_PIPELINE_STAGE_FRAGMENT_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT});
  }
}

void DeviceLuts::destroy(VkDevice device) {
  for (DeviceLut& lut : luts_) {
    destroyImage(device, lut.image);
    if (lut.sampler) vkDestroySampler(device, lut.sampler, nullptr);
  }
  luts_.clear();
  destroyBuffer(device, staging_);
}

int DeviceLuts::vulkanObjects() const {
  return static_cast<int>(luts_.size()) * 2 + (staging_ ? 2 : 0);
}

}  // namespace liveframe::gpu
