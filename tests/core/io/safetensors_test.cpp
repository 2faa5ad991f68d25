#include "io/safetensors.h"

#include <gtest/gtest.h>

#include <cstring>
#include <numeric>

#include "scratch_dir.h"

namespace liveframe::io {
namespace {

using testing::ScratchDir;

const std::filesystem::path kWanDir = LIVEFRAME_SHARED_DIR "/testvectors/wan";

std::vector<std::byte> patternBytes(std::size_t count, std::uint8_t seed) {
  std::vector<std::byte> bytes(count);
  for (std::size_t i = 0; i < count; ++i) {
    bytes[i] = static_cast<std::byte>((i * 37 + seed) & 0xFF);
  }
  return bytes;
}

template <typename T>
T elementAt(const TensorView& view, std::size_t index) {
  T value;  // copied, not cast: views from other writers need not be aligned
  std::memcpy(&value, view.bytes.data() + index * sizeof(T), sizeof(T));
  return value;
}

TEST(SafetensorsTest, RoundTripsEveryDtype) {
  ScratchDir dir;
  const std::vector<DType> dtypes = {DType::F64, DType::F32, DType::F16, DType::BF16, DType::I64,
                                     DType::I32, DType::I16, DType::I8,  DType::U8,   DType::BOOL};
  std::vector<std::vector<std::byte>> storage;
  std::vector<TensorData> tensors;
  for (std::size_t i = 0; i < dtypes.size(); ++i) {
    // Odd element counts, so a careless layout would misalign the wider dtypes after them.
    const std::vector<std::int64_t> shape = {3, static_cast<std::int64_t>(i) + 1};
    storage.push_back(
        patternBytes(3 * (i + 1) * dtypeSize(dtypes[i]), static_cast<std::uint8_t>(i)));
    tensors.push_back({"t." + std::string(dtypeName(dtypes[i])), dtypes[i], shape, storage.back()});
  }
  storage.emplace_back();
  tensors.push_back({"scalar", DType::F32, {}, {}});
  storage.back() = patternBytes(4, 99);
  tensors.back().bytes = storage.back();
  tensors.push_back({"empty", DType::F16, {0, 5}, {}});
  tensors.push_back(
      {"empty.huge", DType::F64, {std::int64_t{1} << 62, std::int64_t{1} << 62, 0}, {}});
  const std::map<std::string, std::string> metadata = {{"format", "pt"}, {"note", "héllo \"q\""}};

  const auto path = dir / "all.safetensors";
  ASSERT_TRUE(writeSafetensors(path, tensors, metadata).ok());
  auto file = SafetensorsFile::open(path);
  ASSERT_TRUE(file.ok()) << file.error();
  EXPECT_EQ((*file)->metadata(), metadata);
  EXPECT_EQ((*file)->path(), path);
  ASSERT_EQ((*file)->names().size(), tensors.size());
  EXPECT_TRUE(std::is_sorted((*file)->names().begin(), (*file)->names().end()));
  for (const TensorData& written : tensors) {
    const TensorView* view = (*file)->find(written.name);
    ASSERT_NE(view, nullptr) << written.name;
    EXPECT_EQ(view->dtype, written.dtype);
    EXPECT_EQ(view->shape, written.shape);
    ASSERT_EQ(view->bytes.size(), written.bytes.size());
    EXPECT_TRUE(std::equal(view->bytes.begin(), view->bytes.end(), written.bytes.begin()));
    const auto address = reinterpret_cast<std::uintptr_t>(view->bytes.data());
    EXPECT_EQ(address % dtypeSize(view->dtype), 0u) << written.name << " is misaligned";
  }
  // No gaps: the reference reader rejects a data region its tensors do not fully cover.
  std::uint64_t header_length = 0;
  std::memcpy(&header_length, testing::readBytes(path).data(), 8);
  std::size_t data_bytes = 0;
  for (const TensorData& written : tensors) data_bytes += written.bytes.size();
  EXPECT_EQ(std::filesystem::file_size(path), 8 + header_length + data_bytes);
  EXPECT_EQ((*file)->find("scalar")->elementCount(), 1);
  EXPECT_EQ((*file)->find("empty")->elementCount(), 0);
}

TEST(SafetensorsTest, HeaderIsPaddedToEightBytesAndDataIsContiguous) {
  ScratchDir dir;
  const auto bytes = patternBytes(6, 1);
  const auto path = dir / "pad.safetensors";
  ASSERT_TRUE(
      writeSafetensors(path, {{"a", DType::U8, {6}, bytes}, {"b", DType::I16, {3}, bytes}}, {})
          .ok());
  const std::vector<std::byte> raw = testing::readBytes(path);
  std::uint64_t header_length = 0;
  std::memcpy(&header_length, raw.data(), 8);
  EXPECT_EQ(header_length % 8, 0u);
  EXPECT_EQ(raw.size(), 8 + header_length + 12);  // no gaps: the reference reader demands it
  const std::string header(reinterpret_cast<const char*>(raw.data()) + 8, header_length);
  EXPECT_EQ(header.find("__metadata__"), std::string::npos);  // omitted when empty
  EXPECT_NE(header.find("\"b\":{\"dtype\":\"I16\",\"shape\":[3],\"data_offsets\":[0,6]}"),
            std::string::npos)
      << header;
}

TEST(SafetensorsTest, ReadModeGivesTheSameViewsAsMapping) {
  const auto path = kWanDir / "umt5_encoder.vectors.safetensors";
  auto mapped = SafetensorsFile::open(path);
  auto read = SafetensorsFile::open(path, MappedFile::Mode::kRead);
  ASSERT_TRUE(mapped.ok()) << mapped.error();
  ASSERT_TRUE(read.ok()) << read.error();
  EXPECT_TRUE((*mapped)->isMapped());
  EXPECT_FALSE((*read)->isMapped());
  for (const std::string& name : (*mapped)->names()) {
    const auto a = (*mapped)->find(name)->bytes;
    const auto b = (*read)->find(name)->bytes;
    EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end())) << name;
  }
}

