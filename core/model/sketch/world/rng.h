// A small deterministic random number generator for the sketch world: xoshiro256** seeded
// through splitmix64. Every draw is defined here bit for bit (no std::*_distribution, whose
// results differ between standard libraries), so one seed gives the same scenes, clip plans
// and captions on every machine.
#pragma once

#include <array>
#include <cstdint>

#include "world/attributes.h"

namespace liveframe::sketch {

// One step of splitmix64: advances `state` and returns a well-mixed 64-bit value.
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  state += 0x9E3779B97F4A7C15ull;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Mixes a seed with a stream number into an independent seed (for sub-generators).
constexpr std::uint64_t mixSeed(std::uint64_t seed, std::uint64_t stream) {
  std::uint64_t state = seed ^ (stream * 0xD1B54A32D192ED03ull);
  splitmix64(state);
  return splitmix64(state);
}

// Thread-safety: Unsafe (one thread per instance; copies are independent).
class Rng {
 public:
  explicit constexpr Rng(std::uint64_t seed) {
    for (std::uint64_t& word : state_) word = splitmix64(seed);
  }

  constexpr std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, 1) with 53 random bits.
  constexpr double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  constexpr double uniform(double low, double high) { return low + (high - low) * uniform(); }

  // Uniform integer in [0, count), without modulo bias; count must be > 0.
  constexpr int below(int count) {
    const auto n = static_cast<std::uint64_t>(count);
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    std::uint64_t draw = next();
    while (draw < threshold) draw = next();
    return static_cast<int>(draw % n);
  }

  // Uniform integer in [low, high] (both inclusive).
  constexpr int range(int low, int high) { return low + below(high - low + 1); }

  constexpr bool chance(double probability) { return uniform() < probability; }

  // A uniformly chosen value of an attribute enum.
  template <typename E>
  constexpr E pick() {
    return static_cast<E>(below(kValueCount<E>));
  }

  // A uniformly chosen element of a non-empty array.
  template <typename T, std::size_t N>
  constexpr const T& pick(const std::array<T, N>& items) {
    return items[static_cast<std::size_t>(below(static_cast<int>(N)))];
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::array<std::uint64_t, 4> state_{};
};

}  // namespace liveframe::sketch
