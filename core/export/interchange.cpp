#include "interchange.h"

#include <algorithm>
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

// A clip-relative frame count for a duration in timeline frames (the output rate may differ).
double clipFrames(const ExportPlan& plan, double timeline_frames) {
  return std::round(timeline_frames * plan.fps / plan.source_fps);
}

json gap(double frames, double rate) {
  json item = otioItem("Gap.1", "");
  item["source_range"] = timeRange(0, frames, rate);
  return item;
}

// A fade from or to nothing: a dissolve with the gap beside the overlay's clip.
json fade(const std::string& name, double into_previous, double into_next, double rate) {
  json transition = otioObject("Transition.1", name);
  transition["transition_type"] = "SMPTE_Dissolve";
  transition["in_offset"] = rationalTime(into_previous, rate);
  transition["out_offset"] = rationalTime(into_next, rate);
  return transition;
}

// An overlay's own track over the picture: a gap up to it, its clip over its range, a gap after
// it, and its fades as dissolves with those gaps. Overlays only: the clip is that part of the
// exported layer; otherwise the overlay is in the picture already, so its clip is disabled
// and refers to no media (it shows an editor where the title is and what it was).
json overlayTrack(const ExportPlan& plan, const OverlaySpan& overlay, const json& layer_media,
                  double frames) {
  const double rate = plan.fps;
  const auto start = static_cast<double>(overlay.clip_from);
  const double duration = static_cast<double>(overlay.clip_to) - start;
  json clip = otioItem("Clip.2", overlay.name);
  clip["source_range"] = timeRange(plan.overlays_only ? start : 0, duration, rate);
  if (plan.overlays_only) {
    clip["media_references"] = {{"DEFAULT_MEDIA", layer_media}};
  } else {
    clip["enabled"] = false;
    clip["media_references"] = {{"DEFAULT_MEDIA", otioObject("MissingReference.1", overlay.name)}};
  }
  clip["active_media_reference_key"] = "DEFAULT_MEDIA";
  clip["metadata"]["liveframe"] = {{"overlay", true},
                                   {"composited_into_picture", !plan.overlays_only},
                                   {"from_frame", overlay.from_frame},
                                   {"to_frame", overlay.to_frame},
                                   {"fade_in_frames", overlay.fade_in_frames},
                                   {"fade_out_frames", overlay.fade_out_frames}};
  json children = json::array();
  const bool starts_inside = overlay.clip_from > 0;
  const bool ends_inside = static_cast<double>(overlay.clip_to) < frames;
  if (starts_inside) children.push_back(gap(start, rate));
  // A fade the range cuts off has no gap to dissolve with: its frames show as they are.
  const double fade_in = std::min(clipFrames(plan, overlay.fade_in_frames), duration);
  if (starts_inside && fade_in > 0) children.push_back(fade("fade in", 0, fade_in, rate));
  children.push_back(clip);
  const double fade_out = std::min(clipFrames(plan, overlay.fade_out_frames), duration);
  if (ends_inside && fade_out > 0) children.push_back(fade("fade out", fade_out, 0, rate));
  if (ends_inside) children.push_back(gap(frames - static_cast<double>(overlay.clip_to), rate));
  json track = otioItem("Track.1", overlay.name);
  track["kind"] = "Video";
  track["children"] = std::move(children);
  return track;
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
  const json media = mediaReference(plan, frames);
  json clip = otioItem("Clip.2", title);
  clip["source_range"] = timeRange(0, frames, plan.fps);
  if (plan.overlays_only) {
    // The file holds the overlays alone: the picture is another export, to relink here.
    clip["name"] = title + " (picture)";
    clip["media_references"] = {{"DEFAULT_MEDIA", otioObject("MissingReference.1", "picture")}};
  } else {
    clip["media_references"] = {{"DEFAULT_MEDIA", media}};
  }
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
  for (const auto& overlay : plan.overlays) {
    if (overlay.clip_to > overlay.clip_from) {
      stack["children"].push_back(overlayTrack(plan, overlay, media, frames));
    }
  }
  json root = otioObject("Timeline.1", title);
  root["global_start_time"] = rationalTime(0, plan.fps);
  root["tracks"] = stack;
  root["metadata"]["liveframe"] = {{"ai_generated", true},
                                   {"model", header.model_id},
                                   {"weights_hash", header.weights_hash},
                                   {"seed", header.seed},
                                   {"range_from_frame", plan.from_frame},
                                   {"range_to_frame", plan.to_frame},
                                   {"overlays_only", plan.overlays_only}};
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
