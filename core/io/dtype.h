// Element types of tensors stored on disk, named as the safetensors format names them.
// Thread-safety: plain values and pure functions; safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace liveframe::io {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };

// Bytes per element: 8, 4, 2, 2, 8, 4, 2, 1, 1, 1.
std::size_t dtypeSize(DType dtype);

// The safetensors spelling: "F64", "F32", "F16", "BF16", "I64", ..., "BOOL".
std::string_view dtypeName(DType dtype);

// Parses the safetensors spelling (case-sensitive, as the format is); nullopt if unknown.
std::optional<DType> parseDType(std::string_view name);

// F64, F32, F16 and BF16.
bool isFloatingPoint(DType dtype);

// Bytes a tensor of this shape needs ([] is a scalar), or nullopt if a dimension is negative
// or the size does not fit 64 bits. A zero dimension makes it 0 whatever the others are.
std::optional<std::uint64_t> tensorByteSize(DType dtype, const std::vector<std::int64_t>& shape);

}  // namespace liveframe::io
