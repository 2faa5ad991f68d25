#include "io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <random>
#include <string>
#include <system_error>
#include <utility>

namespace liveframe::io {
namespace {

constexpr std::size_t kBufferBytes = std::size_t{1} << 20;

Error systemError(const std::filesystem::path& path, const char* action, int error_number) {
  return Error{path.string() + ": " + action + ": " +
               std::generic_category().message(error_number)};
}

Status writeAll(int fd, std::span<const std::byte> bytes, const std::filesystem::path& target) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return systemError(target, "cannot write", errno);
    bytes = bytes.subspan(static_cast<std::size_t>(n));
  }
  return Status::success();
}

// Makes the rename itself durable; without this a crash can bring the old file back.
Status syncFolder(const std::filesystem::path& folder, const std::filesystem::path& target) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return systemError(target, "cannot sync its folder", errno);
  const int result = ::fsync(fd);
  const int fsync_errno = errno;
  ::close(fd);
  // EINVAL: the filesystem cannot sync folders at all (nothing more can be done there).
  if (result != 0 && fsync_errno != EINVAL) {
    return systemError(target, "cannot sync its folder", fsync_errno);
  }
  return Status::success();
}

}  // namespace

Result<AtomicFileWriter> AtomicFileWriter::create(const std::filesystem::path& path) {
  const std::filesystem::path folder =
      path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::random_device random;
  for (int attempt = 0; attempt < 16; ++attempt) {
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, ".tmp-%08x", static_cast<unsigned>(random()));
    // Appended piecewise: GCC 12's -Wrestrict misfires on `"." + string + ...` at -O3.
    std::string name = ".";
    name += path.filename().string();
    name += suffix;
    std::filesystem::path temp = folder / name;
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno == EEXIST) continue;
    if (fd < 0) return systemError(path, "cannot create a temporary file beside it", errno);
    AtomicFileWriter writer;
    writer.target_path_ = path;
    writer.temp_path_ = std::move(temp);
    writer.fd_ = fd;
    writer.buffer_.reserve(kBufferBytes);
    return writer;
  }
  return Error{path.string() + ": cannot create a temporary file beside it: names exhausted"};
}

AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&& other) noexcept
    : target_path_(std::move(other.target_path_)),
      temp_path_(std::move(other.temp_path_)),
      fd_(std::exchange(other.fd_, -1)),
      buffer_(std::move(other.buffer_)) {}

AtomicFileWriter& AtomicFileWriter::operator=(AtomicFileWriter&& other) noexcept {
  if (this != &other) {
    discard();
    target_path_ = std::move(other.target_path_);
    temp_path_ = std::move(other.temp_path_);
    fd_ = std::exchange(other.fd_, -1);
    buffer_ = std::move(other.buffer_);
  }
  return *this;
}

AtomicFileWriter::~AtomicFileWriter() { discard(); }

void AtomicFileWriter::discard() {
  if (fd_ < 0) return;
  ::close(fd_);
  ::unlink(temp_path_.c_str());
  fd_ = -1;
}

Status AtomicFileWriter::flushBuffer() {
  Status status = writeAll(fd_, buffer_, target_path_);
  buffer_.clear();
  return status;
}

Status AtomicFileWriter::append(std::span<const std::byte> bytes) {
  if (fd_ < 0) return Error{target_path_.string() + ": cannot write: writer already spent"};
  if (buffer_.size() + bytes.size() <= kBufferBytes) {
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
    return Status::success();
  }
  if (Status status = flushBuffer(); !status.ok()) return status;
  if (bytes.size() >= kBufferBytes) return writeAll(fd_, bytes, target_path_);
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  return Status::success();
}

Status AtomicFileWriter::commit() {
  if (fd_ < 0) return Error{target_path_.string() + ": cannot write: writer already spent"};
  Status status = flushBuffer();
  // The data must be on disk before the rename publishes it, or a crash leaves a torn file.
  if (status.ok() && ::fsync(fd_) != 0) status = systemError(target_path_, "cannot sync", errno);
  if (!status.ok()) {
    discard();
    return status;
  }
  const int close_result = ::close(fd_);
  fd_ = -1;
  if (close_result != 0 || ::rename(temp_path_.c_str(), target_path_.c_str()) != 0) {
    Error error =
        systemError(target_path_, close_result != 0 ? "cannot write" : "cannot replace", errno);
    ::unlink(temp_path_.c_str());
    return error;
  }
  const std::filesystem::path folder =
      target_path_.has_parent_path() ? target_path_.parent_path() : std::filesystem::path(".");
  return syncFolder(folder, target_path_);
}

Status writeFileAtomically(const std::filesystem::path& path, std::span<const std::byte> bytes) {
  Result<AtomicFileWriter> writer = AtomicFileWriter::create(path);
  if (!writer.ok()) return Error{writer.error()};
  if (Status status = writer->append(bytes); !status.ok()) return status;
  return writer->commit();
}

}  // namespace liveframe::io
