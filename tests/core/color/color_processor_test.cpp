#include <cstdint>
#include <random>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "color_test_support.h"

namespace liveframe {
namespace {

using testing::hasOneLine;
using testing::request;

std::vector<std::uint8_t> noise(std::size_t pixels, unsigned seed) {
  std::mt19937 random(seed);
  std::vector<std::uint8_t> rgb(pixels * 3);
  for (std::uint8_t& value : rgb) value = static_cast<std::uint8_t>(random() & 0xFF);
  return rgb;
}

ColorProcessorPtr film(const ColorConfig& config) {
  Result<ColorProcessorPtr> processor = config.displayProcessor(request("sRGB", "Film", 0.5));
  EXPECT_TRUE(processor.ok()) << processor.error();
  return processor.ok() ? processor.value() : nullptr;
}

TEST(ColorProcessorTest, MismatchedBuffersAreOneLineErrors) {
  const ColorConfigPtr config = testing::loadShipped();
  const ColorProcessorPtr processor = film(*config);
  ASSERT_TRUE(processor);
  std::vector<std::uint8_t> in(30), out(27);
  Status status = processor->apply(in, out);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(hasOneLine(status.error()));
  EXPECT_NE(status.error().find("30 and 27"), std::string::npos) << status.error();
  std::vector<float> partial(31), partial_out(31);
  EXPECT_FALSE(processor->apply(partial, partial_out).ok());
  std::vector<float> empty;
  EXPECT_TRUE(processor->apply(empty, empty).ok());
}

// A frame goes through OCIO in rows of a fixed width plus a short row: the split must not show.
TEST(ColorProcessorTest, LargeFramesMatchPixelByPixel) {
  const ColorConfigPtr config = testing::loadShipped();
  const ColorProcessorPtr processor = film(*config);
  ASSERT_TRUE(processor);
  const std::vector<std::uint8_t> in = noise(2 * 4096 + 17, 1);
  std::vector<std::uint8_t> whole(in.size());
  ASSERT_TRUE(processor->apply(in, whole).ok());
  std::vector<float> whole_float(in.size());
  ASSERT_TRUE(processor->apply(in, whole_float).ok());
  for (std::size_t first = 0; first < in.size(); first += 3 * 97) {  // a sample of pixels
    const std::span<const std::uint8_t> pixel(in.data() + first, 3);
    std::uint8_t alone[3];
    float alone_float[3];
    ASSERT_TRUE(processor->apply(pixel, alone).ok());
    ASSERT_TRUE(processor->apply(pixel, alone_float).ok());
    for (int c = 0; c < 3; ++c) {
      EXPECT_EQ(whole[first + c], alone[c]) << first;
      EXPECT_FLOAT_EQ(whole_float[first + c], alone_float[c]) << first;
    }
  }
  std::vector<std::uint8_t> in_place = in;
  ASSERT_TRUE(processor->apply(in_place, in_place).ok());
  EXPECT_EQ(in_place, whole);
}

TEST(ColorProcessorTest, EightBitAndFloatPathsAgree) {
  const ColorConfigPtr config = testing::loadShipped();
  const ColorProcessorPtr processor = film(*config);
  ASSERT_TRUE(processor);
  const std::vector<std::uint8_t> in = noise(4096, 2);
  std::vector<std::uint8_t> codes(in.size());
  std::vector<float> values(in.size());
  ASSERT_TRUE(processor->apply(in, codes).ok());
  ASSERT_TRUE(processor->apply(in, values).ok());
  std::vector<float> from_float(in.begin(), in.end());
  for (float& value : from_float) value /= 255.0f;
  ASSERT_TRUE(processor->apply(from_float, from_float).ok());
  for (std::size_t i = 0; i < in.size(); ++i) {
    EXPECT_NEAR(codes[i], values[i] * 255.0f, 0.51f) << i;
    EXPECT_NEAR(values[i], from_float[i], 1e-5f) << i;
  }
}

TEST(ColorProcessorTest, OneProcessorAppliedFromManyThreads) {
  const ColorConfigPtr config = testing::loadShipped();
  const ColorProcessorPtr processor = film(*config);
  ASSERT_TRUE(processor);
  constexpr int kThreads = 4;
  std::vector<std::vector<std::uint8_t>> inputs, expected, results(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    inputs.push_back(noise(64 * 64, 10 + t));
    expected.emplace_back(inputs.back().size());
    ASSERT_TRUE(processor->apply(inputs.back(), expected.back()).ok());
  }
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      results[t].resize(inputs[t].size());
      for (int round = 0; round < 50; ++round) {
        if (!processor->apply(inputs[t], results[t]).ok() || results[t] != expected[t]) {
          ++failures[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(failures[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace liveframe
