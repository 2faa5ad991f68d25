// The safetensors reader: strict validation of the header, so loaders can trust every view.
#include "io/safetensors.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <functional>
#include <limits>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

namespace liveframe::io {
namespace {

using Json = nlohmann::json;

// The format is little-endian and views hand out raw bytes: a big-endian host would need
// byte swapping everywhere, which nothing in Liveframe targets.
static_assert(std::endian::native == std::endian::little);

constexpr std::uint64_t kMaxHeaderBytes = 100'000'000;  // the reference reader's limit

struct ParsedHeader {
  std::map<std::string, TensorView, std::less<>> tensors;
  std::map<std::string, std::string> metadata;
};

// 'name' in quotes, with control characters escaped: names come from the file, and a
// newline inside one must not break the one-line error a user sees.
std::string quotedName(std::string_view name) {
  std::string text = "'";
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      static constexpr char kDigits[] = "0123456789abcdef";
      text += "\\x";
      text += kDigits[(c >> 4) & 0xF];
      text += kDigits[c & 0xF];
    } else {
      text += c;
    }
  }
  return text + "'";
}

// Header problems, prefixed with the file's name; one line each.
class HeaderError {
 public:
  explicit HeaderError(std::string label) : label_(std::move(label)) {}
  Error operator()(const std::string& problem) const { return Error{label_ + ": " + problem}; }
  Error tensor(const std::string& name, const std::string& problem) const {
    return Error{label_ + ": tensor " + quotedName(name) + " " + problem};
  }

 private:
  std::string label_;
};

std::string jsonTypeName(const Json& value) { return value.type_name(); }

// A JSON value for an error message, cut short: a corrupt header can hold huge arrays.
std::string shortDump(const Json& value) {
  constexpr std::size_t kMaxChars = 60;
  std::string text = value.dump();  // escapes control characters, so it stays on one line
  if (text.size() > kMaxChars) text = text.substr(0, kMaxChars) + "...";
  return text;
}

// Checks each object's keys for duplicates, which nlohmann would silently collapse: a header
// naming a tensor twice is corrupt, and picking one entry would hide that.
class DuplicateKeyCheck {
 public:
  bool operator()(int /*depth*/, Json::parse_event_t event, Json& parsed) {
    if (event == Json::parse_event_t::object_start) open_objects_.emplace_back();
    if (event == Json::parse_event_t::object_end && !open_objects_.empty()) {
      open_objects_.pop_back();
    }
    if (event == Json::parse_event_t::key && !open_objects_.empty() && duplicate_.empty()) {
      const auto& key = parsed.get_ref<const std::string&>();
      if (!open_objects_.back().insert(key).second) duplicate_ = key;
    }
    return true;
  }
  const std::string& duplicate() const { return duplicate_; }

 private:
  std::vector<std::set<std::string>> open_objects_;
  std::string duplicate_;
};

Result<Json> parseJson(std::span<const std::byte> text, const HeaderError& fail) {
  DuplicateKeyCheck duplicates;
  Json root;
  try {
    const auto* begin = reinterpret_cast<const char*>(text.data());
    root = Json::parse(begin, begin + text.size(), std::ref(duplicates));
  } catch (const Json::exception& error) {
    // what() is "[json.exception.parse_error.101] parse error at line 1, ...": keep the prose.
    std::string message = error.what();
    if (const auto bracket = message.find("] "); bracket != std::string::npos) {
      message.erase(0, bracket + 2);
    }
    return fail("invalid JSON header: " + message);
  }
  if (!duplicates.duplicate().empty()) {
    return fail("invalid JSON header: key " + quotedName(duplicates.duplicate()) +
                " appears twice");
  }
  if (!root.is_object()) return fail("header is JSON " + jsonTypeName(root) + ", not an object");
  return root;
}

Result<std::map<std::string, std::string>> parseMetadata(const Json& value,
                                                         const HeaderError& fail) {
  if (!value.is_object()) {
    return fail("'__metadata__' must map strings to strings, but it is " + jsonTypeName(value));
  }
  std::map<std::string, std::string> metadata;
  for (const auto& [key, entry] : value.items()) {
    if (!entry.is_string()) {
      return fail("'__metadata__' must map strings to strings, but " + quotedName(key) + " holds " +
                  jsonTypeName(entry));
    }
    metadata.emplace(key, entry.get<std::string>());
  }
  return metadata;
}

// nlohmann stores non-negative integer literals as unsigned; anything else is not a size.
// The bound keeps every value representable in TensorView's int64 shape.
Result<std::uint64_t> sizeValue(const Json& value, const std::string& name, const char* field,
                                const HeaderError& fail) {
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (!value.is_number_unsigned()) {
    return fail.tensor(name, std::string("has ") + field + " containing " + shortDump(value) +
                                 ", not a non-negative integer");
  }
  if (value.get<std::uint64_t>() > kMax) {
    return fail.tensor(name, std::string("has ") + field + " containing " + shortDump(value) +
                                 ", which is too large");
  }
  return value.get<std::uint64_t>();
}