TEST(SafetensorsTest, ReadsTheWanDitWeights) {
  auto file = SafetensorsFile::open(kWanDir / "causal_dit_global.weights.safetensors");
  ASSERT_TRUE(file.ok()) << file.error();
  EXPECT_EQ((*file)->names().size(), 69u);
  EXPECT_EQ((*file)->names().front(), "blocks.0.cross_attn.k.bias");
  EXPECT_EQ((*file)->names().back(), "time_projection.1.weight");
  EXPECT_EQ((*file)->metadata().at("dim"), "64");
  EXPECT_EQ((*file)->metadata().at("num_layers"), "2");
  EXPECT_EQ((*file)->metadata().at("denoising_step_list"), "1000,750,500,250");

  auto q = (*file)->require("blocks.0.self_attn.q.weight", DType::F32, {64, 64});
  ASSERT_TRUE(q.ok()) << q.error();
  EXPECT_FLOAT_EQ(elementAt<float>(**q, 0), 0.11524809896945953f);
  EXPECT_FLOAT_EQ(elementAt<float>(**q, 2), 0.009293920360505581f);
  auto patch = (*file)->require("patch_embedding.weight", DTypeExpectation::anyFloat(),
                                {64, 16, 1, kAnyDimension, 2});
  ASSERT_TRUE(patch.ok()) << patch.error();
  EXPECT_FLOAT_EQ(elementAt<float>(**patch, 1), -0.104123055934906f);
}

TEST(SafetensorsTest, ReadsTheHalfPrecisionTaehvWeights) {
  auto file = SafetensorsFile::open(kWanDir / "taehv_decoder.weights.safetensors");
  ASSERT_TRUE(file.ok()) << file.error();
  EXPECT_EQ((*file)->names().size(), 64u);
  EXPECT_NE((*file)->metadata().at("note").find("fp16"), std::string::npos);
  auto weight = (*file)->require("decoder.1.weight", DType::F16, {256, 16, 3, 3});
  ASSERT_TRUE(weight.ok()) << weight.error();
  EXPECT_EQ(elementAt<std::uint16_t>(**weight, 0), 0xac1f);
  EXPECT_EQ(halfToFloat(elementAt<std::uint16_t>(**weight, 0)), -0.06439208984375f);
  EXPECT_EQ(halfToFloat(elementAt<std::uint16_t>(**weight, 2)), 0.11114501953125f);
}

TEST(SafetensorsTest, ReadsIntegerVectors) {
  auto file = SafetensorsFile::open(kWanDir / "umt5_encoder.vectors.safetensors");
  ASSERT_TRUE(file.ok()) << file.error();
  EXPECT_EQ((*file)->names(),
            (std::vector<std::string>{"inputs.ids", "inputs.mask", "outputs.hidden"}));
  auto ids = (*file)->require("inputs.ids", DType::I64, {2, 12});
  ASSERT_TRUE(ids.ok()) << ids.error();
  EXPECT_EQ(elementAt<std::int64_t>(**ids, 0), 55);
  EXPECT_EQ(elementAt<std::int64_t>(**ids, 11), 3);
  EXPECT_EQ((*file)->metadata().at("num_buckets"), "8");
}

TEST(SafetensorsTest, OpensEveryShippedTestVector) {
  int opened = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kWanDir)) {
    if (entry.path().extension() != ".safetensors") continue;
    auto file = SafetensorsFile::open(entry.path());
    EXPECT_TRUE(file.ok()) << file.error();
    ++opened;
  }
  EXPECT_GE(opened, 10);
}

