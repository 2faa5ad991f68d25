#include "liveframe/resources.h"

#include <cstdlib>
#include <system_error>

namespace liveframe {
namespace fs = std::filesystem;

fs::path resourceDir() {
  if (const char* env = std::getenv("LIVEFRAME_RESOURCES"); env && *env) return env;
  // Installed layout: <prefix>/bin/liveframe and <prefix>/share/liveframe/resources.
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "share/liveframe/resources";
    if (fs::is_directory(installed, ec)) return installed;
  }
  return LIVEFRAME_RESOURCE_DIR;
}

}  // namespace liveframe
