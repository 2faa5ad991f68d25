#include "file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace liveframe::session_internal {

Error ioError(std::string_view verb, const std::filesystem::path& path, int error_number) {
  // std::generic_category().message is thread-safe, unlike strerror.
  return Error{"cannot " + std::string(verb) + " " + path.string() + ": " +
               std::generic_category().message(error_number)};
}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    reset();
    fd_ = other.release();
  }
  return *this;
}

int UniqueFd::release() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

void UniqueFd::reset() {
  if (fd_ >= 0) {
    // Linux releases the descriptor even when close fails, so retrying would be wrong.
    ::close(fd_);
    fd_ = -1;
  }
}

Result<UniqueFd> openFile(const std::filesystem::path& path, int flags, std::string_view verb) {
  int fd = -1;
  do {
    fd = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return ioError(verb, path, errno);
  return UniqueFd(fd);
}

Status writeAll(int fd, const void* data, std::size_t size, const std::filesystem::path& path) {
  const auto* bytes = static_cast<const char*>(data);
  while (size > 0) {
    // With RLIMIT_FSIZE and SIGXFSZ ignored, the kernel first writes up to the limit (a short
    // write), then fails the next call with EFBIG: the loop turns that into the error.
    const ssize_t written = ::write(fd, bytes, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      return ioError("write", path, errno);
    }
    if (written == 0) return ioError("write", path, EIO);
    bytes += written;
    size -= static_cast<std::size_t>(written);
  }
  return Status::success();
}

Status readExactAt(int fd, void* data, std::size_t size, std::uint64_t offset,
                   const std::filesystem::path& path) {
  auto* bytes = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t got = ::pread(fd, bytes, size, static_cast<off_t>(offset));
    if (got < 0) {
      if (errno == EINTR) continue;
      return ioError("read", path, errno);
    }
    if (got == 0) return Error{"cannot read " + path.string() + ": file is shorter than expected"};
    bytes += got;
    size -= static_cast<std::size_t>(got);
    offset += static_cast<std::uint64_t>(got);
  }
  return Status::success();
}

Result<std::uint64_t> fileSize(int fd, const std::filesystem::path& path) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return ioError("stat", path, errno);
  return static_cast<std::uint64_t>(info.st_size);
}

Status truncateFile(int fd, std::uint64_t size, const std::filesystem::path& path) {
  int result = 0;
  do {
    result = ::ftruncate(fd, static_cast<off_t>(size));
  } while (result != 0 && errno == EINTR);
  if (result != 0) return ioError("truncate", path, errno);
  return Status::success();
}

Status syncFile(int fd, const std::filesystem::path& path) {
  if (::fsync(fd) != 0) return ioError("sync", path, errno);
  return Status::success();
}

Status syncFileData(int fd, const std::filesystem::path& path) {
  if (::fdatasync(fd) != 0) return ioError("sync", path, errno);
  return Status::success();
}

Status syncFolder(const std::filesystem::path& folder) {
  auto opened = openFile(folder, O_RDONLY | O_DIRECTORY, "open");
  if (!opened) return Error{opened.error()};
  return syncFile(opened->get(), folder);
}

Status renameFile(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    return Error{"cannot rename " + from.string() + " to " + to.filename().string() + ": " +
                 std::generic_category().message(errno)};
  }
  return Status::success();
}

Result<std::string> readWholeFile(const std::filesystem::path& path) {
  auto opened = openFile(path, O_RDONLY, "open");
  if (!opened) return Error{opened.error()};
  auto size = fileSize(opened->get(), path);
  if (!size) return Error{size.error()};
  std::string content(*size, '\0');
  auto status = readExactAt(opened->get(), content.data(), content.size(), 0, path);
  if (!status) return Error{status.error()};
  return content;
}

}  // namespace liveframe::session_internal
