// Small numeric helpers for the world renderer (internal to world/). The renderer avoids
// libm in per-pixel code: sine() below is a fixed polynomial, so (with IEEE floats and no
// -ffast-math / FMA contraction) a frame has the same bytes on every machine, and is fast.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace liveframe::sketch::world_detail {

inline constexpr float kPi = 3.14159265358979f;
inline constexpr float kTau = 6.28318530717959f;

struct Rgb {
  float r = 0.0f;
  float g = 0.0f;
  float b = 0.0f;
};

inline constexpr Rgb operator+(Rgb a, Rgb b) { return {a.r + b.r, a.g + b.g, a.b + b.b}; }
inline constexpr Rgb operator-(Rgb a, Rgb b) { return {a.r - b.r, a.g - b.g, a.b - b.b}; }
inline constexpr Rgb operator*(Rgb a, Rgb b) { return {a.r * b.r, a.g * b.g, a.b * b.b}; }
inline constexpr Rgb operator*(Rgb a, float k) { return {a.r * k, a.g * k, a.b * k}; }
inline constexpr Rgb lerp(Rgb a, Rgb b, float t) { return a + (b - a) * t; }
inline constexpr float lerp(float a, float b, float t) { return a + (b - a) * t; }
inline constexpr float luminance(Rgb c) { return 0.2126f * c.r + 0.7152f * c.g + 0.0722f * c.b; }

inline constexpr float clamp01(float x) { return x < 0.0f ? 0.0f : (x > 1.0f ? 1.0f : x); }

inline constexpr float smoothstep(float edge0, float edge1, float x) {
  const float t = clamp01((x - edge0) / (edge1 - edge0));
  return t * t * (3.0f - 2.0f * t);
}

inline float fract(float x) { return x - std::floor(x); }

// sin(x) to ~4e-6 for |x| < 1e4, without libm.
inline float sine(float x) {
  constexpr float kInvTau = 0.159154943091895f;
  float r = x - kTau * std::floor(x * kInvTau + 0.5f);  // [-pi, pi]
  if (r > 0.5f * kPi) r = kPi - r;
  if (r < -0.5f * kPi) r = -kPi - r;
  const float r2 = r * r;
  return r * (1.0f + r2 * (-1.0f / 6 + r2 * (1.0f / 120 + r2 * (-1.0f / 5040 + r2 / 362880))));
}
inline float cosine(float x) { return sine(x + 0.5f * kPi); }

// A smooth bump: 1 at 0, 0 for |x| >= 1 (a cheap stand-in for a gaussian).
inline constexpr float bump(float x) {
  const float q = 1.0f - x * x;
  return q > 0.0f ? q * q : 0.0f;
}

// x wrapped into [0, period), computed in double so that a long pan keeps its precision.
inline float wrap(double x, double period) {
  return static_cast<float>(x - period * std::floor(x / period));
}

// Integer hash (lowbias32 by Chris Wellons) and helpers for per-cell noise.
inline constexpr std::uint32_t hash32(std::uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}
inline constexpr std::uint32_t hashCell(int x, int y, std::uint32_t seed) {
  return hash32(static_cast<std::uint32_t>(x) * 0x9E3779B1u ^
                hash32(static_cast<std::uint32_t>(y) * 0x85EBCA77u ^ seed));
}
// The top 24 bits of a hash as a float in [0, 1).
inline constexpr float unitFloat(std::uint32_t hash) {
  return static_cast<float>(hash >> 8) * (1.0f / 16777216.0f);
}

// Index of the cell of size `cell` holding x, wrapped into [0, cell_count): lets hashed
// features repeat with the world's period (x itself is already periodic).
inline int wrappedCell(float x, float cell, int cell_count) {
  const int index = static_cast<int>(std::floor(x / cell));
  return ((index % cell_count) + cell_count) % cell_count;
}
// The same for a power-of-two cell count, without integer division (per-pixel use).
inline int wrappedCellPow2(float x, float inverse_cell, unsigned cell_count) {
  const int index = static_cast<int>(std::floor(x * inverse_cell));
  return static_cast<int>(static_cast<unsigned>(index) & (cell_count - 1u));
}

}  // namespace liveframe::sketch::world_detail
