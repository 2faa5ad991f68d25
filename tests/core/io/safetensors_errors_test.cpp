// Malformed files: each must fail at open with one line naming the file and the problem.
#include <gtest/gtest.h>

#include "io/safetensors.h"
#include "scratch_dir.h"

namespace liveframe::io {
namespace {

using testing::ScratchDir;
using testing::writeRawSafetensors;

const std::filesystem::path kDitWeights =
    LIVEFRAME_SHARED_DIR "/testvectors/wan/causal_dit_global.weights.safetensors";

// The error from opening `path`; fails the test if the open succeeds or spans lines.
std::string openError(const std::filesystem::path& path) {
  auto file = SafetensorsFile::open(path);
  if (file.ok()) {
    ADD_FAILURE() << path << " opened but should not have";
    return {};
  }
  EXPECT_EQ(file.error().find('\n'), std::string::npos) << file.error();
  return file.error();
}

class SafetensorsErrorsTest : public ::testing::Test {
 protected:
  // Writes `header` with `data_bytes` zero bytes after it and returns the open error.
  std::string errorFor(const std::string& header, std::size_t data_bytes = 0) {
    writeRawSafetensors(path_, header, data_bytes);
    return openError(path_);
  }
  std::string label() const { return path_.string() + ": "; }

  ScratchDir dir_;
  std::filesystem::path path_ = dir_ / "model.safetensors";
};

TEST_F(SafetensorsErrorsTest, TruncatedFileNamesTheTensor) {
  const std::uintmax_t size = std::filesystem::file_size(kDitWeights);
  std::filesystem::copy_file(kDitWeights, path_);
  std::filesystem::resize_file(path_, size - 1000);
  EXPECT_EQ(openError(path_), label() +
                                  "truncated: tensor 'time_projection.1.weight' needs bytes "
                                  "547840..646144 but the file has 645144 data bytes");

  std::filesystem::resize_file(path_, 8 + 6576 + 200000);  // deep into the data
  const std::string error = openError(path_);
  EXPECT_EQ(error.rfind(label() + "truncated: tensor '", 0), 0u) << error;
  EXPECT_NE(error.find("but the file has 200000 data bytes"), std::string::npos) << error;

  std::filesystem::resize_file(path_, 8 + 100);  // inside the header
  EXPECT_EQ(openError(path_), label() +
                                  "not a safetensors file (header length 6576 exceeds "
                                  "file size 108)");
}

TEST_F(SafetensorsErrorsTest, HeaderLengthBeyondTheFile) {
  writeRawSafetensors(path_, std::string(112, ' '), 0, 7234234234);
  EXPECT_EQ(openError(path_),
            label() + "not a safetensors file (header length 7234234234 exceeds file size 120)");
  writeRawSafetensors(path_, std::string(112, ' '), 0, 115);
  EXPECT_EQ(openError(path_), label() +
                                  "not a safetensors file (header length 115 plus its "
                                  "8-byte field exceeds file size 120)");
}

TEST_F(SafetensorsErrorsTest, HeaderLengthOverTheLimit) {
  // A sparse file: large on paper, nothing on disk.
  writeRawSafetensors(path_, "{}", 0, 150'000'000);
  std::filesystem::resize_file(path_, 200'000'000);
  EXPECT_EQ(openError(path_), label() +
                                  "not a safetensors file (header length 150000000 "
                                  "exceeds the limit of 100000000 bytes)");
}

TEST_F(SafetensorsErrorsTest, EmptyAndTooShortFiles) {
  testing::writeBytes(path_, {});
  EXPECT_EQ(openError(path_), label() + "not a safetensors file (the file is empty)");
  const std::vector<std::byte> five(5, std::byte{1});
  testing::writeBytes(path_, five);
  EXPECT_EQ(openError(path_),
            label() + "not a safetensors file (5 bytes, too short for the 8-byte header length)");
}

TEST_F(SafetensorsErrorsTest, MissingFileAndDirectory) {
  const auto missing = dir_ / "missing.safetensors";
  EXPECT_EQ(openError(missing), missing.string() + ": cannot open: No such file or directory");
  EXPECT_EQ(openError(dir_.path()), dir_.path().string() + ": cannot open: Is a directory");
}

TEST_F(SafetensorsErrorsTest, InvalidJson) {
  const std::string error = errorFor("{\"a\": ");
  EXPECT_EQ(error.rfind(label() + "invalid JSON header: parse error at line 1", 0), 0u) << error;
  EXPECT_EQ(errorFor("[1, 2]"), label() + "header is JSON array, not an object");
  EXPECT_EQ(errorFor(R"({"a": {"dtype": "U8", "shape": [1], "data_offsets": [0, 1]},)"
                     R"( "a": {"dtype": "U8", "shape": [1], "data_offsets": [1, 2]}})",
                     2),
            label() + "invalid JSON header: key 'a' appears twice");
  EXPECT_NE(errorFor("{\"a\": \"\xff\"}").find("invalid JSON header"), std::string::npos);
}

TEST_F(SafetensorsErrorsTest, WrongDtypeString) {
  EXPECT_EQ(errorFor(R"({"w": {"dtype": "F8_E4M3", "shape": [2], "data_offsets": [0, 2]}})", 2),
            label() +
                "tensor 'w' has unsupported dtype 'F8_E4M3' (supported: F64, F32, F16, "
                "BF16, I64, I32, I16, I8, U8, BOOL)");
  EXPECT_EQ(errorFor(R"({"w": {"dtype": "f32", "shape": [2], "data_offsets": [0, 8]}})", 8)
                    .find("unsupported dtype 'f32'") != std::string::npos,
            true);
  EXPECT_EQ(errorFor(R"({"w": {"dtype": 4, "shape": [2], "data_offsets": [0, 8]}})", 8),
            label() + "tensor 'w' has a 'dtype' that is not a string");
}

TEST_F(SafetensorsErrorsTest, MissingOrMalformedFields) {
  EXPECT_EQ(errorFor(R"({"w": {"dtype": "F32", "data_offsets": [0, 8]}})", 8),
            label() + "tensor 'w' has no 'shape'");
  EXPECT_EQ(errorFor(R"({"w": [1, 2]})"), label() + "tensor 'w' is JSON array, not an object");
  EXPECT_EQ(errorFor(R"({"w": {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}})", 8),
            label() + "tensor 'w' has a 'shape' containing -2, not a non-negative integer");
  EXPECT_EQ(errorFor(R"({"w": {"dtype": "F32", "shape": [2.0], "data_offsets": [0, 8]}})", 8),
            label() + "tensor 'w' has a 'shape' containing 2.0, not a non-negative integer");
  EXPECT_EQ(errorFor(R"({"w": {"dtype": "F32", "shape": [2], "data_offsets": [0]}})", 8),
            label() + "tensor 'w' has 'data_offsets' [0], expected [begin, end]");
  EXPECT_EQ(errorFor(R"({"w": {"dtype": "F32", "shape": [0], "data_offsets": [8, 0]}})", 8),
            label() + "tensor 'w' has 'data_offsets' [8,0] with begin > end");
  EXPECT_EQ(errorFor(R"({"w\n": {"dtype": "F32", "shape": [2]}})", 8),
            label() + "tensor 'w\\x0a' has no 'data_offsets'");
}

TEST_F(SafetensorsErrorsTest, ShapeDisagreesWithByteRange) {
  EXPECT_EQ(errorFor(R"({"w": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 20]}})", 24),
            label() +
                "tensor 'w' has shape [2, 3] of F32 (24 bytes) but data_offsets 0..20 "
                "hold 20 bytes");
  EXPECT_EQ(errorFor(R"({"w": {"dtype": "F32", "shape": [4294967296, 4294967296],)"
                     R"( "data_offsets": [0, 4]}})",
                     4),
            label() +
                "tensor 'w' has shape [4294967296, 4294967296] of F32 (over 2^64 bytes) "
                "but data_offsets 0..4 hold 4 bytes");
}

TEST_F(SafetensorsErrorsTest, OverlappingRanges) {
  EXPECT_EQ(errorFor(R"({"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]},)"
                     R"( "b": {"dtype": "F32", "shape": [2], "data_offsets": [24, 32]},)"
                     R"( "c": {"dtype": "F32", "shape": [4], "data_offsets": [8, 24]}})",
                     32),
            label() + "tensors 'a' (bytes 0..16) and 'c' (bytes 8..24) overlap");
}

