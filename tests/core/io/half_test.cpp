#include "io/half.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <random>

namespace liveframe::io {
namespace {

constexpr float bitsToFloat(std::uint32_t bits) { return std::bit_cast<float>(bits); }
bool isHalfNan(std::uint16_t h) { return (h & 0x7C00u) == 0x7C00u && (h & 0x3FFu) != 0; }

// Reference rounding, independent of the bit tricks: the nearest of the two representable
// neighbours (found through the exact decoder), ties to the even bit pattern.
template <typename Decode>
std::uint16_t nearestOf(float value, std::uint16_t below, Decode decode) {
  const double distance_below = std::abs(double{value} - static_cast<double>(decode(below)));
  const double distance_above =
      std::abs(static_cast<double>(decode(static_cast<std::uint16_t>(below + 1))) - double{value});
  if (distance_below != distance_above) {
    return distance_below < distance_above ? below : static_cast<std::uint16_t>(below + 1);
  }
  return (below & 1u) == 0 ? below : static_cast<std::uint16_t>(below + 1);
}

std::uint16_t referenceFloatToHalf(float value) {
  const std::uint16_t sign = std::signbit(value) ? 0x8000 : 0;
  const float magnitude = std::abs(value);
  if (magnitude >= 65520.0f) return sign | 0x7C00;  // halfway past 65504 and up
  // Positive halves are ordered like their bit patterns: binary search the lower neighbour.
  std::uint16_t low = 0;
  std::uint16_t high = 0x7BFF;
  while (low < high) {
    const auto middle = static_cast<std::uint16_t>((low + high + 1) / 2);
    if (halfToFloat(middle) <= magnitude) {
      low = middle;
    } else {
      high = static_cast<std::uint16_t>(middle - 1);
    }
  }
  if (halfToFloat(low) == magnitude || low == 0x7BFF) return sign | low;
  return sign | nearestOf(magnitude, low, halfToFloat);
}

TEST(HalfTest, DecodesKnownValues) {
  EXPECT_EQ(halfToFloat(0x3C00), 1.0f);
  EXPECT_EQ(halfToFloat(0xC000), -2.0f);
  EXPECT_EQ(halfToFloat(0x7BFF), 65504.0f);
  EXPECT_EQ(halfToFloat(0x0400), std::ldexp(1.0f, -14));  // smallest normal
  EXPECT_EQ(halfToFloat(0x0001), std::ldexp(1.0f, -24));  // smallest subnormal
  EXPECT_EQ(halfToFloat(0x03FF), std::ldexp(1023.0f, -24));
  EXPECT_EQ(halfToFloat(0x3555), 0.333251953125f);
  EXPECT_TRUE(std::signbit(halfToFloat(0x8000)));
  EXPECT_EQ(halfToFloat(0x8000), 0.0f);
  EXPECT_EQ(halfToFloat(0x7C00), std::numeric_limits<float>::infinity());
  EXPECT_EQ(halfToFloat(0xFC00), -std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(halfToFloat(0x7E00)));
  EXPECT_TRUE(std::isnan(halfToFloat(0x7C01)));  // a signalling NaN stays a NaN
}

TEST(HalfTest, EveryHalfSurvivesARoundTrip) {
  for (std::uint32_t bits = 0; bits <= 0xFFFF; ++bits) {
    const auto half = static_cast<std::uint16_t>(bits);
    const std::uint16_t back = floatToHalf(halfToFloat(half));
    if (isHalfNan(half)) {
      EXPECT_TRUE(isHalfNan(back)) << std::hex << bits;
      if (half & 0x200u) {  // quiet NaNs keep their payload
        EXPECT_EQ(back, half) << std::hex << bits;
      }
    } else {
      EXPECT_EQ(back, half) << std::hex << bits;
    }
  }
}

TEST(HalfTest, RoundsToNearestEven) {
  EXPECT_EQ(floatToHalf(1.0f + std::ldexp(1.0f, -11)), 0x3C00);      // tie, down to even
  EXPECT_EQ(floatToHalf(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3C02);  // tie, up to even
  EXPECT_EQ(floatToHalf(1.0f + std::ldexp(1.0f, -11) + std::ldexp(1.0f, -20)), 0x3C01);
  EXPECT_EQ(floatToHalf(65519.0f), 0x7BFF);
  EXPECT_EQ(floatToHalf(65520.0f), 0x7C00);  // tie between 65504 and 65536: odd 0x7BFF loses
  EXPECT_EQ(floatToHalf(-1e9f), 0xFC00);
  EXPECT_EQ(floatToHalf(std::numeric_limits<float>::infinity()), 0x7C00);
  EXPECT_EQ(floatToHalf(0.333333343f), 0x3555);
}

TEST(HalfTest, RoundsIntoSubnormalsAndZero) {
  const float tiny = std::ldexp(1.0f, -25);  // half the smallest subnormal
  EXPECT_EQ(floatToHalf(tiny), 0x0000);      // tie to even zero
  EXPECT_EQ(floatToHalf(std::nextafter(tiny, 1.0f)), 0x0001);
  EXPECT_EQ(floatToHalf(3 * tiny), 0x0002);  // tie, up to even
  EXPECT_EQ(floatToHalf(std::ldexp(1.0f, -24)), 0x0001);
  EXPECT_EQ(floatToHalf(std::ldexp(1.0f, -14) - tiny), 0x0400);  // carries into the normals
  EXPECT_EQ(floatToHalf(1e-10f), 0x0000);
  EXPECT_EQ(floatToHalf(-1e-10f), 0x8000);
  EXPECT_EQ(floatToHalf(-0.0f), 0x8000);
  EXPECT_EQ(floatToHalf(bitsToFloat(0x00000001)), 0x0000);  // a float subnormal
}

TEST(HalfTest, NanStaysNan) {
  EXPECT_TRUE(isHalfNan(floatToHalf(std::numeric_limits<float>::quiet_NaN())));
  // Payload only in the low bits that are dropped: must not turn into inf.
  EXPECT_TRUE(isHalfNan(floatToHalf(bitsToFloat(0x7F800001))));
  EXPECT_TRUE(isHalfNan(floatToHalf(bitsToFloat(0xFF800001))));
  EXPECT_EQ(floatToHalf(bitsToFloat(0xFF800001)) & 0x8000, 0x8000);
}

TEST(HalfTest, MatchesTheReferenceOnManyFloats) {
  std::mt19937 random(1234);
  std::uniform_int_distribution<std::uint32_t> any_bits;
  // Exponents from 2^-26 to 2^17 cover zero, subnormals, normals and overflow.
  std::uniform_int_distribution<std::uint32_t> exponent(101, 144);
  for (int i = 0; i < 300'000; ++i) {
    const std::uint32_t bits = (any_bits(random) & 0x807FFFFFu) | (exponent(random) << 23);
    const float value = bitsToFloat(bits);
    ASSERT_EQ(floatToHalf(value), referenceFloatToHalf(value)) << std::hex << bits;
  }
}

TEST(Bf16Test, ConvertsKnownValues) {
  EXPECT_EQ(bf16ToFloat(0x3F80), 1.0f);
  EXPECT_EQ(bf16ToFloat(0xC040), -3.0f);
  EXPECT_EQ(floatToBf16(1.0f), 0x3F80);
  EXPECT_EQ(floatToBf16(bitsToFloat(0x3F808000)), 0x3F80);  // tie, down to even
  EXPECT_EQ(floatToBf16(bitsToFloat(0x3F818000)), 0x3F82);  // tie, up to even
  EXPECT_EQ(floatToBf16(bitsToFloat(0x3F808001)), 0x3F81);
  EXPECT_EQ(floatToBf16(std::numeric_limits<float>::max()), 0x7F80);  // past the last bf16
  EXPECT_EQ(floatToBf16(bitsToFloat(0x7F7F7FFF)), 0x7F7F);
  EXPECT_EQ(floatToBf16(-std::numeric_limits<float>::infinity()), 0xFF80);
  EXPECT_EQ(floatToBf16(-0.0f), 0x8000);
  EXPECT_EQ(floatToBf16(bitsToFloat(0x00008000)), 0x0000);  // subnormal tie to even
  EXPECT_EQ(floatToBf16(bitsToFloat(0x00018000)), 0x0002);
  const std::uint16_t nan = floatToBf16(bitsToFloat(0x7F800001));  // payload below bit 16
  EXPECT_TRUE(std::isnan(bf16ToFloat(nan)));
  EXPECT_TRUE(std::isnan(bf16ToFloat(floatToBf16(bitsToFloat(0xFFC00000)))));
}

TEST(Bf16Test, EveryBf16SurvivesARoundTrip) {
  for (std::uint32_t bits = 0; bits <= 0xFFFF; ++bits) {
    const auto bf16 = static_cast<std::uint16_t>(bits);
    const float value = bf16ToFloat(bf16);
    if (std::isnan(value)) {
      EXPECT_TRUE(std::isnan(bf16ToFloat(floatToBf16(value)))) << std::hex << bits;
    } else {
      EXPECT_EQ(floatToBf16(value), bf16) << std::hex << bits;
    }
  }
}

TEST(Bf16Test, MatchesTheReferenceOnManyFloats) {
  std::mt19937 random(99);
  std::uniform_int_distribution<std::uint32_t> any_bits;
  for (int i = 0; i < 300'000; ++i) {
    const std::uint32_t bits = any_bits(random);
    const float value = bitsToFloat(bits);
    if (std::isnan(value) || std::isinf(value)) continue;
    const auto truncated = static_cast<std::uint16_t>(bits >> 16);  // toward zero
    // IEEE rounds as if the exponent were unbounded: the neighbour above the largest bf16
    // is 2^128, which then overflows to inf.
    const auto decode = [](std::uint16_t b) {
      return b == 0x7F80 ? std::ldexp(1.0, 128) : double{bf16ToFloat(b)};
    };
    std::uint16_t expected = nearestOf(std::abs(value), truncated & 0x7FFF, decode);
    expected |= truncated & 0x8000;
    ASSERT_EQ(floatToBf16(value), expected) << std::hex << bits;
  }
}

}  // namespace
}  // namespace liveframe::io
