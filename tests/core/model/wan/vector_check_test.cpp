// The Wan components reproduce the reference vectors (../shared/testvectors/wan/, computed
// with the public Self-Forcing modules in fp32): every step's input, flow and x0, block by
// block, for a global and a rolling KV cache, and the umT5 encoder's hidden states.
#include "wan/vector_check.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>

namespace liveframe::wan {
namespace {

namespace fs = std::filesystem;

constexpr double kTolerance = 1e-4;  // relative, fp32, as the vectors' README promises

fs::path vectorDir() { return fs::path(LIVEFRAME_SHARED_DIR) / "testvectors/wan"; }

void expectReproduced(const std::string& weights, const std::string& vectors,
                      std::size_t minimum_tensors) {
  const std::string name = vectors;
  auto report = checkVectors(vectorDir() / (weights + ".weights.safetensors"),
                             vectorDir() / (vectors + ".vectors.safetensors"));
  ASSERT_TRUE(report.ok()) << report.error();
  EXPECT_GE(report->tensors.size(), minimum_tensors);
  for (const auto& tensor : report->tensors) {
    EXPECT_LE(tensor.relative_error, kTolerance)
        << tensor.name << ": max abs error " << tensor.max_abs_error;
  }
  std::cout << name << ": " << report->tensors.size() << " tensors, worst relative error "
            << report->worstRelativeError() << ", worst abs " << report->worstAbsError() << "\n";
}

TEST(WanVectors, CausalDitWithAGlobalCacheReproducesEveryBlockAndStep) {
  // 3 blocks × 4 steps × (input, flow, x0) + the timesteps + the final latents.
  expectReproduced("causal_dit_global", "causal_dit_global", 3 * 4 * 3 + 2);
}

TEST(WanVectors, CausalDitWithARollingCacheAndSinkReproducesEveryBlockAndStep) {
  // 7 one-frame blocks: the 4-frame window rolls from block 4 on, keeping frame 0.
  expectReproduced("causal_dit_rolling", "causal_dit_rolling", 7 * 4 * 3 + 2);
}

TEST(WanVectors, Umt5EncoderReproducesTheHiddenStatesOfAPaddedBatch) {
  expectReproduced("umt5_encoder", "umt5_encoder", 1);
}

TEST(WanVectors, TaehvDecoderReproducesTheReferenceFramesBeforeTrimming) {
  expectReproduced("taehv_decoder", "taehv", 1);
}

TEST(WanVectors, WanVaeReproducesTheFullAndTheStreamedDecodeAndTheEncoder) {
  // decode_full, one output per latent frame with the causal-conv cache kept (1 + 4·3 frames),
  // and encode_mu.
  expectReproduced("wan_vae", "wan_vae", 6);
}

TEST(WanVectors, AChangedWeightIsCaught) {
  // The check must be able to fail: the same DiT with its last 64 weights set to 0.
  const fs::path dir = fs::temp_directory_path() / "liveframe_wan_vectors_test";
  fs::create_directories(dir);
  const fs::path copy = dir / "causal_dit_global.weights.safetensors";
  fs::copy_file(vectorDir() / "causal_dit_global.weights.safetensors", copy,
                fs::copy_options::overwrite_existing);
  {
    std::fstream file(copy, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(-256, std::ios::end);
    const std::string zeros(256, '\0');
    file.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
  }
  auto report = checkVectors(copy, vectorDir() / "causal_dit_global.vectors.safetensors");
  ASSERT_TRUE(report.ok()) << report.error();
  EXPECT_GT(report->worstRelativeError(), 1e-3);
  fs::remove_all(dir);
}

TEST(WanVectors, MissingAndMismatchedFilesAreOneLineErrors) {
  auto missing = checkVectors(vectorDir() / "no_such.weights.safetensors",
                              vectorDir() / "umt5_encoder.vectors.safetensors");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find("no_such.weights.safetensors"), std::string::npos)
      << missing.error();

  // Vectors of another component: the missing input is named.
  auto mismatched = checkVectors(vectorDir() / "umt5_encoder.weights.safetensors",
                                 vectorDir() / "causal_dit_global.vectors.safetensors");
  ASSERT_FALSE(mismatched.ok());
  EXPECT_NE(mismatched.error().find("inputs.ids"), std::string::npos) << mismatched.error();
}

TEST(WanVectors, CompareTensorsMeasuresRelativeToTheTensorsScale) {
  auto expected = torch::tensor({0.0f, 2.0f, -4.0f});
  auto actual = torch::tensor({0.001f, 2.0f, -4.002f});
  auto agreement = compareTensors("x", actual, expected);
  EXPECT_NEAR(agreement.max_abs_error, 0.002, 1e-6);
  EXPECT_NEAR(agreement.relative_error, 0.0005, 1e-6);
  auto wrong_shape = compareTensors("x", torch::zeros({2}), expected);
  EXPECT_TRUE(std::isinf(wrong_shape.relative_error));
  EXPECT_NE(wrong_shape.name.find("[2]"), std::string::npos);
}

}  // namespace
}  // namespace liveframe::wan
