#include "io/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace liveframe::io {
namespace {

Error systemError(const std::filesystem::path& path, const char* action, int error_number) {
  return Error{path.string() + ": " + action + ": " +
               std::generic_category().message(error_number)};
}

// Owns a file descriptor for the duration of open(); the mapping outlives it.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

Status readWholeFile(int fd, const std::filesystem::path& path, std::vector<std::byte>& out) {
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return systemError(path, "cannot read", errno);
    if (n == 0) {
      return Error{path.string() + ": cannot read: the file shrank while it was being read"};
    }
    done += static_cast<std::size_t>(n);
  }
  return Status::success();
}

}  // namespace

Result<std::unique_ptr<const MappedFile>> MappedFile::open(const std::filesystem::path& path,
                                                           Mode mode) {
  // O_NONBLOCK: opening a FIFO by mistake must fail below, not hang; regular files ignore it.
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) return systemError(path, "cannot open", errno);
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return systemError(path, "cannot open", errno);
  // open() succeeds on a directory, and reading one fails late and obscurely: say it now.
  if (S_ISDIR(info.st_mode)) return systemError(path, "cannot open", EISDIR);
  if (!S_ISREG(info.st_mode)) {
    return Error{path.string() + ": cannot open: not a regular file"};
  }

  std::unique_ptr<MappedFile> file(new MappedFile());
  const auto size = static_cast<std::size_t>(info.st_size);
  if (size == 0) return std::unique_ptr<const MappedFile>(std::move(file));  // mmap rejects 0

  if (mode == Mode::kMapOrRead) {
    void* mapping = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
    if (mapping != MAP_FAILED) {
      file->mapping_ = mapping;
      file->mapping_size_ = size;
      file->bytes_ = {static_cast<const std::byte*>(mapping), size};
      return std::unique_ptr<const MappedFile>(std::move(file));
    }
    // Some filesystems (FUSE, some network mounts) cannot map: fall through and read.
  }
  file->read_buffer_.resize(size);
  if (Status status = readWholeFile(fd.get(), path, file->read_buffer_); !status.ok()) {
    return Error{status.error()};
  }
  file->bytes_ = file->read_buffer_;
  return std::unique_ptr<const MappedFile>(std::move(file));
}

MappedFile::~MappedFile() {
  if (mapping_ != nullptr) ::munmap(mapping_, mapping_size_);
}

}  // namespace liveframe::io
