#include "model/weights.h"

#include <gtest/gtest.h>

#include <fstream>

#include "sketch/sketch_model.h"

namespace liveframe::sketch {
namespace {

namespace fs = std::filesystem;

class WeightsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lf_weights_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path save(SketchModel& model, model::StoreAs store_as) {
    const auto path = dir_ / "sketch.safetensors";
    auto metadata = model.config().toMetadata();
    metadata["liveframe.family"] = "sketch";
    std::string vocabulary;
    for (const auto& w : model.vocabulary()) vocabulary += w + " ";
    metadata["sketch.vocabulary"] = vocabulary;
    const auto status = model::saveModules(path,
                                           {{"text.", model.textEncoder().get()},
                                            {"transformer.", model.transformer().get()},
                                            {"decoder.", model.decoder().get()}},
                                           metadata, store_as);
    EXPECT_TRUE(status.ok()) << status.error();
    return path;
  }
  fs::path dir_;
};

TEST_F(WeightsTest, SavedModelLoadsAndGeneratesTheSameFrames) {
  auto original = SketchModel::random(SketchConfig::tiny(), {"red", "ball"});
  const auto path = save(*original, model::StoreAs::F32);
  auto loaded = SketchModel::load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  EXPECT_EQ((*loaded)->info().weights_hash.size(), 16u);
  const auto c1 = original->encodePrompt("red ball");
  const auto c2 = (*loaded)->encodePrompt("red ball");
  auto s1 = original->beginStream(5);
  auto s2 = (*loaded)->beginStream(5);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(torch::equal(original->step(*s1, *c1, 0), (*loaded)->step(*s2, *c2, 0)));
  }
}

TEST_F(WeightsTest, HalfPrecisionFileLoadsClose) {
  auto original = SketchModel::random(SketchConfig::tiny(), {"red"});
  auto loaded = SketchModel::load(save(*original, model::StoreAs::F16));
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  const auto a = original->encodePrompt("red")->tokens;
  const auto b = (*loaded)->encodePrompt("red")->tokens;
  EXPECT_LT((a - b).abs().max().item<float>(), 2e-2f);
}

TEST_F(WeightsTest, TruncatedFileIsAClearError) {
  auto original = SketchModel::random(SketchConfig::tiny(), {"red"});
  const auto path = save(*original, model::StoreAs::F32);
  fs::resize_file(path, fs::file_size(path) / 2);
  auto loaded = SketchModel::load(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().find("sketch.safetensors"), std::string::npos) << loaded.error();
  EXPECT_EQ(loaded.error().find('\n'), std::string::npos);
}

TEST_F(WeightsTest, WrongArchitectureNamesTheTensorAndShapes) {
  auto small = SketchModel::random(SketchConfig::tiny(), {"red"});
  const auto path = save(*small, model::StoreAs::F32);
  auto other = SketchConfig::tiny();
  other.dim = 96;
  other.heads = 3;
  auto bigger = SketchModel::random(other, {"red"});
  auto file = io::SafetensorsFile::open(path);
  ASSERT_TRUE(file.ok());
  const auto status = model::loadModule(*bigger->transformer(), **file, "transformer.");
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().find("has shape"), std::string::npos) << status.error();
}

TEST_F(WeightsTest, GarbageAndMissingFilesAreClearErrors) {
  const auto garbage = dir_ / "garbage.safetensors";
  std::ofstream(garbage) << "this is not a model";
  auto loaded = SketchModel::load(garbage);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().find("garbage.safetensors"), std::string::npos) << loaded.error();
  auto missing = SketchModel::load(dir_ / "nope.safetensors");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find("nope.safetensors"), std::string::npos) << missing.error();
}

}  // namespace
}  // namespace liveframe::sketch
