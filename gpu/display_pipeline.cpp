// DisplayPipeline: owns the images and passes, rebuilds what a size or program change
// invalidates, and retires the old objects through DeferredRelease.
#include "liveframe/gpu/display_pipeline.h"

#include <string>

#include "color_pass.h"
#include "deferred_release.h"
#include "frame_upload.h"
#include "fullscreen.vert.h"
#include "fullscreen_pass.h"
#include "scale_pass.h"
#include "vk_check.h"

namespace liveframe::gpu {
namespace {

// Everything sized like the model's frames.
struct FrameResources {
  FrameUpload upload;
  ImageResource graded;
  VkFramebuffer graded_framebuffer = VK_NULL_HANDLE;
  VkDescriptorPool scale_pool = VK_NULL_HANDLE;
  VkDescriptorSet scale_set = VK_NULL_HANDLE;
  static constexpr int kVulkanObjects = FrameUpload::kVulkanObjects + 2;

  void destroy(VkDevice device) {
    upload.destroy(device);
    if (graded_framebuffer) vkDestroyFramebuffer(device, graded_framebuffer, nullptr);
    if (scale_pool) vkDestroyDescriptorPool(device, scale_pool, nullptr);
    destroyImage(device, graded);
    *this = {};
  }
};

// The display image, sized like the viewport.
struct DisplayTarget {
  ImageResource image;
  VkFramebuffer framebuffer = VK_NULL_HANDLE;
  static constexpr int kVulkanObjects = 2;

  void destroy(VkDevice device) {
    if (framebuffer) vkDestroyFramebuffer(device, framebuffer, nullptr);
    destroyImage(device, image);
    *this = {};
  }
};

Result<ImageResource> createTargetImage(const VulkanDevice& device, int width, int height) {
  ImageSpec spec;
  spec.format = kImageFormat;
  spec.width = static_cast<std::uint32_t>(width);
  spec.height = static_cast<std::uint32_t>(height);
  // Sampled by the next pass or Qt; a transfer source for tests and screenshots.
  spec.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT |
               VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
  return createImage(device, spec);
}

}  // namespace

struct DisplayPipeline::Impl {
  VulkanDevice device;
  int frames_in_flight = 2;
  DeferredRelease release{2};
  std::int64_t frame = 0;
  std::int64_t vulkan_objects = 0;
  PassShared shared;
  ScalePass scale;

  FrameResources frames;  // empty until the first upload
  int frame_width = 0;
  int frame_height = 0;
  ColorPass color;
  bool color_ready = false;
  DisplayTarget display;
  int display_width = 0;
  int display_height = 0;

  DisplayProgramPtr program;
  double exposure_stops = 0;
  ScaleMode mode = ScaleMode::kFit;
  ScaleFilter filter = ScaleFilter::kCatmullRom;
  float letterbox[4] = {0, 0, 0, 1};
  int target_width = 0;
  int target_height = 0;

  Impl(const VulkanDevice& vulkan, int in_flight)
      : device(vulkan), frames_in_flight(in_flight), release(in_flight) {}

  ~Impl() {
    if (device.device == VK_NULL_HANDLE) return;
    vkDeviceWaitIdle(device.device);  // once: nothing we own may still be in use
    release.releaseAll();
    color.destroy(device.device);
    frames.destroy(device.device);
    display.destroy(device.device);
    scale.destroy(device.device);
    if (shared.nearest) vkDestroySampler(device.device, shared.nearest, nullptr);
    if (shared.vertex) vkDestroyShaderModule(device.device, shared.vertex, nullptr);
    if (shared.render_pass) vkDestroyRenderPass(device.device, shared.render_pass, nullptr);
  }

  Status createShared() {
    Result<VkRenderPass> render_pass = createRenderPass(device.device);
    if (!render_pass.ok()) return Error{render_pass.error()};
    shared.render_pass = render_pass.value();
    Result<VkShaderModule> vertex = createShaderModule(device.device, kFullscreenVert);
    if (!vertex.ok()) return Error{vertex.error()};
    shared.vertex = vertex.value();
    Result<VkSampler> nearest = createNearestSampler(device.device);
    if (!nearest.ok()) return Error{nearest.error()};
    shared.nearest = nearest.value();
    Result<ScalePass> scale_pass = ScalePass::create(device.device, shared);
    if (!scale_pass.ok()) return Error{scale_pass.error()};
    scale = scale_pass.value();
    return Status::success();
  }

