#include "index_file.h"

#include <string>

#include "file_io.h"
#include "io/atomic_file.h"

namespace liveframe::session_internal {

std::optional<IndexContents> readIndexFile(const std::filesystem::path& path) {
  auto bytes = readWholeFile(path);
  if (!bytes) return std::nullopt;
  const std::string& data = bytes.value();
  const auto* raw = reinterpret_cast<const std::uint8_t*>(data.data());
  if (data.size() < kIndexHeaderSize || !isIndexHeader(raw)) return std::nullopt;
  IndexContents contents;
  const std::size_t body_size = data.size() - kIndexHeaderSize;
  contents.torn = body_size % kIndexEntrySize != 0;
  contents.entries.reserve(body_size / kIndexEntrySize);
  for (std::size_t at = kIndexHeaderSize; at + kIndexEntrySize <= data.size();
       at += kIndexEntrySize) {
    contents.entries.push_back(decodeIndexEntry(raw + at));
  }
  return contents;
}

Status rewriteIndexFile(const std::filesystem::path& path, const std::vector<IndexEntry>& entries) {
  const auto header = encodeIndexHeader();
  std::string bytes(reinterpret_cast<const char*>(header.data()), header.size());
  bytes.reserve(header.size() + entries.size() * kIndexEntrySize);
  for (const auto& entry : entries) appendIndexEntry(entry, bytes);
  return io::writeFileAtomically(path, bytes);
}

}  // namespace liveframe::session_internal