Result<std::vector<std::int64_t>> parseShape(const Json& value, const std::string& name,
                                             const HeaderError& fail) {
  if (!value.is_array()) return fail.tensor(name, "has a 'shape' that is not an array");
  std::vector<std::int64_t> shape;
  for (const Json& dimension : value) {
    Result<std::uint64_t> size = sizeValue(dimension, name, "a 'shape'", fail);
    if (!size.ok()) return Error{size.error()};
    shape.push_back(static_cast<std::int64_t>(*size));
  }
  return shape;
}

struct ByteRange {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
};

Result<ByteRange> parseOffsets(const Json& value, const std::string& name,
                               const HeaderError& fail) {
  if (!value.is_array() || value.size() != 2) {
    return fail.tensor(name, "has 'data_offsets' " + shortDump(value) + ", expected [begin, end]");
  }
  Result<std::uint64_t> begin = sizeValue(value[0], name, "'data_offsets'", fail);
  if (!begin.ok()) return Error{begin.error()};
  Result<std::uint64_t> end = sizeValue(value[1], name, "'data_offsets'", fail);
  if (!end.ok()) return Error{end.error()};
  if (*begin > *end) {
    return fail.tensor(name, "has 'data_offsets' " + shortDump(value) + " with begin > end");
  }
  return ByteRange{*begin, *end};
}

Result<DType> parseDTypeField(const Json& value, const std::string& name, const HeaderError& fail) {
  if (!value.is_string()) return fail.tensor(name, "has a 'dtype' that is not a string");
  const auto& text = value.get_ref<const std::string&>();
  if (std::optional<DType> dtype = parseDType(text)) return *dtype;
  return fail.tensor(name, "has unsupported dtype " + quotedName(text) +
                               " (supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
}

std::string byteRangeText(const ByteRange& range) {
  return std::to_string(range.begin) + ".." + std::to_string(range.end);
}

Result<TensorView> parseTensor(const std::string& name, const Json& entry,
                               std::span<const std::byte> data, const HeaderError& fail,
                               ByteRange& range) {
  if (!entry.is_object()) {
    return fail.tensor(name, "is JSON " + jsonTypeName(entry) + ", not an object");
  }
  for (const char* field : {"dtype", "shape", "data_offsets"}) {
    if (!entry.contains(field)) return fail.tensor(name, std::string("has no '") + field + "'");
  }
  Result<DType> dtype = parseDTypeField(entry["dtype"], name, fail);
  if (!dtype.ok()) return Error{dtype.error()};
  Result<std::vector<std::int64_t>> shape = parseShape(entry["shape"], name, fail);
  if (!shape.ok()) return Error{shape.error()};
  Result<ByteRange> offsets = parseOffsets(entry["data_offsets"], name, fail);
  if (!offsets.ok()) return Error{offsets.error()};
  range = *offsets;
  if (range.end > data.size()) {
    return fail("truncated: tensor " + quotedName(name) + " needs bytes " + byteRangeText(range) +
                " but the file has " + std::to_string(data.size()) + " data bytes");
  }
  const std::optional<std::uint64_t> expected = tensorByteSize(*dtype, *shape);
  if (expected != range.end - range.begin) {
    const std::string needed = expected ? std::to_string(*expected) + " bytes" : "over 2^64 bytes";
    return fail.tensor(name, "has shape " + formatShape(*shape) + " of " +
                                 std::string(dtypeName(*dtype)) + " (" + needed +
                                 ") but data_offsets " + byteRangeText(range) + " hold " +
                                 std::to_string(range.end - range.begin) + " bytes");
  }
  return TensorView{name, *dtype, std::move(shape).value(),
                    data.subspan(range.begin, range.end - range.begin)};
}

// Two views of the same bytes would let a writer through one corrupt the other; the format
// forbids it. Empty tensors own no bytes and cannot overlap.
Status checkOverlaps(std::vector<std::pair<ByteRange, std::string>> ranges,
                     const HeaderError& fail) {
  std::erase_if(ranges, [](const auto& entry) { return entry.first.begin == entry.first.end; });
  std::sort(ranges.begin(), ranges.end(),
            [](const auto& a, const auto& b) { return a.first.begin < b.first.begin; });
  // Sorted and disjoint so far, so the previous range ends last.
  for (std::size_t i = 1; i < ranges.size(); ++i) {
    const auto& [previous, previous_name] = ranges[i - 1];
    const auto& [current, current_name] = ranges[i];
    if (current.begin < previous.end) {
      return fail("tensors " + quotedName(previous_name) + " (bytes " + byteRangeText(previous) +
                  ") and " + quotedName(current_name) + " (bytes " + byteRangeText(current) +
                  ") overlap");
    }
  }
  return Status::success();
}

Result<ParsedHeader> parseHeader(const Json& root, std::span<const std::byte> data,
                                 const HeaderError& fail) {
  ParsedHeader header;
  std::vector<std::pair<ByteRange, std::string>> ranges;
  for (const auto& [name, entry] : root.items()) {
    if (name == "__metadata__") {
      Result<std::map<std::string, std::string>> metadata = parseMetadata(entry, fail);
      if (!metadata.ok()) return Error{metadata.error()};
      header.metadata = std::move(metadata).value();
      continue;
    }
    ByteRange range;
    Result<TensorView> view = parseTensor(name, entry, data, fail, range);
    if (!view.ok()) return Error{view.error()};
    ranges.emplace_back(range, name);
    header.tensors.emplace(name, std::move(view).value());
  }
  if (Status status = checkOverlaps(std::move(ranges), fail); !status.ok()) {
    return Error{status.error()};
  }
  return header;
}

// The first 8 bytes: the header's length, checked against the file before anything trusts it.
Result<std::uint64_t> readHeaderLength(std::span<const std::byte> file, const HeaderError& fail) {
  if (file.empty()) return fail("not a safetensors file (the file is empty)");
  if (file.size() < 8) {
    return fail("not a safetensors file (" + std::to_string(file.size()) +
                " bytes, too short for the 8-byte header length)");
  }
  std::uint64_t length = 0;
  std::memcpy(&length, file.data(), sizeof length);  // little-endian, as asserted above
  const std::uint64_t file_size = file.size();
  if (length > file_size - 8) {
    const char* relation =
        length > file_size ? " exceeds file size " : " plus its 8-byte field exceeds file size ";
    return fail("not a safetensors file (header length " + std::to_string(length) + relation +
                std::to_string(file_size) + ")");
  }
  if (length > kMaxHeaderBytes) {
    return fail("not a safetensors file (header length " + std::to_string(length) +
                " exceeds the limit of " + std::to_string(kMaxHeaderBytes) + " bytes)");
  }
  return length;
}

}  // namespace

