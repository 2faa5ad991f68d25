// SHA-256 (FIPS 180-4), for weights hashes in session headers and provenance manifests.
// Thread-safety: the functions are safe from any thread; a Sha256 object is Unsafe (one
// thread at a time).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include "liveframe/result.h"

namespace liveframe::io {

// Incremental hashing, for data that arrives in pieces.
class Sha256 {
 public:
  Sha256();
  void update(std::span<const std::byte> bytes);
  // The 32-byte digest. Ends the hash: call reset() before hashing again.
  std::array<std::uint8_t, 32> finish();
  void reset();

 private:
  void compressBlock(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_{};
  std::array<std::uint8_t, 64> pending_{};  // a partial block waiting for more bytes
  std::size_t pending_size_ = 0;
  std::uint64_t total_bytes_ = 0;
};

// 64 lowercase hex digits.
std::string toHex(std::span<const std::uint8_t> digest);
std::string sha256Hex(std::span<const std::byte> bytes);

// Streams the file through a 1 MiB buffer. Errors: "<path>: cannot open: <reason>".
Result<std::string> sha256File(const std::filesystem::path& path);

}  // namespace liveframe::io
