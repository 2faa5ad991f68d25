// The safetensors writer: validates what it is given, then writes the file atomically.
#include <algorithm>
#include <array>
#include <numeric>
#include <set>

#include <nlohmann/json.hpp>

#include "io/atomic_file.h"
#include "io/safetensors.h"

namespace liveframe::io {
namespace {

// ordered_json keeps insertion order, so the header lists tensors in file order.
using OrderedJson = nlohmann::ordered_json;

Status validateTensor(const TensorData& tensor, const std::string& label) {
  if (tensor.name == "__metadata__") {
    return Error{label + ": cannot write a tensor named '__metadata__' (reserved by the format)"};
  }
  const std::optional<std::uint64_t> expected_bytes = tensorByteSize(tensor.dtype, tensor.shape);
  if (!expected_bytes) {
    return Error{label + ": cannot write tensor '" + tensor.name + "': shape " +
                 formatShape(tensor.shape) + " has a negative dimension or is too large"};
  }
  if (*expected_bytes != tensor.bytes.size()) {
    return Error{label + ": cannot write tensor '" + tensor.name + "': shape " +
                 formatShape(tensor.shape) + " of " + std::string(dtypeName(tensor.dtype)) +
                 " needs " + std::to_string(*expected_bytes) + " bytes but " +
                 std::to_string(tensor.bytes.size()) + " were given"};
  }
  return Status::success();
}

// Largest element size first, then by name: with power-of-two element sizes and no gaps,
// every tensor then starts at a multiple of its own element size.
std::vector<const TensorData*> fileOrder(const std::vector<TensorData>& tensors) {
  std::vector<const TensorData*> order;
  order.reserve(tensors.size());
  for (const TensorData& tensor : tensors) order.push_back(&tensor);
  std::sort(order.begin(), order.end(), [](const TensorData* a, const TensorData* b) {
    const std::size_t size_a = dtypeSize(a->dtype);
    const std::size_t size_b = dtypeSize(b->dtype);
    return size_a != size_b ? size_a > size_b : a->name < b->name;
  });
  return order;
}

// The header JSON, padded with spaces to a multiple of 8 so the data starts 8-byte aligned.
Result<std::string> headerText(const std::vector<const TensorData*>& order,
                               const std::map<std::string, std::string>& metadata,
                               const std::string& label) {
  OrderedJson header = OrderedJson::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::uint64_t offset = 0;
  for (const TensorData* tensor : order) {
    const std::uint64_t end = offset + tensor->bytes.size();
    header[tensor->name] = {{"dtype", dtypeName(tensor->dtype)},
                            {"shape", tensor->shape},
                            {"data_offsets", {offset, end}}};
    offset = end;
  }
  std::string text;
  try {
    text = header.dump();  // strict: throws on a name or value that is not valid UTF-8
  } catch (const OrderedJson::exception&) {
    return Error{label + ": cannot write: a tensor name or metadata entry is not valid UTF-8"};
  }
  text.append((8 - text.size() % 8) % 8, ' ');
  return text;
}

}  // namespace

Status writeSafetensors(const std::filesystem::path& path, const std::vector<TensorData>& tensors,
                        const std::map<std::string, std::string>& metadata) {
  const std::string label = path.string();
  std::set<std::string_view> names;
  for (const TensorData& tensor : tensors) {
    if (Status status = validateTensor(tensor, label); !status.ok()) return status;
    if (!names.insert(tensor.name).second) {
      return Error{label + ": cannot write: tensor '" + tensor.name + "' is given twice"};
    }
  }
  const std::vector<const TensorData*> order = fileOrder(tensors);
  Result<std::string> header = headerText(order, metadata, label);
  if (!header.ok()) return Error{header.error()};

  std::array<std::byte, 8> length_field{};
  std::uint64_t length = header->size();
  for (std::byte& byte : length_field) {  // little-endian, whatever the host
    byte = static_cast<std::byte>(length & 0xFF);
    length >>= 8;
  }
  Result<AtomicFileWriter> writer = AtomicFileWriter::create(path);
  if (!writer.ok()) return Error{writer.error()};
  Status status = writer->append(length_field);
  if (status.ok()) status = writer->append(std::as_bytes(std::span(*header)));
  for (const TensorData* tensor : order) {
    if (status.ok()) status = writer->append(tensor->bytes);
  }
  return status.ok() ? writer->commit() : status;
}

}  // namespace liveframe::io
