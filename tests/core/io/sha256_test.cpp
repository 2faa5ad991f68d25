#include "io/sha256.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include "scratch_dir.h"

namespace liveframe::io {
namespace {

std::span<const std::byte> asBytes(std::string_view text) {
  return std::as_bytes(std::span(text.data(), text.size()));
}

// 0, 1, ..., 250, 0, 1, ...: not periodic in 64-byte blocks.
std::vector<std::byte> counting(std::size_t count) {
  std::vector<std::byte> bytes(count);
  for (std::size_t i = 0; i < count; ++i) bytes[i] = static_cast<std::byte>(i % 251);
  return bytes;
}

TEST(Sha256Test, Fips180StandardVectors) {
  EXPECT_EQ(sha256Hex(asBytes("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256Hex(asBytes("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256Hex(asBytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256Hex(asBytes("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                              "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  const std::string million_a(1'000'000, 'a');
  EXPECT_EQ(sha256Hex(asBytes(million_a)),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Lengths around the padding boundaries (55/56 bytes need one or two final blocks).
TEST(Sha256Test, PaddingBoundaries) {
  const std::vector<std::pair<std::size_t, std::string>> expected = {
      {55, "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59"},
      {56, "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562"},
      {63, "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488"},
      {64, "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108"},
      {65, "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781"},
      {119, "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6"},
      {120, "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c"},
      {1000, "4e4c294b331f7a2099a379bec34b9f9fc03dc46ab465d998f4d683da53487e6d"},
  };
  for (const auto& [length, hex] : expected) {
    EXPECT_EQ(sha256Hex(counting(length)), hex) << length << " bytes";
  }
}

TEST(Sha256Test, IncrementalUpdatesMatchOneShot) {
  const std::vector<std::byte> message = counting(1000);
  const std::string one_shot = sha256Hex(message);
  Sha256 hash;
  for (std::size_t piece : {1u, 7u, 63u, 64u, 65u, 200u}) {
    hash.reset();
    for (std::size_t at = 0; at < message.size(); at += piece) {
      hash.update(std::span(message).subspan(at, std::min(piece, message.size() - at)));
    }
    EXPECT_EQ(toHex(hash.finish()), one_shot) << "pieces of " << piece;
  }
}

TEST(Sha256Test, HashesFilesLargerThanTheBuffer) {
  // 19.7 MB, so the 1 MiB buffer is refilled many times; digest from Python's hashlib.
  auto hex = sha256File(LIVEFRAME_SHARED_DIR "/testvectors/wan/taehv_decoder.weights.safetensors");
  ASSERT_TRUE(hex.ok()) << hex.error();
  EXPECT_EQ(*hex, "727f375269b2200a247fe161de01ec57a8b7db6d6680e19583f2ffb43d9657a5");
  auto small = sha256File(LIVEFRAME_SHARED_DIR "/testvectors/wan/umt5_encoder.vectors.safetensors");
  ASSERT_TRUE(small.ok()) << small.error();
  EXPECT_EQ(*small, "05faa7aca2d5cf956c2ecd4f0ea13349888a632e4c351b3adb6a406e5feea1fb");
}

TEST(Sha256Test, FileErrorsNameTheFile) {
  testing::ScratchDir dir;
  const auto missing = dir / "missing.bin";
  auto absent = sha256File(missing);
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.error(), missing.string() + ": cannot open: No such file or directory");
  auto folder = sha256File(dir.path());
  ASSERT_FALSE(folder.ok());
  EXPECT_EQ(folder.error(), dir.path().string() + ": cannot read: Is a directory");

  const auto empty = dir / "empty.bin";
  testing::writeBytes(empty, {});
  auto empty_hash = sha256File(empty);
  ASSERT_TRUE(empty_hash.ok()) << empty_hash.error();
  EXPECT_EQ(*empty_hash, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace liveframe::io
