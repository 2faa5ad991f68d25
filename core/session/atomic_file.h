// Whole-file replacement that a crash cannot tear: readers see the old file or the new one.
// Thread-safety: reentrant; two writers of the same path at once would race on the temp file.
#pragma once

#include <filesystem>
#include <string_view>

#include "liveframe/result.h"

namespace liveframe::session_internal {

// Writes `content` to "<path>.tmp", fsyncs it, renames it over `path` and fsyncs the folder.
// On failure the temp file is removed and `path` is left as it was.
Status writeFileAtomically(const std::filesystem::path& path, std::string_view content);

}  // namespace liveframe::session_internal
