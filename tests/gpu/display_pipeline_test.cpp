// Upload and scale: exact 1:1, letterboxing, filters, resizes and no per-frame allocation.
#include <random>

#include <gtest/gtest.h>

#include "allocation_counter.h"
#include "gpu_test_support.h"

namespace liveframe::gpu {
namespace {

std::vector<std::uint8_t> noise(int width, int height, unsigned seed) {
  std::mt19937 random(seed);
  std::vector<std::uint8_t> rgb(static_cast<std::size_t>(width) * height * 3);
  for (std::uint8_t& value : rgb) value = static_cast<std::uint8_t>(random() & 0xFF);
  return rgb;
}

std::vector<std::uint8_t> solid(int width, int height, std::uint8_t r, std::uint8_t g,
                                std::uint8_t b) {
  std::vector<std::uint8_t> rgb;
  for (int i = 0; i < width * height; ++i) rgb.insert(rgb.end(), {r, g, b});
  return rgb;
}

struct Pixel {
  int r, g, b;
  bool operator==(const Pixel&) const = default;
};

Pixel at(const std::vector<std::uint8_t>& rgb, int width, int x, int y) {
  const std::size_t i = (static_cast<std::size_t>(y) * width + x) * 3;
  return {rgb[i], rgb[i + 1], rgb[i + 2]};
}

using DisplayPipelineTest = testing::GpuTest;

TEST_F(DisplayPipelineTest, OneToOneNearestReproducesTheFrameExactly) {
  std::unique_ptr<DisplayPipeline> pipeline = makePipeline();
  ASSERT_TRUE(pipeline);
  constexpr int kWidth = 37, kHeight = 23, kTargetWidth = 64, kTargetHeight = 48;
  const std::vector<std::uint8_t> frame = noise(kWidth, kHeight, 3);
  pipeline->setScale(ScaleMode::kOneToOne, ScaleFilter::kNearest);
  pipeline->setLetterboxColor(1, 0, 1);
  pipeline->setTargetSize(kTargetWidth, kTargetHeight);
  runFrame(*pipeline, 0, &frame, kWidth, kHeight);
  ASSERT_EQ(pipeline->displayWidth(), kTargetWidth);
  const PictureRect rect = pipeline->pictureRect();
  EXPECT_EQ(rect.x, 13);  // floor((64 - 37) / 2)
  EXPECT_EQ(rect.y, 12);
  const std::vector<std::uint8_t> shown =
      readRgb(pipeline->displayImage(), kTargetWidth, kTargetHeight);
  EXPECT_EQ(readRgb(pipeline->gradedImage(), kWidth, kHeight), frame);  // no program: a copy
  int mismatches = 0;
  for (int y = 0; y < kTargetHeight; ++y) {
    for (int x = 0; x < kTargetWidth; ++x) {
      const int fx = x - 13, fy = y - 12;
      const bool inside = fx >= 0 && fx < kWidth && fy >= 0 && fy < kHeight;
      const Pixel expected = inside ? at(frame, kWidth, fx, fy) : Pixel{255, 0, 255};
      if (!(at(shown, kTargetWidth, x, y) == expected)) ++mismatches;
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST_F(DisplayPipelineTest, CatmullRomAtTheFrameSizeIsExactToo) {
  std::unique_ptr<DisplayPipeline> pipeline = makePipeline();
  ASSERT_TRUE(pipeline);
  const std::vector<std::uint8_t> frame = noise(40, 30, 4);
  for (ScaleMode mode : {ScaleMode::kFit, ScaleMode::kFill, ScaleMode::kOneToOne}) {
    pipeline->setScale(mode, ScaleFilter::kCatmullRom);  // target = frame size
    runFrame(*pipeline, 0, &frame, 40, 30);
    EXPECT_EQ(readRgb(pipeline->displayImage(), 40, 30), frame);
  }
}

TEST_F(DisplayPipelineTest, FitLetterboxesWithTheFrameAspect) {
  std::unique_ptr<DisplayPipeline> pipeline = makePipeline();
  ASSERT_TRUE(pipeline);
  const std::vector<std::uint8_t> wide = solid(64, 32, 200, 100, 50);
  pipeline->setLetterboxColor(0, 0, 1);
  pipeline->setTargetSize(96, 96);
  for (ScaleFilter filter :
       {ScaleFilter::kCatmullRom, ScaleFilter::kBilinear, ScaleFilter::kNearest}) {
    pipeline->setScale(ScaleMode::kFit, filter);
    runFrame(*pipeline, 0, &wide, 64, 32);
    const PictureRect rect = pipeline->pictureRect();
    EXPECT_FLOAT_EQ(rect.width, 96);
    EXPECT_FLOAT_EQ(rect.height, 48);  // 2:1 kept
    EXPECT_FLOAT_EQ(rect.y, 24);
    const std::vector<std::uint8_t> shown = readRgb(pipeline->displayImage(), 96, 96);
    for (int y : {0, 23, 72, 95}) EXPECT_EQ(at(shown, 96, 48, y), (Pixel{0, 0, 255})) << y;
    for (int y : {24, 48, 71}) {
      for (int x : {0, 48, 95}) EXPECT_EQ(at(shown, 96, x, y), (Pixel{200, 100, 50})) << x << y;
    }
  }
  // Tall frames get bars at the sides.
  const std::vector<std::uint8_t> tall = solid(16, 32, 10, 20, 30);
  pipeline->setScale(ScaleMode::kFit, ScaleFilter::kCatmullRom);
  runFrame(*pipeline, 1, &tall, 16, 32);
  const std::vector<std::uint8_t> shown = readRgb(pipeline->displayImage(), 96, 96);
  EXPECT_EQ(at(shown, 96, 10, 48), (Pixel{0, 0, 255}));
  EXPECT_EQ(at(shown, 96, 48, 48), (Pixel{10, 20, 30}));
  EXPECT_EQ(at(shown, 96, 85, 48), (Pixel{0, 0, 255}));
}

TEST_F(DisplayPipelineTest, FillCoversTheTarget) {
  std::unique_ptr<DisplayPipeline> pipeline = makePipeline();
  ASSERT_TRUE(pipeline);
  const std::vector<std::uint8_t> frame = solid(64, 32, 1, 2, 3);
  pipeline->setLetterboxColor(1, 1, 1);
  pipeline->setTargetSize(50, 50);
  pipeline->setScale(ScaleMode::kFill, ScaleFilter::kBilinear);
  runFrame(*pipeline, 0, &frame, 64, 32);
  EXPECT_EQ(readRgb(pipeline->displayImage(), 50, 50), solid(50, 50, 1, 2, 3));
}

TEST_F(DisplayPipelineTest, ClearsToTheLetterboxBeforeTheFirstFrame) {
  std::unique_ptr<DisplayPipeline> pipeline = makePipeline();
  ASSERT_TRUE(pipeline);
  runFrame(*pipeline, 0, nullptr);  // no frame, no target: nothing to draw, and no error
  EXPECT_EQ(pipeline->displayImage(), VK_NULL_HANDLE);
  pipeline->setTargetSize(8, 4);
  pipeline->setLetterboxColor(0, 1, 0);
  runFrame(*pipeline, 1, nullptr);
  EXPECT_EQ(readRgb(pipeline->displayImage(), 8, 4), solid(8, 4, 0, 255, 0));
}

TEST_F(DisplayPipelineTest, ResizesAndViewChangesFreeOldImagesFramesLater) {
  constexpr int kFramesInFlight = 2;
  std::unique_ptr<DisplayPipeline> pipeline = makePipeline(kFramesInFlight, "Film");
  ASSERT_TRUE(pipeline);
  const std::vector<std::uint8_t> small = noise(32, 16, 5), large = noise(48, 40, 6);
  runFrame(*pipeline, 0, &small, 32, 16);
  EXPECT_EQ(pipeline->counters().pending_releases, 0);
  runFrame(*pipeline, 1, &large, 48, 40);  // new frame size: frame images, colour pass, display
  EXPECT_EQ(pipeline->displayWidth(), 48);
  EXPECT_EQ(pipeline->counters().pending_releases, 3);
  runFrame(*pipeline, 0, &large, 48, 40);
  EXPECT_EQ(pipeline->counters().pending_releases, 3);  // frame 1 may still be in flight
  runFrame(*pipeline, 1, &large, 48, 40);
  EXPECT_EQ(pipeline->counters().pending_releases, 0);
  const DisplayProgramPtr standard = testing::shippedProgram("sRGB", "Standard");
  ASSERT_TRUE(standard);
  pipeline->setProgram(standard);
  runFrame(*pipeline, 0, nullptr);  // a view change re-grades the last frame
  EXPECT_EQ(pipeline->counters().pending_releases, 1);
  EXPECT_EQ(readRgb(pipeline->gradedImage(), 48, 40), large);  // Standard on sRGB: as made
}

TEST_F(DisplayPipelineTest, BadArgumentsAreErrors) {
  std::unique_ptr<DisplayPipeline> pipeline = makePipeline();
  ASSERT_TRUE(pipeline);
  const std::vector<std::uint8_t> frame = noise(4, 4, 1);
  Status status = vulkan_->submitAndWait([&](VkCommandBuffer command_buffer) {
    EXPECT_FALSE(pipeline->recordUpload(command_buffer, 2, frame.data(), 4, 4).ok());
    EXPECT_FALSE(pipeline->recordUpload(command_buffer, 0, nullptr, 4, 4).ok());
    EXPECT_FALSE(pipeline->recordUpload(command_buffer, 0, frame.data(), 0, 4).ok());
    EXPECT_FALSE(pipeline->recordColorAndScale(command_buffer, -1).ok());
    return Status::success();
  });
  EXPECT_TRUE(status.ok()) << status.error();
  EXPECT_FALSE(DisplayPipeline::create(vulkan_->device(), 0).ok());
  EXPECT_FALSE(DisplayPipeline::create(VulkanDevice{}, 2).ok());
}

// Without validation: the layer allocates while it checks commands, we must not.
class DisplayPipelineSteadyStateTest : public testing::GpuTest {
 protected:
  bool validation() const override { return false; }
};

TEST_F(DisplayPipelineSteadyStateTest, RepeatedFramesAllocateNothing) {
  constexpr int kFramesInFlight = 3;
  std::unique_ptr<DisplayPipeline> pipeline = makePipeline(kFramesInFlight, "Film");
  ASSERT_TRUE(pipeline);
  pipeline->setTargetSize(80, 60);
  const std::vector<std::uint8_t> frame = noise(64, 48, 9);
  runFrame(*pipeline, 0, &frame, 64, 48);  // warm-up builds everything
  const std::int64_t objects = pipeline->counters().vulkan_objects;
  long during_recording = 0;
  for (int i = 1; i <= 12; ++i) {
    pipeline->setExposure(0.25 * i);  // a uniform, not a rebuild
    Status status = vulkan_->submitAndWait([&](VkCommandBuffer command_buffer) -> Status {
      testing::startCountingAllocations();
      Status uploaded =
          pipeline->recordUpload(command_buffer, i % kFramesInFlight, frame.data(), 64, 48);
      Status passes = pipeline->recordColorAndScale(command_buffer, i % kFramesInFlight);
      during_recording += testing::stopCountingAllocations();
      return uploaded.ok() ? passes : uploaded;
    });
    ASSERT_TRUE(status.ok()) << status.error();
  }
  EXPECT_EQ(during_recording, 0);
  EXPECT_EQ(pipeline->counters().vulkan_objects, objects);
  EXPECT_EQ(pipeline->counters().pending_releases, 0);
  EXPECT_EQ(pipeline->counters().frames, 13);
}

}  // namespace
}  // namespace liveframe::gpu
