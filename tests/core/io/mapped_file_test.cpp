#include "io/mapped_file.h"

#include <gtest/gtest.h>

#include "scratch_dir.h"

namespace liveframe::io {
namespace {

TEST(MappedFileTest, MappedAndReadBytesAgree) {
  testing::ScratchDir dir;
  const auto path = dir / "data.bin";
  std::vector<std::byte> bytes(70'000);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::byte>(i * 7);
  testing::writeBytes(path, bytes);
  for (MappedFile::Mode mode : {MappedFile::Mode::kMapOrRead, MappedFile::Mode::kRead}) {
    auto file = MappedFile::open(path, mode);
    ASSERT_TRUE(file.ok()) << file.error();
    EXPECT_EQ((*file)->isMapped(), mode == MappedFile::Mode::kMapOrRead);
    const auto view = (*file)->bytes();
    EXPECT_TRUE(std::equal(view.begin(), view.end(), bytes.begin(), bytes.end()));
  }
}

TEST(MappedFileTest, EmptyFileHasNoBytes) {
  testing::ScratchDir dir;
  testing::writeBytes(dir / "empty", {});
  auto file = MappedFile::open(dir / "empty");
  ASSERT_TRUE(file.ok()) << file.error();
  EXPECT_TRUE((*file)->bytes().empty());
}

TEST(MappedFileTest, ErrorsNameTheFile) {
  testing::ScratchDir dir;
  auto missing = MappedFile::open(dir / "missing");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error(),
            (dir / "missing").string() + ": cannot open: No such file or directory");
  auto folder = MappedFile::open(dir.path(), MappedFile::Mode::kRead);
  ASSERT_FALSE(folder.ok());
  EXPECT_EQ(folder.error(), dir.path().string() + ": cannot open: Is a directory");
  auto device = MappedFile::open("/dev/null");
  ASSERT_FALSE(device.ok());
  EXPECT_EQ(device.error(), "/dev/null: cannot open: not a regular file");
}

}  // namespace
}  // namespace liveframe::io