  void retireColor() {
    if (color_ready) retireLater(device.device, release, frame, color);
    color_ready = false;
  }

  Status resizeFrames(int width, int height) {
    retireColor();
    if (frame_width > 0) retireLater(device.device, release, frame, frames);
    frame_width = frame_height = 0;
    Result<FrameUpload> upload = FrameUpload::create(device, frames_in_flight, width, height);
    if (!upload.ok()) return Error{upload.error()};
    frames.upload = std::move(upload.value());
    const auto build = [&]() -> Status {
      Result<ImageResource> graded = createTargetImage(device, width, height);
      if (!graded.ok()) return Error{graded.error()};
      frames.graded = graded.value();
      Result<VkFramebuffer> framebuffer =
          createFramebuffer(device.device, shared.render_pass, frames.graded);
      if (!framebuffer.ok()) return Error{framebuffer.error()};
      frames.graded_framebuffer = framebuffer.value();
      Result<VkDescriptorPool> pool =
          scale.bindGraded(device.device, shared.nearest, frames.graded, frames.scale_set);
      if (!pool.ok()) return Error{pool.error()};
      frames.scale_pool = pool.value();
      return Status::success();
    };
    if (Status status = build(); !status.ok()) {
      frames.destroy(device.device);
      return status;
    }
    vulkan_objects += FrameResources::kVulkanObjects;
    frame_width = width;
    frame_height = height;
    return Status::success();
  }

  // The display image at the target size (the frame's until one is set); none before either.
  Status ensureDisplay() {
    const int width = target_width > 0 ? target_width : frame_width;
    const int height = target_height > 0 ? target_height : frame_height;
    if (width == display_width && height == display_height) return Status::success();
    if (display.image) retireLater(device.device, release, frame, display);
    display_width = display_height = 0;
    if (width <= 0 || height <= 0) return Status::success();
    Result<ImageResource> image = createTargetImage(device, width, height);
    if (!image.ok()) return Error{image.error()};
    display.image = image.value();
    Result<VkFramebuffer> framebuffer =
        createFramebuffer(device.device, shared.render_pass, display.image);
    if (!framebuffer.ok()) {
      display.destroy(device.device);
      return Error{framebuffer.error()};
    }
    display.framebuffer = framebuffer.value();
    vulkan_objects += DisplayTarget::kVulkanObjects;
    display_width = width;
    display_height = height;
    return Status::success();
  }

  // Builds the colour pass for `wanted`; if that fails, for the plain copy, so the frame
  // still shows, and returns the failure.
  Status ensureColor() {
    if (color_ready && color.program() == program) return Status::success();
    retireColor();
    Status status = Status::success();
    for (const DisplayProgramPtr& wanted : {program, DisplayProgramPtr()}) {
      Result<ColorPass> pass =
          ColorPass::create(device, shared, wanted, frames.upload.source(), frames_in_flight);
      if (pass.ok()) {
        color = std::move(pass.value());
        color_ready = true;
        vulkan_objects += color.vulkanObjects();
        return status;
      }
      status = Error{"colour pass for " + (wanted ? wanted->description : "the copy") + ": " +
                     pass.error()};
    }
    return status;
  }

