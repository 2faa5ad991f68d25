#include "interchange.h"

#include <cctype>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "export_formats.h"

namespace liveframe::export_internal {
namespace {

using nlohmann::json;

json rationalTime(double value, double rate) {
  return {{"OTIO_SCHEMA", "RationalTime.1"}, {"rate", rate}, {"value", value}};
}

json timeRange(double start, double duration, double rate) {
  return {{"OTIO_SCHEMA", "TimeRange.1"},
          {"start_time", rationalTime(start, rate)},
          {"duration", rationalTime(duration, rate)}};
}

// The fields every OTIO SerializableObjectWithMetadata/Item carries.
json otioObject(const char* schema, const std::string& name) {
  return {{"OTIO_SCHEMA", schema}, {"name", name}, {"metadata", json::object()}};
}

json otioItem(const char* schema, const std::string& name) {
  json item = otioObject(schema, name);
  item["source_range"] = nullptr;
  item["effects"] = json::array();
  item["markers"] = json::array();
  item["enabled"] = true;
  return item;
}

const char* markerColor(const std::string& type) {
  if (type == "prompt" || type == "blend") return "GREEN";
  if (type == "marker") return "RED";
  return "BLUE";
}

json mediaReference(const ExportPlan& plan, double frames) {
  const json available = timeRange(0, frames, plan.fps);
  if (!isImageSequence(plan.container)) {
    json reference = otioObject("ExternalReference.1", "");
    reference["target_url"] = plan.output.filename().string();
    reference["available_range"] = available;
    return reference;
  }
  const std::string& pattern = plan.sequence_pattern;
  const std::size_t field = pattern.find('%');
  const std::size_t field_end = pattern.find('d', field);
  const std::string padding = pattern.substr(field + 1, field_end - field - 1);
  json reference = otioObject("ImageSequenceReference.1", "");
  reference["target_url_base"] = "./";
  reference["name_prefix"] = pattern.substr(0, field);
  reference["name_suffix"] = pattern.substr(field_end + 1);
  reference["start_frame"] = 0;
  reference["frame_step"] = 1;
  reference["rate"] = plan.fps;
  reference["frame_zero_padding"] = padding.empty() ? 0 : std::stoi(padding);
  reference["missing_frame_policy"] = "error";
  reference["available_range"] = available;
  return reference;
}

// EDL comment text: printable ASCII on one line.
std::string edlText(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    out += byte >= 0x20 && byte < 0x7F ? c : ' ';
  }
  return out;
}

}  // namespace

std::string otioTimeline(const ExportPlan& plan, const SessionHeader& header,
                         const std::vector<TimelineEntry>& timeline, const std::string& title) {
  const auto frames = static_cast<double>(plan.positions.size());
  json clip = otioItem("Clip.2", title);
  clip["source_range"] = timeRange(0, frames, plan.fps);
  clip["media_references"] = {{"DEFAULT_MEDIA", mediaReference(plan, frames)}};
  clip["active_media_reference_key"] = "DEFAULT_MEDIA";
  for (const auto& entry : timeline) {
    json marker = otioObject("Marker.2", entry.type + ": " + entry.text);
    marker["marked_range"] = timeRange(static_cast<double>(entry.clip_frame), 0, plan.fps);
    marker["color"] = markerColor(entry.type);
    marker["comment"] = entry.text;
    json payload = json::parse(entry.payload_json, nullptr, false);
    marker["metadata"]["liveframe"] = {{"type", entry.type},
                                       {"session_frame", entry.session_frame},
                                       {"in_effect_at_start", entry.in_effect_at_start},
                                       {"payload", payload.is_discarded() ? json() : payload}};
    clip["markers"].push_back(marker);
  }
  json track = otioItem("Track.1", "V1");
  track["kind"] = "Video";
  track["children"] = json::array({clip});
  json stack = otioItem("Stack.1", "tracks");
  stack["children"] = json::array({track});
  json root = otioObject("Timeline.1", title);
  root["global_start_time"] = rationalTime(0, plan.fps);
  root["tracks"] = stack;
  root["metadata"]["liveframe"] = {{"ai_generated", true},
                                   {"model", header.model_id},
                                   {"weights_hash", header.weights_hash},
                                   {"seed", header.seed},
                                   {"range_from_frame", plan.from_frame},
                                   {"range_to_frame", plan.to_frame}};
  return root.dump(2) + "\n";
}

std::string cmx3600Edl(const ExportPlan& plan, const std::vector<TimelineEntry>& timeline,
                       const std::string& title) {
  const auto frames = static_cast<std::int64_t>(plan.positions.size());
  const std::int64_t base = std::max<std::int64_t>(1, std::llround(plan.fps));
  const std::int64_t record_start = 3600 * base;  // editors start programmes at 01:00:00:00
  std::string edl = "TITLE: " + edlText(title) + "\nFCM: NON-DROP FRAME\n\n";
  char line[160];
  std::snprintf(line, sizeof line, "001  AX       V     C        %s %s %s %s\n",
                formatTimecode(0, plan.fps).c_str(), formatTimecode(frames, plan.fps).c_str(),
                formatTimecode(record_start, plan.fps).c_str(),
                formatTimecode(record_start + frames, plan.fps).c_str());
  edl += line;
  const std::string media = isImageSequence(plan.container) ? plan.sequence_pattern
                                                            : plan.output.filename().string();
  edl += "* FROM CLIP NAME: " + edlText(media) + "\n";
  edl += "* AI-GENERATED WITH LIVEFRAME\n";
  for (const auto& entry : timeline) {
    edl += "* LOC: " + formatTimecode(record_start + entry.clip_frame, plan.fps) + " " +
           markerColor(entry.type) + " " + edlText(entry.type + ": " + entry.text) + "\n";
  }
  return edl;
}

}  // namespace liveframe::export_internal