TEST(SafetensorsTest, RequireNamesWhatIsWrong) {
  const auto path = kWanDir / "causal_dit_global.weights.safetensors";
  auto file = SafetensorsFile::open(path);
  ASSERT_TRUE(file.ok()) << file.error();
  const std::string label = path.string() + ": ";

  auto missing = (*file)->require("x.weight", DType::F32, {64});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error(), label + "missing tensor 'x.weight'");

  auto shape = (*file)->require("head.head.weight", DType::F32, {64, 16});
  ASSERT_FALSE(shape.ok());
  EXPECT_EQ(shape.error(),
            label + "tensor 'head.head.weight' has shape [64, 64], expected [64, 16]");

  auto rank = (*file)->require("head.head.weight", DType::F32, {64, 64, 1});
  ASSERT_FALSE(rank.ok());
  EXPECT_EQ(rank.error(),
            label + "tensor 'head.head.weight' has shape [64, 64], expected [64, 64, 1]");

  auto dtype = (*file)->require("head.head.weight", DType::BF16, {64, 64});
  ASSERT_FALSE(dtype.ok());
  EXPECT_EQ(dtype.error(), label + "tensor 'head.head.weight' has dtype F32, expected BF16");
}

TEST(SafetensorsTest, RequireAnyFloatRejectsIntegers) {
  auto file = SafetensorsFile::open(kWanDir / "umt5_encoder.vectors.safetensors");
  ASSERT_TRUE(file.ok()) << file.error();
  EXPECT_TRUE((*file)->require("outputs.hidden", DTypeExpectation::anyFloat(), {2, 12, 32}).ok());
  auto ids = (*file)->require("inputs.ids", DTypeExpectation::anyFloat(), {2, 12});
  ASSERT_FALSE(ids.ok());
  EXPECT_NE(ids.error().find("has dtype I64, expected a floating-point dtype"), std::string::npos)
      << ids.error();
}

TEST(SafetensorsTest, ViewsOutliveOtherHandlesWhileTheFileIsShared) {
  std::shared_ptr<const SafetensorsFile> keep;
  const TensorView* view = nullptr;
  {
    auto file = SafetensorsFile::open(kWanDir / "umt5_encoder.vectors.safetensors");
    ASSERT_TRUE(file.ok()) << file.error();
    keep = *file;
    view = keep->find("inputs.ids");
  }
  ASSERT_NE(view, nullptr);
  EXPECT_EQ(elementAt<std::int64_t>(*view, 1), 32);
}

TEST(SafetensorsWriterTest, RejectsBadInput) {
  ScratchDir dir;
  const auto path = dir / "bad.safetensors";
  const auto bytes = patternBytes(16, 0);
  const std::string label = path.string() + ": ";

  Status size = writeSafetensors(path, {{"w", DType::F32, {2, 3}, bytes}}, {});
  ASSERT_FALSE(size.ok());
  EXPECT_EQ(
      size.error(),
      label + "cannot write tensor 'w': shape [2, 3] of F32 needs 24 bytes but 16 were given");
  Status twice =
      writeSafetensors(path, {{"w", DType::F32, {4}, bytes}, {"w", DType::I32, {4}, bytes}}, {});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error(), label + "cannot write: tensor 'w' is given twice");
  EXPECT_FALSE(writeSafetensors(path, {{"__metadata__", DType::U8, {16}, bytes}}, {}).ok());
  Status negative = writeSafetensors(path, {{"w", DType::U8, {-16}, bytes}}, {});
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error(), label +
                                  "cannot write tensor 'w': shape [-16] has a negative "
                                  "dimension or is too large");
  EXPECT_FALSE(writeSafetensors(path, {{"w\xff", DType::U8, {16}, bytes}}, {}).ok());
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path())) << "a temporary file was left behind";
}

TEST(SafetensorsWriterTest, ReplacesAnExistingFileAndReportsAMissingFolder) {
  ScratchDir dir;
  const auto path = dir / "w.safetensors";
  const auto bytes = patternBytes(4, 0);
  ASSERT_TRUE(writeSafetensors(path, {{"old", DType::U8, {4}, bytes}}, {}).ok());
  ASSERT_TRUE(writeSafetensors(path, {{"new", DType::U8, {4}, bytes}}, {}).ok());
  auto file = SafetensorsFile::open(path);
  ASSERT_TRUE(file.ok()) << file.error();
  EXPECT_EQ((*file)->names(), std::vector<std::string>{"new"});

  Status missing = writeSafetensors(dir / "no" / "such" / "w.safetensors", {}, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find("No such file or directory"), std::string::npos)
      << missing.error();
}

}  // namespace
}  // namespace liveframe::io