  ScalePass::Settings scaleSettings() const {
    ScalePass::Settings settings;
    settings.picture = placePicture(mode, frame_width, frame_height, display_width, display_height);
    settings.frame_per_display = static_cast<float>(frame_width) / settings.picture.width;
    settings.filter = filter;
    for (int c = 0; c < 4; ++c) settings.letterbox[c] = letterbox[c];
    return settings;
  }
};

Result<std::unique_ptr<DisplayPipeline>> DisplayPipeline::create(const VulkanDevice& device,
                                                                 int frames_in_flight) {
  if (device.device == VK_NULL_HANDLE || device.physical_device == VK_NULL_HANDLE) {
    return Error{"display pipeline: no Vulkan device"};
  }
  if (frames_in_flight < 1 || frames_in_flight > 8) {
    return Error{"display pipeline: frames in flight must be 1..8, not " +
                 std::to_string(frames_in_flight)};
  }
  auto impl = std::make_unique<Impl>(device, frames_in_flight);
  if (Status status = impl->createShared(); !status.ok()) return Error{status.error()};
  return std::unique_ptr<DisplayPipeline>(new DisplayPipeline(std::move(impl)));
}

DisplayPipeline::DisplayPipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DisplayPipeline::~DisplayPipeline() = default;

void DisplayPipeline::setProgram(DisplayProgramPtr program) { impl_->program = std::move(program); }
void DisplayPipeline::setExposure(double stops) { impl_->exposure_stops = stops; }
void DisplayPipeline::setScale(ScaleMode mode, ScaleFilter filter) {
  impl_->mode = mode;
  impl_->filter = filter;
}
void DisplayPipeline::setLetterboxColor(float red, float green, float blue) {
  impl_->letterbox[0] = red;
  impl_->letterbox[1] = green;
  impl_->letterbox[2] = blue;
}
void DisplayPipeline::setTargetSize(int width, int height) {
  impl_->target_width = width > 0 && height > 0 ? width : 0;
  impl_->target_height = width > 0 && height > 0 ? height : 0;
}

Status DisplayPipeline::recordUpload(VkCommandBuffer command_buffer, int slot,
                                     const std::uint8_t* rgb, int width, int height) {
  if (slot < 0 || slot >= impl_->frames_in_flight) {
    return Error{"display pipeline: slot " + std::to_string(slot) + " out of range"};
  }
  if (rgb == nullptr || width <= 0 || height <= 0) {
    return Error{"display pipeline: empty frame (" + std::to_string(width) + "x" +
                 std::to_string(height) + ")"};
  }
  impl_->release.releaseDue(impl_->frame);
  if (width != impl_->frame_width || height != impl_->frame_height) {
    LF_TRY(impl_->resizeFrames(width, height));
  }
  impl_->frames.upload.record(command_buffer, slot, rgb);
  return Status::success();
}

Status DisplayPipeline::recordColorAndScale(VkCommandBuffer command_buffer, int slot) {
  if (slot < 0 || slot >= impl_->frames_in_flight) {
    return Error{"display pipeline: slot " + std::to_string(slot) + " out of range"};
  }
  Impl& impl = *impl_;
  impl.release.releaseDue(impl.frame);
  LF_TRY(impl.ensureDisplay());
  Status color_status = Status::success();
  const bool has_frame = impl.frames.upload.hasFrame();
  if (has_frame) {
    color_status = impl.ensureColor();
    if (impl.color_ready) {
      impl.color.record(command_buffer, slot, impl.shared, impl.frames.graded_framebuffer,
                        static_cast<std::uint32_t>(impl.frame_width),
                        static_cast<std::uint32_t>(impl.frame_height), impl.exposure_stops);
    }
  }
  if (impl.display.image) {
    impl.scale.record(command_buffer, impl.shared,
                      has_frame && impl.color_ready ? impl.frames.scale_set : VK_NULL_HANDLE,
                      impl.display.framebuffer, static_cast<std::uint32_t>(impl.display_width),
                      static_cast<std::uint32_t>(impl.display_height), impl.scaleSettings());
  }
  ++impl.frame;
  return color_status;
}

VkImage DisplayPipeline::displayImage() const { return impl_->display.image.image; }
VkImageView DisplayPipeline::displayImageView() const { return impl_->display.image.view; }
int DisplayPipeline::displayWidth() const { return impl_->display_width; }
int DisplayPipeline::displayHeight() const { return impl_->display_height; }
PictureRect DisplayPipeline::pictureRect() const {
  if (impl_->frame_width == 0 || impl_->display_width == 0) return {};
  return placePicture(impl_->mode, impl_->frame_width, impl_->frame_height, impl_->display_width,
                      impl_->display_height);
}
VkImage DisplayPipeline::gradedImage() const { return impl_->frames.graded.image; }
int DisplayPipeline::frameWidth() const { return impl_->frame_width; }
int DisplayPipeline::frameHeight() const { return impl_->frame_height; }
const DisplayProgram* DisplayPipeline::program() const { return impl_->program.get(); }

DisplayPipelineCounters DisplayPipeline::counters() const {
  return {impl_->frame, impl_->vulkan_objects, impl_->release.pending()};
}

}  // namespace liveframe::gpu
