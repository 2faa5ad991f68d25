#include "journal.h"

#include <fcntl.h>

#include <charconv>
#include <cstdio>
#include <nlohmann/json.hpp>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace liveframe::session_internal {
namespace {

using OrderedJson = nlohmann::ordered_json;

constexpr std::string_view kChecksumPrefix = R"({"xxh":")";
constexpr std::size_t kChecksumDigits = 16;
// Prefix, digits, then `",`: where the hashed bytes begin.
constexpr std::size_t kBodyOffset = kChecksumPrefix.size() + kChecksumDigits + 2;
constexpr int kMaxLineDetails = 10;  // keeps a badly damaged journal's report readable

std::string hex16(std::uint64_t value) {
  char digits[kChecksumDigits + 1];
  std::snprintf(digits, sizeof(digits), "%016llx", static_cast<unsigned long long>(value));
  return std::string(digits, kChecksumDigits);
}

// Empty string when the line carries a valid checksum or none; otherwise the reason.
std::string checkLineChecksum(std::string_view line) {
  if (line.substr(0, kChecksumPrefix.size()) != kChecksumPrefix) return {};
  if (line.size() < kBodyOffset || line.substr(kBodyOffset - 2, 2) != "\",") {
    return "malformed checksum";
  }
  std::uint64_t expected = 0;
  const char* digits = line.data() + kChecksumPrefix.size();
  const auto [end, error] = std::from_chars(digits, digits + kChecksumDigits, expected, 16);
  if (error != std::errc() || end != digits + kChecksumDigits) return "malformed checksum";
  const auto body = line.substr(kBodyOffset);
  if (XXH3_64bits(body.data(), body.size()) != expected) return "checksum mismatch";
  return {};
}

template <typename T>
bool readInteger(const OrderedJson& object, const char* key, T& out) {
  const auto found = object.find(key);
  if (found == object.end() || !found->is_number_integer()) return false;
  if constexpr (std::is_unsigned_v<T>) {
    if (!found->is_number_unsigned()) return false;
  }
  out = found->get<T>();
  return true;
}

// Empty string on success; otherwise why the line is not an event.
std::string decodeEventLine(std::string_view line, Event& event) {
  if (auto reason = checkLineChecksum(line); !reason.empty()) return reason;
  const auto json = OrderedJson::parse(line, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return "not a JSON object";
  if (!readInteger(json, "id", event.id)) return "missing or invalid \"id\"";
  if (!readInteger(json, "frame_index", event.frame_index)) {
    return "missing or invalid \"frame_index\"";
  }
  if (!readInteger(json, "time_us", event.time_us)) return "missing or invalid \"time_us\"";
  const auto type = json.find("type");
  if (type == json.end() || !type->is_string()) return "missing or invalid \"type\"";
  event.type = type->get<std::string>();
  const auto payload = json.find("payload");
  if (payload == json.end()) {
    event.payload_json = "{}";
  } else if (payload->is_object()) {
    event.payload_json = payload->dump();
  } else {
    return "\"payload\" is not an object";
  }
  return {};
}

}  // namespace

Status appendEventLine(const Event& event, std::string& out) {
  OrderedJson payload = OrderedJson::object();
  if (!event.payload_json.empty()) {
    payload = OrderedJson::parse(event.payload_json, nullptr, /*allow_exceptions=*/false);
    if (payload.is_discarded() || !payload.is_object()) {
      return Error{"event " + std::to_string(event.id) + " (" + event.type +
                   "): payload_json is not a JSON object"};
    }
  }
  OrderedJson line;
  line["id"] = event.id;
  line["frame_index"] = event.frame_index;
  line["time_us"] = event.time_us;
  line["type"] = event.type;
  line["payload"] = std::move(payload);
  // replace: a type string with invalid UTF-8 is stored with U+FFFD rather than throwing.
  const std::string object = line.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
  const std::string_view body = std::string_view(object).substr(1);  // after the '{'
  out += kChecksumPrefix;
  out += hex16(XXH3_64bits(body.data(), body.size()));
  out += "\",";
  out += body;
  out += '\n';
  return Status::success();
}

JournalContents parseJournal(std::string_view bytes) {
  JournalContents contents;
  std::int64_t line_number = 0;
  std::size_t start = 0;
  while (start < bytes.size()) {
    const std::size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) break;
    ++line_number;
    const auto line = bytes.substr(start, end - start);
    start = end + 1;
    contents.valid_size = start;
    if (line.empty()) continue;
    Event event;
    const std::string reason = decodeEventLine(line, event);
    if (reason.empty()) {
      contents.events.push_back(std::move(event));
      continue;
    }
    ++contents.lines_lost;
    if (contents.lines_lost <= kMaxLineDetails) {
      contents.details.push_back("events.jsonl line " + std::to_string(line_number) + ": " +
                                 reason + ", event dropped");
    }
  }
  if (contents.lines_lost > kMaxLineDetails) {
    contents.details.push_back(
        "events.jsonl: " + std::to_string(contents.lines_lost - kMaxLineDetails) +
        " more corrupt lines dropped");
  }
  contents.torn_tail_size = bytes.size() - contents.valid_size;
  if (contents.torn_tail_size > 0) {
    ++contents.lines_lost;
    contents.details.push_back("events.jsonl: last line is torn (" +
                               std::to_string(contents.torn_tail_size) +
                               " bytes without a newline), event dropped");
  }
  return contents;
}

Status JournalWriter::create(const std::filesystem::path& path, int flush_interval_ms) {
  path_ = path;
  flush_interval_ = std::chrono::milliseconds(flush_interval_ms);
  auto opened = openFile(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND, "create");
  if (!opened) return Error{opened.error()};
  fd_ = std::move(opened).value();
  last_flush_ = Clock::now();
  return Status::success();
}

Status JournalWriter::append(const Event& event) { return appendEventLine(event, pending_); }

Status JournalWriter::flush(bool force) {
  const auto now = Clock::now();
  if (pending_.empty() || (!force && now - last_flush_ < flush_interval_)) {
    return Status::success();
  }
  if (auto status = writeAll(fd_.get(), pending_.data(), pending_.size(), path_); !status) {
    // Undo a partial write so a retry does not glue half a line to the next one. If even that
    // fails, a leading newline makes the half line a lone corrupt line that open() drops.
    if (!truncateFile(fd_.get(), file_size_, path_)) {
      auto recovered = fileSize(fd_.get(), path_);
      if (recovered) file_size_ = *recovered;
      pending_.insert(0, 1, '\n');
    }
    return status;
  }
  file_size_ += pending_.size();
  pending_.clear();
  last_flush_ = now;
  return syncFileData(fd_.get(), path_);
}

}  // namespace liveframe::session_internal
