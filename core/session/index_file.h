// Reading and rewriting index.bin (layout in segment_format.h). The index mirrors the
// segments; open() trusts the segments and uses the index only to notice disagreement.
// Thread-safety: reentrant.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "liveframe/result.h"
#include "segment_format.h"

namespace liveframe::session_internal {

struct IndexContents {
  std::vector<IndexEntry> entries;
  bool torn = false;  // a trailing partial entry was ignored
};

// Empty when the file is missing, unreadable or lacks the index header.
std::optional<IndexContents> readIndexFile(const std::filesystem::path& path);
// Replaces the index atomically with exactly `entries`.
Status rewriteIndexFile(const std::filesystem::path& path, const std::vector<IndexEntry>& entries);

}  // namespace liveframe::session_internal
