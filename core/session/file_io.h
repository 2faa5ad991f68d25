// Small POSIX file helpers for session storage: an owning descriptor, full writes and reads
// that survive EINTR and short transfers, and syncs. Every failure becomes one line that names
// the file and the OS reason, e.g. "cannot write /x/y.lfsession/index.bin: No space left on
// device", because that line goes to the user as it is.
// Thread-safety: free functions are reentrant; a UniqueFd is owned by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "liveframe/result.h"

namespace liveframe::session_internal {

// "cannot <verb> <path>: <strerror(error_number)>".
Error ioError(std::string_view verb, const std::filesystem::path& path, int error_number);

// Owns a file descriptor; closes it on destruction (close errors there are unreportable, so
// code that needs durability syncs explicitly before letting a UniqueFd go).
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release();
  void reset();

 private:
  int fd_ = -1;
};

// open(2) with O_CLOEXEC; `verb` names the intent in the error ("create", "open", "read").
Result<UniqueFd> openFile(const std::filesystem::path& path, int flags, std::string_view verb);

Status writeAll(int fd, const void* data, std::size_t size, const std::filesystem::path& path);
// Reads exactly `size` bytes at `offset`; a short file is an error.
Status readExactAt(int fd, void* data, std::size_t size, std::uint64_t offset,
                   const std::filesystem::path& path);
Result<std::uint64_t> fileSize(int fd, const std::filesystem::path& path);
Status truncateFile(int fd, std::uint64_t size, const std::filesystem::path& path);
Status syncFile(int fd, const std::filesystem::path& path);      // fsync: data and size
Status syncFileData(int fd, const std::filesystem::path& path);  // fdatasync
// Makes a rename or create inside `folder` durable.
Status syncFolder(const std::filesystem::path& folder);
Status renameFile(const std::filesystem::path& from, const std::filesystem::path& to);
Result<std::string> readWholeFile(const std::filesystem::path& path);

}  // namespace liveframe::session_internal
