#include "header_json.h"

#include <cmath>
#include <ctime>
#include <nlohmann/json.hpp>

#include "segment_format.h"

namespace liveframe::session_internal {
namespace {

using OrderedJson = nlohmann::ordered_json;

std::string missing(const char* field, const char* what) {
  return std::string("field \"") + field + "\" is missing or not " + what;
}

// Parses `text`, or explains why not. nlohmann's messages start with
// "[json.exception.parse_error.101] ", which means nothing to a user; the rest ("parse error at
// line 3, column 1: ...") does.
Result<OrderedJson> parseObject(std::string_view text) {
  try {
    auto json = OrderedJson::parse(text);
    if (!json.is_object()) return Error{"not a JSON object"};
    return json;
  } catch (const OrderedJson::exception& error) {
    std::string message = error.what();
    if (const auto bracket = message.find("] "); bracket != std::string::npos) {
      message.erase(0, bracket + 2);
    }
    return Error{message};
  }
}

bool readString(const OrderedJson& json, const char* key, std::string& out) {
  const auto found = json.find(key);
  if (found == json.end() || !found->is_string()) return false;
  out = found->get<std::string>();
  return true;
}

bool readPositiveInt(const OrderedJson& json, const char* key, int& out) {
  const auto found = json.find(key);
  if (found == json.end() || !found->is_number_integer()) return false;
  const auto value = found->get<std::int64_t>();
  if (value <= 0 || value > (1 << 16)) return false;
  out = static_cast<int>(value);
  return true;
}

}  // namespace

std::string encodeHeader(const SessionHeader& header) {
  OrderedJson json;
  json["format_version"] = header.format_version;
  json["model_id"] = header.model_id;
  json["weights_hash"] = header.weights_hash;
  json["seed"] = header.seed;
  json["width"] = header.width;
  json["height"] = header.height;
  json["fps"] = header.fps;
  json["app_version"] = header.app_version;
  json["start_time_utc"] = header.start_time_utc;
  return json.dump(2, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
}

Result<SessionHeader> decodeHeader(std::string_view text) {
  const auto parsed = parseObject(text);
  if (!parsed) return Error{parsed.error()};
  const OrderedJson& json = parsed.value();
  SessionHeader header;
  const auto version = json.find("format_version");
  if (version == json.end() || !version->is_number_integer()) {
    return Error{missing("format_version", "an integer")};
  }
  header.format_version = version->get<int>();
  if (header.format_version != kSessionFormatVersion) {
    return Error{"format_version " + std::to_string(header.format_version) +
                 " is not supported (this build reads " + std::to_string(kSessionFormatVersion) +
                 ")"};
  }
  if (!readString(json, "model_id", header.model_id)) return Error{missing("model_id", "text")};
  if (!readString(json, "weights_hash", header.weights_hash)) {
    return Error{missing("weights_hash", "text")};
  }
  const auto seed = json.find("seed");
  if (seed == json.end() || !seed->is_number_unsigned()) {
    return Error{missing("seed", "an unsigned integer")};
  }
  header.seed = seed->get<std::uint64_t>();
  if (!readPositiveInt(json, "width", header.width)) {
    return Error{missing("width", "a positive integer up to 65536")};
  }
  if (!readPositiveInt(json, "height", header.height)) {
    return Error{missing("height", "a positive integer up to 65536")};
  }
  const auto fps = json.find("fps");
  if (fps == json.end() || !fps->is_number() || !(fps->get<double>() > 0)) {
    return Error{missing("fps", "a positive number")};
  }
  header.fps = fps->get<double>();
  if (!readString(json, "app_version", header.app_version)) {
    return Error{missing("app_version", "text")};
  }
  if (!readString(json, "start_time_utc", header.start_time_utc)) {
    return Error{missing("start_time_utc", "text")};
  }
  return header;
}

std::string encodeState(const SessionState& state) {
  OrderedJson json;
  json["closed"] = state.closed;
  json["frames"] = state.frames;
  json["events"] = state.events;
  if (!state.repaired.empty()) json["repaired"] = state.repaired;
  return json.dump(2, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
}

std::optional<SessionState> decodeState(std::string_view text) {
  const auto json = OrderedJson::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return std::nullopt;
  SessionState state;
  const auto closed = json.find("closed");
  const auto frames = json.find("frames");
  const auto events = json.find("events");
  if (closed == json.end() || !closed->is_boolean() || frames == json.end() ||
      !frames->is_number_integer() || events == json.end() || !events->is_number_integer()) {
    return std::nullopt;
  }
  state.closed = closed->get<bool>();
  state.frames = frames->get<std::int64_t>();
  state.events = events->get<std::int64_t>();
  if (const auto repaired = json.find("repaired");
      repaired != json.end() && repaired->is_string()) {
    state.repaired = repaired->get<std::string>();
  }
  return state;
}

}  // namespace liveframe::session_internal

namespace liveframe {

std::string utcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

SessionHeader makeSessionHeader(const ModelInfo& info, std::uint64_t seed,
                                const std::string& app_version) {
  SessionHeader header;
  header.model_id = info.id;
  header.weights_hash = info.weights_hash;
  header.seed = seed;
  header.width = info.width;
  header.height = info.height;
  header.fps = info.fps;
  header.app_version = app_version;
  header.start_time_utc = utcNow();
  return header;
}

}  // namespace liveframe
