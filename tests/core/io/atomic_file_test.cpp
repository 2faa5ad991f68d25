#include "io/atomic_file.h"

#include <gtest/gtest.h>

#include <string_view>

#include "scratch_dir.h"

namespace liveframe::io {
namespace {

using testing::ScratchDir;

std::span<const std::byte> asBytes(std::string_view text) {
  return std::as_bytes(std::span(text.data(), text.size()));
}

std::string readText(const std::filesystem::path& path) {
  const std::vector<std::byte> bytes = testing::readBytes(path);
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

TEST(AtomicFileTest, WritesAndReplaces) {
  ScratchDir dir;
  const auto path = dir / "session.json";
  ASSERT_TRUE(writeFileAtomically(path, asBytes("first")).ok());
  EXPECT_EQ(readText(path), "first");
  ASSERT_TRUE(writeFileAtomically(path, asBytes("second, longer")).ok());
  EXPECT_EQ(readText(path), "second, longer");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(AtomicFileTest, LargeAppendsBypassTheBuffer) {
  ScratchDir dir;
  const auto path = dir / "big.bin";
  auto writer = AtomicFileWriter::create(path);
  ASSERT_TRUE(writer.ok()) << writer.error();
  std::vector<std::byte> expected;
  for (std::size_t size : {10u, 3u << 20, 7u, (1u << 20) - 5, 1u << 20}) {
    std::vector<std::byte> piece(size, static_cast<std::byte>(size & 0xFF));
    ASSERT_TRUE(writer->append(piece).ok());
    expected.insert(expected.end(), piece.begin(), piece.end());
  }
  EXPECT_FALSE(std::filesystem::exists(path)) << "visible before commit";
  ASSERT_TRUE(writer->commit().ok());
  EXPECT_EQ(testing::readBytes(path), expected);
  EXPECT_FALSE(writer->commit().ok());  // spent
}

TEST(AtomicFileTest, AbandonedWriterLeavesTheOldFileAndNoTemporary) {
  ScratchDir dir;
  const auto path = dir / "keep.txt";
  ASSERT_TRUE(writeFileAtomically(path, asBytes("old")).ok());
  {
    auto writer = AtomicFileWriter::create(path);
    ASSERT_TRUE(writer.ok()) << writer.error();
    ASSERT_TRUE(writer->append(asBytes("half-written")).ok());
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 2);
  }
  EXPECT_EQ(readText(path), "old");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(AtomicFileTest, ErrorsNameTheTarget) {
  ScratchDir dir;
  const auto no_folder = dir / "missing" / "x.txt";
  Status missing = writeFileAtomically(no_folder, asBytes("x"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error(), no_folder.string() +
                                 ": cannot create a temporary file beside it: No such file or "
                                 "directory");
  std::filesystem::create_directory(dir / "folder");
  Status onto_folder = writeFileAtomically(dir / "folder", asBytes("x"));
  ASSERT_FALSE(onto_folder.ok());
  EXPECT_EQ(onto_folder.error(), (dir / "folder").string() + ": cannot replace: Is a directory");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

}  // namespace
}  // namespace liveframe::io
