#include "liveframe/gpu/display_program.h"

#include <unistd.h>

#include <cmath>
#include <fstream>

#include <gtest/gtest.h>

#include "gpu_test_support.h"

namespace liveframe::gpu {
namespace {

// Building programs needs no GPU: these run everywhere.
TEST(DisplayProgramTest, StandardCompilesToSpirvWithADynamicExposure) {
  const ColorConfigPtr config = testing::shippedConfig();
  ASSERT_TRUE(config);
  Result<DisplayProgramPtr> program = buildDisplayProgram(*config, "sRGB", "Standard");
  ASSERT_TRUE(program.ok()) << program.error();
  const DisplayProgram& standard = *program.value();
  EXPECT_FALSE(standard.baked);
  EXPECT_GT(standard.fragment_spirv.size(), 100u);
  EXPECT_EQ(standard.fragment_spirv[0], 0x07230203u);  // the SPIR-V magic number
  EXPECT_EQ(standard.source_binding, 0u);
  EXPECT_GE(standard.exposure_offset, 0);
  EXPECT_GE(standard.uniform_defaults.size(), 4u);
  EXPECT_TRUE(standard.luts.empty());
  EXPECT_EQ(standard.description, "sRGB - Texture -> sRGB / Standard");
  EXPECT_FALSE(standard.cache_id.empty());
}

TEST(DisplayProgramTest, CacheIdFollowsTheView) {
  const ColorConfigPtr config = testing::shippedConfig();
  ASSERT_TRUE(config);
  Result<DisplayProgramPtr> film = buildDisplayProgram(*config, "sRGB", "Film");
  Result<DisplayProgramPtr> film_again = buildDisplayProgram(*config, "sRGB", "Film");
  Result<DisplayProgramPtr> standard = buildDisplayProgram(*config, "sRGB", "Standard");
  ASSERT_TRUE(film.ok() && film_again.ok() && standard.ok());
  EXPECT_EQ(film.value()->cache_id, film_again.value()->cache_id);
  EXPECT_NE(film.value()->cache_id, standard.value()->cache_id);
}

TEST(DisplayProgramTest, UnknownNamesAreOneLineErrors) {
  const ColorConfigPtr config = testing::shippedConfig();
  ASSERT_TRUE(config);
  Result<DisplayProgramPtr> view = buildDisplayProgram(*config, "sRGB", "Cinema");
  ASSERT_FALSE(view.ok());
  EXPECT_EQ(view.error(),
            "OCIO: unknown view 'Cinema' for display 'sRGB' (it has: Standard, Film, Raw)");
  Result<DisplayProgramPtr> display = buildDisplayProgram(*config, "Projector", "Film");
  ASSERT_FALSE(display.ok());
  EXPECT_EQ(display.error().find('\n'), std::string::npos);
  // Baking cannot rescue a name that does not exist either.
  DisplayProgramOptions bake;
  bake.force_bake = true;
  EXPECT_FALSE(buildDisplayProgram(*config, "sRGB", "Cinema", bake).ok());
}

TEST(DisplayProgramTest, BakedProgramSaysWhy) {
  const ColorConfigPtr config = testing::shippedConfig();
  ASSERT_TRUE(config);
  DisplayProgramOptions options;
  options.force_bake = true;
  options.bake_exposure_stops = 1;
  Result<DisplayProgramPtr> program = buildDisplayProgram(*config, "sRGB", "Film", options);
  ASSERT_TRUE(program.ok()) << program.error();
  const DisplayProgram& baked = *program.value();
  EXPECT_TRUE(baked.baked);
  EXPECT_EQ(baked.fallback_reason, "baking was asked for");
  EXPECT_EQ(baked.baked_exposure_stops, 1);
  ASSERT_EQ(baked.luts.size(), 1u);
  EXPECT_EQ(baked.luts[0].shape, LutTexture::Shape::k3D);
  EXPECT_EQ(baked.luts[0].width, static_cast<std::uint32_t>(DisplayProgramOptions::kBakeEdge));
  EXPECT_EQ(baked.luts[0].texels.size(), 65u * 65u * 65u * 4u);
  EXPECT_EQ(baked.description, "sRGB - Texture -> sRGB / Film, exposure +1 (baked LUT)");
}

// A view whose shader needs more LUT textures than a stage may sample (16 curves, kept apart
// by matrices so OCIO cannot merge them): glslang's program is refused, the bake stands in.
TEST(DisplayProgramTest, TooManyLutsFallBackToTheBake) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("liveframe_many_luts_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string chain;
  for (int i = 0; i < 16; ++i) {
    const std::string name = "curve" + std::to_string(i) + ".spi1d";
    std::ofstream curve(dir / name);
    curve << "Version 1\nFrom 0.0 1.0\nLength 32\nComponents 1\n{\n";
    for (int k = 0; k < 32; ++k) curve << std::pow(k / 31.0, 1.1 + 0.01 * i) << "\n";
    curve << "}\n";
    chain += "      - !<FileTransform> {src: " + name + ", interpolation: linear}\n";
    chain +=
        "      - !<MatrixTransform> {matrix: [0.9, 0.1, 0, 0, 0, 0.9, 0.1, 0, 0.1, 0, 0.9, 0, "
        "0, 0, 0, 1]}\n";
  }
  std::ofstream(dir / "config.ocio") << "ocio_profile_version: 2\nsearch_path: .\n"
                                        "roles: {default: srgb, scene_linear: srgb}\n"
                                        "file_rules:\n"
                                        "  - !<Rule> {name: Default, colorspace: default}\n"
                                        "displays:\n  Test:\n"
                                        "    - !<View> {name: Many, colorspace: many}\n"
                                        "colorspaces:\n  - !<ColorSpace> {name: srgb}\n"
                                        "  - !<ColorSpace>\n    name: many\n"
                                        "    from_scene_reference: !<GroupTransform>\n"
                                        "      children:\n"
                                     << chain;
  Result<ColorConfigPtr> config = ColorConfig::load(dir / "config.ocio");
  ASSERT_TRUE(config.ok()) << config.error();
  Result<DisplayProgramPtr> program = buildDisplayProgram(*config.value(), "Test", "Many");
  ASSERT_TRUE(program.ok()) << program.error();
  EXPECT_TRUE(program.value()->baked);
  EXPECT_NE(program.value()->fallback_reason.find("LUTs"), std::string::npos)
      << program.value()->fallback_reason;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace liveframe::gpu