std::int64_t TensorView::elementCount() const {
  if (std::find(shape.begin(), shape.end(), 0) != shape.end()) return 0;
  // No overflow: open() checked that the product, times the element size, fits the file.
  std::int64_t count = 1;
  for (std::int64_t dimension : shape) count *= dimension;
  return count;
}

bool DTypeExpectation::accepts(DType dtype) const {
  return dtype_ ? *dtype_ == dtype : isFloatingPoint(dtype);
}

std::string DTypeExpectation::describe() const {
  return dtype_ ? std::string(dtypeName(*dtype_))
                : "a floating-point dtype (F64, F32, F16 or BF16)";
}

std::string formatShape(const std::vector<std::int64_t>& shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) text += ", ";
    text += shape[i] == kAnyDimension ? "?" : std::to_string(shape[i]);
  }
  return text + "]";
}

Result<std::shared_ptr<const SafetensorsFile>> SafetensorsFile::open(
    const std::filesystem::path& path, MappedFile::Mode mode) {
  Result<std::unique_ptr<const MappedFile>> mapped = MappedFile::open(path, mode);
  if (!mapped.ok()) return Error{mapped.error()};
  const HeaderError fail(path.string());
  const std::span<const std::byte> bytes = (*mapped)->bytes();
  Result<std::uint64_t> header_length = readHeaderLength(bytes, fail);
  if (!header_length.ok()) return Error{header_length.error()};
  Result<Json> root = parseJson(bytes.subspan(8, *header_length), fail);
  if (!root.ok()) return Error{root.error()};
  Result<ParsedHeader> header = parseHeader(*root, bytes.subspan(8 + *header_length), fail);
  if (!header.ok()) return Error{header.error()};

  std::shared_ptr<SafetensorsFile> file(new SafetensorsFile());
  file->path_ = path;
  file->file_ = std::move(mapped).value();  // the views point into it; it moves by pointer
  file->tensors_ = std::move(header->tensors);
  file->metadata_ = std::move(header->metadata);
  for (const auto& entry : file->tensors_) file->names_.push_back(entry.first);
  return std::shared_ptr<const SafetensorsFile>(std::move(file));
}

const TensorView* SafetensorsFile::find(std::string_view name) const {
  const auto found = tensors_.find(name);
  return found == tensors_.end() ? nullptr : &found->second;
}

Result<const TensorView*> SafetensorsFile::require(std::string_view name, DTypeExpectation dtype,
                                                   const std::vector<std::int64_t>& shape) const {
  const std::string label = path_.string() + ": ";
  const TensorView* view = find(name);
  if (view == nullptr) return Error{label + "missing tensor " + quotedName(name)};
  if (!dtype.accepts(view->dtype)) {
    return Error{label + "tensor " + quotedName(view->name) + " has dtype " +
                 std::string(dtypeName(view->dtype)) + ", expected " + dtype.describe()};
  }
  const bool shape_matches = shape.size() == view->shape.size() &&
                             std::equal(shape.begin(), shape.end(), view->shape.begin(),
                                        [](std::int64_t want, std::int64_t have) {
                                          return want == kAnyDimension || want == have;
                                        });
  if (!shape_matches) {
    return Error{label + "tensor " + quotedName(view->name) + " has shape " +
                 formatShape(view->shape) + ", expected " + formatShape(shape)};
  }
  return view;
}

}  // namespace liveframe::io
