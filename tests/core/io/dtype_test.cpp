#include "io/dtype.h"

#include <gtest/gtest.h>

namespace liveframe::io {
namespace {

TEST(DTypeTest, NamesSizesAndParsingAgree) {
  const std::vector<std::pair<DType, std::size_t>> expected = {
      {DType::F64, 8}, {DType::F32, 4}, {DType::F16, 2}, {DType::BF16, 2}, {DType::I64, 8},
      {DType::I32, 4}, {DType::I16, 2}, {DType::I8, 1},  {DType::U8, 1},   {DType::BOOL, 1}};
  for (const auto& [dtype, size] : expected) {
    EXPECT_EQ(dtypeSize(dtype), size) << dtypeName(dtype);
    EXPECT_EQ(parseDType(dtypeName(dtype)), dtype) << dtypeName(dtype);
  }
  EXPECT_EQ(dtypeName(DType::BF16), "BF16");
  EXPECT_EQ(parseDType("f32"), std::nullopt);  // the format's names are case-sensitive
  EXPECT_EQ(parseDType("F8_E4M3"), std::nullopt);
  EXPECT_EQ(parseDType(""), std::nullopt);
  EXPECT_TRUE(isFloatingPoint(DType::BF16));
  EXPECT_FALSE(isFloatingPoint(DType::BOOL));
}

TEST(DTypeTest, TensorByteSize) {
  EXPECT_EQ(tensorByteSize(DType::F32, {}), 4u);  // a scalar
  EXPECT_EQ(tensorByteSize(DType::BF16, {3, 5}), 30u);
  EXPECT_EQ(tensorByteSize(DType::F64, {1ll << 62, 1ll << 62, 0}), 0u);
  EXPECT_EQ(tensorByteSize(DType::F32, {1ll << 62}), std::nullopt);  // 2^64 bytes
  EXPECT_EQ(tensorByteSize(DType::U8, {4, -1}), std::nullopt);
}

}  // namespace
}  // namespace liveframe::io
