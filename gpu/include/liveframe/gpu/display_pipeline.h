// DisplayPipeline: from a generated RGB8 frame to the image the viewport shows, recorded into
// a command buffer someone else submits (Qt's, in the studio; HeadlessVulkan's in tests).
//
//   recordUpload:         RGB8 -> RGBA8 into a staging slot -> `source` (model size)
//   recordColorAndScale:  source -> OCIO colour pass -> `graded` (model size)
//                         graded -> scale pass (fit/fill/1:1, filter, letterbox) -> `display`
//
// Every image it owns ends each recorded batch in SHADER_READ_ONLY_OPTIMAL. Kept between
// frames (no per-frame allocation): the images, one persistently mapped staging buffer of
// frames_in_flight slots and one uniform buffer of frames_in_flight slots. Images, pipelines
// and buffers replaced by a resize or a program change are freed frames_in_flight frames
// later (a frame ends with recordColorAndScale); the destructor waits for the device once.
//
// Slot contract: `slot` is in [0, frames_in_flight) and the caller has waited for the last
// submission that used it (Qt: QQuickWindow::graphicsStateInfo().currentFrameSlot).
//
// Thread-safety: unsafe; one thread (Qt's render thread) owns it. Build programs elsewhere.
#pragma once

#include <cstdint>
#include <memory>

#include "liveframe/gpu/display_program.h"
#include "liveframe/gpu/vulkan_device.h"
#include "liveframe/result.h"

namespace liveframe::gpu {

enum class ScaleMode {
  kFit,       // whole picture, letterboxed
  kFill,      // covers the target, cropped
  kOneToOne,  // one frame pixel per display pixel, centred
};

enum class ScaleFilter {
  kCatmullRom,  // sharp, and exact at texel centres
  kBilinear,
  kNearest,
};

// Where the picture lies in the display image, in display pixels (may exceed it when filling).
struct PictureRect {
  float x = 0;
  float y = 0;
  float width = 0;
  float height = 0;
};

struct DisplayPipelineCounters {
  std::int64_t frames = 0;            // recordColorAndScale calls
  std::int64_t vulkan_objects = 0;    // images, buffers and memory blocks created so far
  std::int64_t pending_releases = 0;  // replaced objects not yet freed
};

class DisplayPipeline {
 public:
  static Result<std::unique_ptr<DisplayPipeline>> create(const VulkanDevice& device,
                                                         int frames_in_flight);
  ~DisplayPipeline();
  DisplayPipeline(const DisplayPipeline&) = delete;
  DisplayPipeline& operator=(const DisplayPipeline&) = delete;

  // Settings take effect in the next recordColorAndScale. Without a program the colour pass
  // copies the frame as it is.
  void setProgram(DisplayProgramPtr program);
  void setExposure(double stops);  // dynamic programs only; a baked one shows its own
  void setScale(ScaleMode mode, ScaleFilter filter);
  void setLetterboxColor(float red, float green, float blue);  // 0..1, as stored
  void setTargetSize(int width, int height);  // the display image; 0x0: the frame's size

  // Copies a packed RGB8 frame (rows top to bottom) into `source`; a new size re-creates the
  // frame-sized resources.
  Status recordUpload(VkCommandBuffer command_buffer, int slot, const std::uint8_t* rgb, int width,
                      int height);
  // The colour and scale passes. Before the first upload it clears `display` to the letterbox
  // colour, so a new image is never sampled undefined.
  Status recordColorAndScale(VkCommandBuffer command_buffer, int slot);

  VkImage displayImage() const;
  VkImageView displayImageView() const;
  int displayWidth() const;
  int displayHeight() const;
  PictureRect pictureRect() const;
  VkImage gradedImage() const;  // the colour pass's output at frame size (tests read it)
  int frameWidth() const;
  int frameHeight() const;
  const DisplayProgram* program() const;  // null until setProgram
  DisplayPipelineCounters counters() const;

 private:
  struct Impl;
  explicit DisplayPipeline(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace liveframe::gpu
