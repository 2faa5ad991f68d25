#include "staged_output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <random>
#include <system_error>

namespace liveframe::export_internal {
namespace {

Error systemError(const char* action, const std::filesystem::path& path, int error_number) {
  return Error{std::string("cannot ") + action + " " + path.string() + ": " +
               std::generic_category().message(error_number)};
}

std::filesystem::path folderOf(const std::filesystem::path& path) {
  return path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
}

std::string stageName(const std::string& name) {
  static thread_local std::mt19937 random{std::random_device{}()};
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, ".export-%08x", static_cast<unsigned>(random()));
  std::string stage = ".";
  stage += name;
  stage += suffix;
  return stage;
}

constexpr int kNameAttempts = 16;

}  // namespace

Status syncPath(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return systemError("sync", path, errno);
  const int result = ::fsync(fd);
  const int sync_errno = errno;
  ::close(fd);
  // EINVAL: a filesystem that cannot sync folders at all.
  if (result != 0 && sync_errno != EINVAL) return systemError("sync", path, sync_errno);
  return Status::success();
}

Status writeBytes(const std::filesystem::path& path, std::span<const std::uint8_t> bytes,
                  const std::string& name_in_errors) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return systemError("create", name_in_errors, errno);
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) {
      const int write_errno = errno;
      ::close(fd);
      return systemError("write", name_in_errors, write_errno);
    }
    bytes = bytes.subspan(static_cast<std::size_t>(written));
  }
  if (::close(fd) != 0) return systemError("write", name_in_errors, errno);
  return Status::success();
}

Result<StagedFile> StagedFile::create(const std::filesystem::path& target) {
  const auto folder = folderOf(target);
  for (int attempt = 0; attempt < kNameAttempts; ++attempt) {
    auto temp = folder / stageName(target.filename().string());
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno == EEXIST) continue;
    if (fd < 0) return systemError("create a temporary file in", folder, errno);
    ::close(fd);
    return StagedFile(target, std::move(temp));
  }
  return Error{"cannot create a temporary file in " + folder.string() + ": names exhausted"};
}

StagedFile::StagedFile(StagedFile&& other) noexcept
    : target_(std::move(other.target_)),
      temp_path_(std::move(other.temp_path_)),
      committed_(std::exchange(other.committed_, true)) {}

StagedFile::~StagedFile() {
  if (!committed_) ::unlink(temp_path_.c_str());
}

Status StagedFile::commit() {
  if (auto status = syncPath(temp_path_); !status) return status;
  if (::rename(temp_path_.c_str(), target_.c_str()) != 0) {
    return systemError("rename the finished export to", target_, errno);
  }
  committed_ = true;
  return syncPath(folderOf(target_));
}

Result<StagedFolder> StagedFolder::create(const std::filesystem::path& destination,
                                          const std::string& name) {
  const std::filesystem::path folder = destination.empty() ? "." : destination;
  for (int attempt = 0; attempt < kNameAttempts; ++attempt) {
    auto temp = folder / stageName(name);
    if (::mkdir(temp.c_str(), 0755) == 0) return StagedFolder(folder, std::move(temp));
    if (errno != EEXIST) return systemError("create a temporary folder in", folder, errno);
  }
  return Error{"cannot create a temporary folder in " + folder.string() + ": names exhausted"};
}

StagedFolder::StagedFolder(StagedFolder&& other) noexcept
    : folder_(std::move(other.folder_)),
      temp_folder_(std::move(other.temp_folder_)),
      committed_(std::exchange(other.committed_, true)) {}

StagedFolder::~StagedFolder() {
  if (committed_) return;
  std::error_code ignored;  // best effort: a stage we cannot remove is hidden and named as ours
  std::filesystem::remove_all(temp_folder_, ignored);
}

Status StagedFolder::commit(const std::vector<std::string>& names) {
  for (const auto& name : names) {
    if (auto status = syncPath(temp_folder_ / name); !status) return status;
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto target = folder_ / names[i];
    if (::rename((temp_folder_ / names[i]).c_str(), target.c_str()) != 0) {
      Error error = systemError("move the finished export to", target, errno);
      for (std::size_t j = 0; j < i; ++j) ::unlink((folder_ / names[j]).c_str());
      return error;
    }
  }
  committed_ = true;
  std::error_code error;
  std::filesystem::remove(temp_folder_, error);
  if (error) return Error{"cannot remove " + temp_folder_.string() + ": " + error.message()};
  return syncPath(folder_);
}

}  // namespace liveframe::export_internal