TEST_F(SafetensorsErrorsTest, EmptyTensorsAndGapsAreAllowed) {
  writeRawSafetensors(path_,
                      R"({"a": {"dtype": "F32", "shape": [0], "data_offsets": [8, 8]},)"
                      R"( "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]},)"
                      R"( "c": {"dtype": "BOOL", "shape": [], "data_offsets": [20, 21]}})",
                      24);
  auto file = SafetensorsFile::open(path_);
  ASSERT_TRUE(file.ok()) << file.error();
  EXPECT_EQ((*file)->names().size(), 3u);
  EXPECT_TRUE((*file)->metadata().empty());
}

TEST_F(SafetensorsErrorsTest, EmptyTensorWithHugeDimensionsIsEmpty) {
  writeRawSafetensors(path_,
                      R"({"w": {"dtype": "F32", "shape": [4611686018427387904,)"
                      R"( 4611686018427387904, 0], "data_offsets": [0, 0]}})",
                      0);
  auto file = SafetensorsFile::open(path_);
  ASSERT_TRUE(file.ok()) << file.error();
  EXPECT_EQ((*file)->find("w")->elementCount(), 0);
}

TEST_F(SafetensorsErrorsTest, LongJsonValuesAreCutShortInMessages) {
  std::string offsets = "[0";
  for (int i = 0; i < 1000; ++i) offsets += ",1";
  const std::string error =
      errorFor(R"({"w": {"dtype": "U8", "shape": [1], "data_offsets": )" + offsets + "]}}", 1);
  EXPECT_LT(error.size(), path_.string().size() + 150) << error;
  EXPECT_NE(error.find("...,"), std::string::npos) << error;
}

TEST_F(SafetensorsErrorsTest, MetadataMustMapStringsToStrings) {
  EXPECT_EQ(errorFor(R"({"__metadata__": {"dim": 64}})"),
            label() + "'__metadata__' must map strings to strings, but 'dim' holds number");
  EXPECT_EQ(errorFor(R"({"__metadata__": ["x"]})"),
            label() + "'__metadata__' must map strings to strings, but it is array");
}

TEST_F(SafetensorsErrorsTest, OutOfBoundsOffsets) {
  EXPECT_EQ(errorFor(R"({"w": {"dtype": "U8", "shape": [4], "data_offsets": [4, 8]}})", 6),
            label() + "truncated: tensor 'w' needs bytes 4..8 but the file has 6 data bytes");
  EXPECT_EQ(errorFor(R"({"w": {"dtype": "U8", "shape": [4],)"
                     R"( "data_offsets": [9223372036854775808, 9223372036854775812]}})",
                     4),
            label() +
                "tensor 'w' has 'data_offsets' containing 9223372036854775808, which is "
                "too large");
}

}  // namespace
}  // namespace liveframe::io
