// Writes a file so that readers (and a crash) see either the previous file or the complete
// new one, never a torn one: bytes go to a temporary file in the same folder, which is
// fsync'd and renamed over the target; the folder is then fsync'd so the rename is durable.
// Thread-safety: Unsafe; one thread owns a writer. Distinct writers may run concurrently,
// even for the same target (the last commit wins).
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "liveframe/result.h"

namespace liveframe::io {

class AtomicFileWriter {
 public:
  // Creates "<folder>/.<name>.tmp-<random>" with mode 0666 minus the umask.
  static Result<AtomicFileWriter> create(const std::filesystem::path& path);

  AtomicFileWriter(AtomicFileWriter&& other) noexcept;
  AtomicFileWriter& operator=(AtomicFileWriter&& other) noexcept;
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;
  ~AtomicFileWriter();  // without commit(), removes the temporary file: the target is untouched

  // Buffered; large spans are written straight through.
  Status append(std::span<const std::byte> bytes);

  // Flushes, fsyncs, closes and renames onto the target. Call once; the writer is spent after.
  Status commit();

 private:
  AtomicFileWriter() = default;
  Status flushBuffer();
  void discard();

  std::filesystem::path target_path_;
  std::filesystem::path temp_path_;
  int fd_ = -1;
  std::vector<std::byte> buffer_;
};

// One call for small files (session.json and the like).
Status writeFileAtomically(const std::filesystem::path& path, std::span<const std::byte> bytes);
// The same for text (JSON headers, state files).
inline Status writeFileAtomically(const std::filesystem::path& path, std::string_view text) {
  return writeFileAtomically(path, std::as_bytes(std::span(text.data(), text.size())));
}

}  // namespace liveframe::io
