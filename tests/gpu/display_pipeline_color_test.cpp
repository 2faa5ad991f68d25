// The headless colour test (studio.md §5): the GPU colour pass against core/color's CPU
// processor, for every display/view of the shipped config, with and without exposure, and
// for the baked fallback.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <random>

#include <unistd.h>

#include <gtest/gtest.h>

#include "gpu_test_support.h"
#include "liveframe/gpu/display_program.h"

namespace liveframe::gpu {
namespace {

constexpr int kWidth = 256;

// A 33^3 lattice of the RGB cube, grey and primary ramps over every code, then noise: every
// region of the cube the LUTs and curves cover, on both sides of each lattice step.
std::vector<std::uint8_t> testImage(int& height) {
  std::vector<std::uint8_t> rgb;
  constexpr int kLevels = 33;
  for (int r = 0; r < kLevels; ++r) {
    for (int g = 0; g < kLevels; ++g) {
      for (int b = 0; b < kLevels; ++b) {
        for (int level : {r, g, b}) {
          rgb.push_back(static_cast<std::uint8_t>(std::lround(level * 255.0 / (kLevels - 1))));
        }
      }
    }
  }
  for (int channel = -1; channel < 3; ++channel) {  // grey, then red, green, blue ramps
    for (int code = 0; code < 256; ++code) {
      for (int c = 0; c < 3; ++c) {
        rgb.push_back(channel < 0 || channel == c ? static_cast<std::uint8_t>(code) : 0);
      }
    }
  }
  height = static_cast<int>((rgb.size() / 3 + kWidth - 1) / kWidth);
  std::mt19937 random(7);
  while (rgb.size() < static_cast<std::size_t>(kWidth) * height * 3) {
    rgb.push_back(static_cast<std::uint8_t>(random() & 0xFF));
  }
  return rgb;
}

struct Difference {
  double max_codes = 0;  // against the CPU's float result, in 8-bit codes
  int max_rounded = 0;   // against the CPU's own 8-bit result
  std::size_t off_by_one = 0;
};

Difference compare(const std::vector<std::uint8_t>& gpu, const std::vector<float>& cpu,
                   const std::vector<std::uint8_t>& cpu_codes) {
  Difference difference;
  for (std::size_t i = 0; i < gpu.size(); ++i) {
    const double reference = std::clamp(static_cast<double>(cpu[i]), 0.0, 1.0) * 255.0;
    difference.max_codes = std::max(difference.max_codes, std::abs(gpu[i] - reference));
    const int rounded = std::abs(static_cast<int>(gpu[i]) - static_cast<int>(cpu_codes[i]));
    difference.max_rounded = std::max(difference.max_rounded, rounded);
    if (rounded == 1) ++difference.off_by_one;
  }
  return difference;
}

class DisplayPipelineColorTest : public testing::GpuTest {
 protected:
  // Runs `program` on the test image and compares the graded image with `cpu`.
  Difference gradeAndCompare(const DisplayProgramPtr& program, double exposure_stops,
                             const ColorProcessor& cpu) {
    int height = 0;
    const std::vector<std::uint8_t> image = testImage(height);
    std::unique_ptr<DisplayPipeline> pipeline = makePipeline();
    if (!pipeline) return {};
    pipeline->setProgram(program);
    pipeline->setExposure(exposure_stops);
    runFrame(*pipeline, 0, &image, kWidth, height);
    const std::vector<std::uint8_t> gpu = readRgb(pipeline->gradedImage(), kWidth, height);
    std::vector<float> reference(image.size());
    std::vector<std::uint8_t> reference_codes(image.size());
    EXPECT_TRUE(cpu.apply(image, reference).ok());
    EXPECT_TRUE(cpu.apply(image, reference_codes).ok());
    EXPECT_EQ(gpu.size(), image.size());
    if (gpu.size() != image.size()) return {};
    return compare(gpu, reference, reference_codes);
  }

