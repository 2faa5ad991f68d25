// Shared by the GPU tests: one headless device per process (validation on, errors collected),
// a fixture that skips without Vulkan and fails on validation errors, and helpers to run the
// pipeline once and read its images back.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "liveframe/color.h"
#include "liveframe/gpu/display_pipeline.h"
#include "liveframe/gpu/display_program.h"
#include "liveframe/gpu/headless_vulkan.h"

namespace liveframe::gpu::testing {

struct SharedDevice {
  std::unique_ptr<HeadlessVulkan> vulkan;
  std::string unavailable;  // why there is none
};

// Created on first use and kept for the process: a device costs ~0.1 s with validation.
inline SharedDevice& sharedDevice(bool validation = true) {
  static SharedDevice validated, plain;
  SharedDevice& device = validation ? validated : plain;
  if (!device.vulkan && device.unavailable.empty()) {
    HeadlessVulkan::Options options;
    options.validation = validation;
    Result<std::unique_ptr<HeadlessVulkan>> created = HeadlessVulkan::create(options);
    if (created.ok()) {
      device.vulkan = std::move(created.value());
    } else {
      device.unavailable = created.error();
    }
  }
  return device;
}

class GpuTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SharedDevice& device = sharedDevice(validation());
    if (!device.vulkan) GTEST_SKIP() << "no Vulkan device: " << device.unavailable;
    vulkan_ = device.vulkan.get();
    vulkan_->takeValidationErrors();
  }
  void TearDown() override {
    if (vulkan_ == nullptr) return;
    for (const std::string& error : vulkan_->takeValidationErrors()) {
      ADD_FAILURE() << "Vulkan validation: " << error;
    }
  }
  virtual bool validation() const { return true; }

  // A pipeline showing the shipped config's sRGB `view` (none: the plain copy).
  std::unique_ptr<DisplayPipeline> makePipeline(int frames_in_flight = 2,
                                                const char* view = nullptr);

  // One frame: upload (when `rgb` is given) and both passes, submitted and waited for.
  void runFrame(DisplayPipeline& pipeline, int slot, const std::vector<std::uint8_t>* rgb,
                int width = 0, int height = 0) {
    Status status = vulkan_->submitAndWait([&](VkCommandBuffer command_buffer) -> Status {
      if (rgb != nullptr) {
        Status uploaded = pipeline.recordUpload(command_buffer, slot, rgb->data(), width, height);
        if (!uploaded.ok()) return uploaded;
      }
      return pipeline.recordColorAndScale(command_buffer, slot);
    });
    ASSERT_TRUE(status.ok()) << status.error();
  }

  // RGB bytes of an RGBA8 image of the pipeline.
  std::vector<std::uint8_t> readRgb(VkImage image, int width, int height) {
    Result<std::vector<std::uint8_t>> rgba = vulkan_->readRgba8(image, width, height);
    EXPECT_TRUE(rgba.ok()) << rgba.error();
    std::vector<std::uint8_t> rgb;
    if (!rgba.ok()) return rgb;
    rgb.reserve(rgba.value().size() / 4 * 3);
    for (std::size_t i = 0; i < rgba.value().size(); i += 4) {
      rgb.insert(rgb.end(), rgba.value().begin() + i, rgba.value().begin() + i + 3);
    }
    return rgb;
  }

  HeadlessVulkan* vulkan_ = nullptr;
};

inline ColorConfigPtr shippedConfig() {
  Result<ColorConfigPtr> config =
      ColorConfig::load(std::filesystem::path(LIVEFRAME_RESOURCE_DIR) / "ocio" / "config.ocio");
  EXPECT_TRUE(config.ok()) << config.error();
  return config.ok() ? config.value() : nullptr;
}

inline DisplayProgramPtr shippedProgram(const char* display, const char* view) {
  const ColorConfigPtr config = shippedConfig();
  if (!config) return nullptr;
  Result<DisplayProgramPtr> program = buildDisplayProgram(*config, display, view);
  EXPECT_TRUE(program.ok()) << program.error();
  return program.ok() ? program.value() : nullptr;
}

inline std::unique_ptr<DisplayPipeline> GpuTest::makePipeline(int frames_in_flight,
                                                              const char* view) {
  Result<std::unique_ptr<DisplayPipeline>> pipeline =
      DisplayPipeline::create(vulkan_->device(), frames_in_flight);
  EXPECT_TRUE(pipeline.ok()) << pipeline.error();
  if (!pipeline.ok()) return nullptr;
  if (view != nullptr) {
    const DisplayProgramPtr program = shippedProgram("sRGB", view);
    if (!program) return nullptr;
    pipeline.value()->setProgram(program);
  }
  return std::move(pipeline.value());
}

}  // namespace liveframe::gpu::testing
