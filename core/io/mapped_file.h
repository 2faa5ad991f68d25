// The read-only bytes of a whole file, memory-mapped where possible so that multi-gigabyte
// weights cost no copy and only the pages a model touches are read.
// Thread-safety: immutable after open; any thread may read.
// Caveat of mapping: if another process truncates the file while it is mapped, touching the
// lost pages raises SIGBUS. Use Mode::kRead for files that may change under us.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>
#include <vector>

#include "liveframe/result.h"

namespace liveframe::io {

class MappedFile {
 public:
  enum class Mode {
    kMapOrRead,  // mmap (PROT_READ, MAP_PRIVATE); read into memory if mmap fails
    kRead,       // always read into memory
  };

  // Errors are one line naming the file: "<path>: cannot open: No such file or directory".
  static Result<std::unique_ptr<const MappedFile>> open(const std::filesystem::path& path,
                                                        Mode mode = Mode::kMapOrRead);

  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::span<const std::byte> bytes() const { return bytes_; }
  bool isMapped() const { return mapping_ != nullptr; }

 private:
  MappedFile() = default;

  void* mapping_ = nullptr;  // from mmap, or null when the bytes live in read_buffer_
  std::size_t mapping_size_ = 0;
  std::vector<std::byte> read_buffer_;
  std::span<const std::byte> bytes_;
};

}  // namespace liveframe::io
