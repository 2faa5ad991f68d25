// Reading and writing safetensors files (https://github.com/huggingface/safetensors):
// an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and
// byte range, then the raw little-endian tensor bytes. No libtorch: loaders wrap the bytes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/dtype.h"
#include "io/half.h"
#include "io/mapped_file.h"
#include "liveframe/result.h"

namespace liveframe::io {

// One tensor inside an open file.
// `bytes` points into the file's mapping and is valid while the SafetensorsFile lives: a
// loader that wraps the bytes without copying must keep the shared_ptr alive with them.
// The bytes are aligned to the element size when the writer aligned them (ours does, as does
// the reference writer); files from elsewhere may not be, so copy with memcpy when unsure.
struct TensorView {
  std::string name;
  DType dtype = DType::F32;
  std::vector<std::int64_t> shape;  // [] is a scalar (one element)
  std::span<const std::byte> bytes;

  std::int64_t elementCount() const;
};

// What SafetensorsFile::require accepts: one exact dtype, or any floating-point dtype.
class DTypeExpectation {
 public:
  DTypeExpectation(DType dtype) : dtype_(dtype) {}  // NOLINT: implicit so `DType::F32` reads
  static DTypeExpectation anyFloat() { return DTypeExpectation(); }

  bool accepts(DType dtype) const;
  std::string describe() const;  // "F32" or "a floating-point dtype (F64, F32, F16 or BF16)"

 private:
  DTypeExpectation() = default;
  std::optional<DType> dtype_;  // empty: any floating-point dtype
};

// In an expected shape, a dimension that may have any size.
inline constexpr std::int64_t kAnyDimension = -1;

// An open, validated safetensors file.
// Thread-safety: immutable after open; any thread may read.
class SafetensorsFile {
 public:
  // Maps (or, failing that, reads) the file and validates the whole header before returning,
  // so a successful open means every tensor's bytes are inside the file and no two overlap.
  // Errors are one line naming the file, e.g.
  //   "model.safetensors: truncated: tensor 'w' needs bytes 1024..5120 but the file has 4000
  //    data bytes".
  static Result<std::shared_ptr<const SafetensorsFile>> open(
      const std::filesystem::path& path, MappedFile::Mode mode = MappedFile::Mode::kMapOrRead);

  const std::vector<std::string>& names() const { return names_; }  // sorted
  const TensorView* find(std::string_view name) const;              // null if absent

  // For loaders: the tensor, checked for dtype and shape (kAnyDimension matches any size),
  // or one line such as "model.safetensors: tensor 'x.weight' has shape [64, 32], expected
  // [64, 16]" or "model.safetensors: missing tensor 'x.weight'".
  Result<const TensorView*> require(std::string_view name, DTypeExpectation dtype,
                                    const std::vector<std::int64_t>& shape) const;

  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  const std::filesystem::path& path() const { return path_; }
  bool isMapped() const { return file_->isMapped(); }

 private:
  SafetensorsFile() = default;

  std::filesystem::path path_;
  std::unique_ptr<const MappedFile> file_;
  std::map<std::string, TensorView, std::less<>> tensors_;
  std::vector<std::string> names_;
  std::map<std::string, std::string> metadata_;
};

// One tensor to write. `bytes` is not owned and must stay valid during the call; its size
// must be tensorByteSize(dtype, shape) (io/dtype.h).
struct TensorData {
  std::string name;
  DType dtype = DType::F32;
  std::vector<std::int64_t> shape;
  std::span<const std::byte> bytes;
};

// Writes atomically (temporary file beside the target, fsync, rename). The header is padded
// with spaces to a multiple of 8 bytes; tensors are laid out by element size (largest first)
// and then by name, as the reference writer does, so each one starts aligned to its element
// size with no gaps between them. Thread-safety: safe from any thread; the last writer of a
// path wins.
Status writeSafetensors(const std::filesystem::path& path, const std::vector<TensorData>& tensors,
                        const std::map<std::string, std::string>& metadata);

// "[64, 16]"; kAnyDimension shows as "?".
std::string formatShape(const std::vector<std::int64_t>& shape);

}  // namespace liveframe::io
