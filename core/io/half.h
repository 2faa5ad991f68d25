// IEEE half precision (fp16) and bfloat16 <-> fp32 conversions, bit-exact and portable, for
// storing shipped weights in half precision and reading them back on the CPU.
// Thread-safety: pure functions; safe from any thread.
#pragma once

#include <bit>
#include <cstdint>

namespace liveframe::io {

// Exact: every fp16 value (subnormals, ±0, ±inf, NaN payloads) has an fp32 equivalent.
constexpr float halfToFloat(std::uint16_t half_bits) {
  const std::uint32_t sign = static_cast<std::uint32_t>(half_bits & 0x8000u) << 16;
  const std::uint32_t exponent = (half_bits >> 10) & 0x1Fu;
  const std::uint32_t mantissa = half_bits & 0x3FFu;
  if (exponent == 0) {
    // Zero or subnormal: mantissa * 2^-24, exact in fp32.
    const float magnitude = static_cast<float>(mantissa) * (1.0f / 16777216.0f);
    return std::bit_cast<float>(std::bit_cast<std::uint32_t>(magnitude) | sign);
  }
  if (exponent == 0x1F) {  // inf or NaN; the NaN payload is kept in the top mantissa bits
    return std::bit_cast<float>(sign | 0x7F800000u | (mantissa << 13));
  }
  // Rebias the exponent from 15 to 127.
  return std::bit_cast<float>(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

// Rounds to nearest, ties to even, as hardware and PyTorch do: values past the largest
// finite half (65504) round to inf, tiny values to subnormals or signed zero, NaN stays a
// (quiet) NaN.
constexpr std::uint16_t floatToHalf(float value) {
  const std::uint32_t bits = std::bit_cast<std::uint32_t>(value);
  const auto sign = static_cast<std::uint16_t>((bits >> 16) & 0x8000u);
  const std::uint32_t magnitude = bits & 0x7FFFFFFFu;
  if (magnitude > 0x7F800000u) {  // NaN: force the quiet bit so the payload cannot become inf
    return static_cast<std::uint16_t>(sign | 0x7E00u | ((magnitude >> 13) & 0x3FFu));
  }
  if (magnitude >= 0x477FF000u) {  // >= 65520, halfway past 65504: rounds to inf
    return static_cast<std::uint16_t>(sign | 0x7C00u);
  }
  if (magnitude < 0x38800000u) {               // below 2^-14: a half subnormal or zero
    if (magnitude < 0x33000000u) return sign;  // below 2^-25 (exactly 2^-25 ties to zero too)
    const std::uint32_t full_mantissa = (magnitude & 0x7FFFFFu) | 0x800000u;
    const std::uint32_t shift = 126u - (magnitude >> 23);  // 14..24
    std::uint32_t result = full_mantissa >> shift;
    const std::uint32_t remainder = full_mantissa & ((1u << shift) - 1u);
    const std::uint32_t halfway = 1u << (shift - 1u);
    if (remainder > halfway || (remainder == halfway && (result & 1u))) ++result;
    return static_cast<std::uint16_t>(sign | result);  // a carry gives the smallest normal
  }
  // Normal: rebias 127 -> 15 and drop 13 mantissa bits; a carry may bump the exponent.
  std::uint32_t result = (magnitude >> 13) - (112u << 10);
  const std::uint32_t remainder = magnitude & 0x1FFFu;
  if (remainder > 0x1000u || (remainder == 0x1000u && (result & 1u))) ++result;
  return static_cast<std::uint16_t>(sign | result);
}

// Exact: bfloat16 is the top half of an fp32.
constexpr float bf16ToFloat(std::uint16_t bf16_bits) {
  return std::bit_cast<float>(static_cast<std::uint32_t>(bf16_bits) << 16);
}

// Rounds to nearest, ties to even; overflow gives inf, NaN stays a (quiet) NaN.
constexpr std::uint16_t floatToBf16(float value) {
  const std::uint32_t bits = std::bit_cast<std::uint32_t>(value);
  if ((bits & 0x7FFFFFFFu) > 0x7F800000u) {
    return static_cast<std::uint16_t>((bits >> 16) | 0x0040u);
  }
  const std::uint32_t rounding_bias = 0x7FFFu + ((bits >> 16) & 1u);
  return static_cast<std::uint16_t>((bits + rounding_bias) >> 16);
}

}  // namespace liveframe::io
