#include "atomic_file.h"

#include <fcntl.h>

#include <system_error>

#include "file_io.h"

namespace liveframe::session_internal {
namespace {

Status writeAndSync(const std::filesystem::path& temp_path, std::string_view content) {
  auto file = openFile(temp_path, O_WRONLY | O_CREAT | O_TRUNC, "create");
  if (!file) return Error{file.error()};
  if (auto status = writeAll(file->get(), content.data(), content.size(), temp_path); !status) {
    return status;
  }
  // Without this fsync a crash after the rename can leave an empty file under the final name
  // (delayed allocation), which is exactly the torn header this function exists to prevent.
  return syncFile(file->get(), temp_path);
}

}  // namespace

Status writeFileAtomically(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::path temp_path = path;
  temp_path += ".tmp";
  Status status = writeAndSync(temp_path, content);
  if (status) status = renameFile(temp_path, path);
  if (!status) {
    // Best effort: a leftover temp file is harmless (open() ignores it), and the write error
    // is the one worth reporting.
    std::error_code ignored;
    std::filesystem::remove(temp_path, ignored);
    return status;
  }
  return syncFolder(path.parent_path());
}

}  // namespace liveframe::session_internal
