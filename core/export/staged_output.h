// Output that appears only when complete: a clip is written under a hidden temporary name in
// its destination folder (so the final rename stays on one filesystem) and renamed at the end;
// an image sequence goes into a hidden temporary folder there, whose files are moved out at the
// end. Destroying an uncommitted stage removes everything it wrote. Internal to core/export.
// Thread-safety: Unsafe; one export owns a stage.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "liveframe/result.h"

namespace liveframe::export_internal {

class StagedFile {
 public:
  // Reserves "<folder>/.<name>.export-<random>" for `target` (the file is created empty).
  static Result<StagedFile> create(const std::filesystem::path& target);
  StagedFile(StagedFile&& other) noexcept;
  StagedFile& operator=(StagedFile&&) = delete;
  StagedFile(const StagedFile&) = delete;
  ~StagedFile();

  const std::filesystem::path& tempPath() const { return temp_path_; }
  const std::filesystem::path& target() const { return target_; }
  // fsyncs the temporary file, renames it onto the target and syncs the folder.
  Status commit();

 private:
  StagedFile(std::filesystem::path target, std::filesystem::path temp)
      : target_(std::move(target)), temp_path_(std::move(temp)) {}
  std::filesystem::path target_;
  std::filesystem::path temp_path_;
  bool committed_ = false;
};

class StagedFolder {
 public:
  // Creates "<folder>/.<name>.export-<random>/" for files that end up in `folder`.
  static Result<StagedFolder> create(const std::filesystem::path& folder, const std::string& name);
  StagedFolder(StagedFolder&& other) noexcept;
  StagedFolder& operator=(StagedFolder&&) = delete;
  StagedFolder(const StagedFolder&) = delete;
  ~StagedFolder();

  const std::filesystem::path& tempFolder() const { return temp_folder_; }
  // Where a file named `name` is written now.
  std::filesystem::path stagePath(const std::string& name) const { return temp_folder_ / name; }
  // fsyncs and moves every named file into the destination folder, then removes the stage.
  Status commit(const std::vector<std::string>& names);

 private:
  StagedFolder(std::filesystem::path folder, std::filesystem::path temp)
      : folder_(std::move(folder)), temp_folder_(std::move(temp)) {}
  std::filesystem::path folder_;
  std::filesystem::path temp_folder_;
  bool committed_ = false;
};

// fsync(2) of a file or folder by path; "cannot sync PATH: reason".
Status syncPath(const std::filesystem::path& path);

// Creates (or truncates) `path` and writes `bytes`; errors name `name_in_errors`.
Status writeBytes(const std::filesystem::path& path, std::span<const std::uint8_t> bytes,
                  const std::string& name_in_errors);

}  // namespace liveframe::export_internal