  ColorConfigPtr config_ = testing::shippedConfig();
};

TEST_F(DisplayPipelineColorTest, EveryShippedViewMatchesTheCpuWithinOneCode) {
  ASSERT_TRUE(config_);
  for (const std::string& display : config_->displays()) {
    for (const std::string& view : config_->views(display)) {
      Result<DisplayProgramPtr> program = buildDisplayProgram(*config_, display, view);
      ASSERT_TRUE(program.ok()) << program.error();
      EXPECT_FALSE(program.value()->baked) << program.value()->fallback_reason;
      for (double exposure : {0.0, 1.5, -1.0}) {
        DisplayViewRequest request;
        request.display = display;
        request.view = view;
        request.exposure_stops = exposure;
        Result<ColorProcessorPtr> cpu = config_->displayProcessor(request);
        ASSERT_TRUE(cpu.ok()) << cpu.error();
        const Difference difference = gradeAndCompare(program.value(), exposure, *cpu.value());
        EXPECT_LE(difference.max_rounded, 1) << display << " / " << view << " @ " << exposure;
        EXPECT_LE(difference.max_codes, 1.0) << display << " / " << view << " @ " << exposure;
        std::printf(
            "[ colour   ] %-26s %-8s exposure %+4.1f: max |GPU-CPU| %.3f/255, %zu "
            "channels one code off\n",
            display.c_str(), view.c_str(), exposure, difference.max_codes, difference.off_by_one);
      }
    }
  }
}

TEST_F(DisplayPipelineColorTest, FilmUsesOneAndThreeDimensionalLuts) {
  ASSERT_TRUE(config_);
  Result<DisplayProgramPtr> program = buildDisplayProgram(*config_, "sRGB", "Film");
  ASSERT_TRUE(program.ok()) << program.error();
  const std::vector<LutTexture>& luts = program.value()->luts;
  ASSERT_EQ(luts.size(), 2u);
  EXPECT_EQ(luts[0].shape, LutTexture::Shape::k2D);  // 4096 entries: OCIO folds them into rows
  EXPECT_EQ(luts[1].shape, LutTexture::Shape::k3D);
  EXPECT_EQ(luts[1].width, 17u);
  EXPECT_FALSE(luts[1].linear_filter) << "tetrahedral: OCIO fetches the lattice itself";
  EXPECT_GE(program.value()->exposure_offset, 0);
}

TEST_F(DisplayPipelineColorTest, BakedFallbackMatchesTheCpu) {
  ASSERT_TRUE(config_);
  for (const char* view : {"Standard", "Film"}) {
    for (double exposure : {0.0, 1.0}) {
      DisplayProgramOptions options;
      options.force_bake = true;
      options.bake_exposure_stops = exposure;
      Result<DisplayProgramPtr> program =
          buildDisplayProgram(*config_, "Rec.1886 / Rec.709 Video", view, options);
      ASSERT_TRUE(program.ok()) << program.error();
      ASSERT_TRUE(program.value()->baked);
      EXPECT_EQ(program.value()->exposure_offset, -1);
      DisplayViewRequest request;
      request.display = "Rec.1886 / Rec.709 Video";
      request.view = view;
      request.exposure_stops = exposure;
      Result<ColorProcessorPtr> cpu = config_->displayProcessor(request);
      ASSERT_TRUE(cpu.ok()) << cpu.error();
      // The exposure given to the pipeline is ignored: the bake already holds it.
      const Difference difference = gradeAndCompare(program.value(), 3.0, *cpu.value());
      EXPECT_LE(difference.max_rounded, 1) << view << " @ " << exposure;
      std::printf(
          "[ baked    ] Rec.1886 / Rec.709 Video %-8s exposure %+4.1f: max |GPU-CPU| "
          "%.3f/255\n",
          view, exposure, difference.max_codes);
    }
  }
}

// A config of our own whose LUTs are short (a sampler1D rather than OCIO's folded 2D rows)
// and three-channel: the texture shapes the shipped config does not use.
TEST_F(DisplayPipelineColorTest, ShortAndThreeChannelLutsMatchTheCpu) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("liveframe_gpu_luts_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream curve(dir / "curve.spi1d");
    curve << "Version 1\nFrom 0.0 1.0\nLength 256\nComponents 1\n{\n";
    for (int i = 0; i < 256; ++i) curve << std::pow(i / 255.0, 0.6) << "\n";
    curve << "}\n";
    std::ofstream rgb(dir / "tint.spi1d");
    rgb << "Version 1\nFrom 0.0 1.0\nLength 64\nComponents 3\n{\n";
    for (int i = 0; i < 64; ++i) {
      const double x = i / 63.0;
      rgb << x * x << " " << std::sqrt(x) << " " << 1.0 - 0.5 * x << "\n";
    }
    rgb << "}\n";
    std::ofstream(dir / "config.ocio") << R"(ocio_profile_version: 2
search_path: .
roles: {default: srgb, scene_linear: srgb, data: raw}
file_rules:
  - !<Rule> {name: Default, colorspace: default}
displays:
  Test:
    - !<View> {name: Curve, colorspace: curve}
    - !<View> {name: Tint, colorspace: tint}
colorspaces:
  - !<ColorSpace> {name: srgb}
  - !<ColorSpace> {name: raw, isdata: true}
  - !<ColorSpace>
    name: curve
    from_scene_reference: !<FileTransform> {src: curve.spi1d, interpolation: linear}
  - !<ColorSpace>
    name: tint
    from_scene_reference: !<FileTransform> {src: tint.spi1d, interpolation: linear}
)";
  }
  Result<ColorConfigPtr> config = ColorConfig::load(dir / "config.ocio");
  ASSERT_TRUE(config.ok()) << config.error();
  for (const char* view : {"Curve", "Tint"}) {
    Result<DisplayProgramPtr> program = buildDisplayProgram(*config.value(), "Test", view);
    ASSERT_TRUE(program.ok()) << program.error();
    ASSERT_FALSE(program.value()->baked) << program.value()->fallback_reason;
    ASSERT_EQ(program.value()->luts.size(), 1u) << view;
    EXPECT_EQ(program.value()->luts[0].shape, LutTexture::Shape::k1D) << view;
    EXPECT_EQ(program.value()->luts[0].channels, std::string(view) == "Tint" ? 4u : 1u);
    Result<ColorProcessorPtr> cpu = config.value()->displayProcessor(
        DisplayViewRequest{.display = "Test", .view = view, .exposure_stops = 0.5, .source = ""});
    ASSERT_TRUE(cpu.ok()) << cpu.error();
    const Difference difference = gradeAndCompare(program.value(), 0.5, *cpu.value());
    EXPECT_LE(difference.max_rounded, 1) << view;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace liveframe::gpu
