#include "provenance_manifest.h"

#include <nlohmann/json.hpp>

namespace liveframe::export_internal {
namespace {

using nlohmann::json;

json timelineJson(const std::vector<TimelineEntry>& timeline) {
  json entries = json::array();
  for (const auto& entry : timeline) {
    json payload = json::parse(entry.payload_json, nullptr, false);
    if (payload.is_discarded()) payload = entry.payload_json;
    entries.push_back({{"frame", entry.clip_frame},
                       {"time_s", entry.clip_time_s},
                       {"session_frame", entry.session_frame},
                       {"in_effect_at_start", entry.in_effect_at_start},
                       {"type", entry.type},
                       {"text", entry.text},
                       {"payload", payload}});
  }
  return entries;
}

// Overlays on the timeline and where they show in the clip (output frames [from, to)).
json overlaysJson(const ExportPlan& plan) {
  json overlays = json::array();
  for (const auto& overlay : plan.overlays) {
    overlays.push_back({{"name", overlay.name},
                        {"from_frame", overlay.from_frame},
                        {"to_frame", overlay.to_frame},
                        {"fade_in_frames", overlay.fade_in_frames},
                        {"fade_out_frames", overlay.fade_out_frames},
                        {"width", overlay.width},
                        {"height", overlay.height},
                        {"clip_from_frame", overlay.clip_from},
                        {"clip_to_frame", overlay.clip_to}});
  }
  return overlays;
}

json settingsJson(const ExportPlan& plan) {
  const auto& tags = plan.color.tags;
  json settings = {
      {"container", exportContainerName(plan.container)},
      {"codec", exportCodecName(plan.codec)},
      {"fps", plan.fps},
      {"width", plan.width},
      {"height", plan.height},
      {"scaled", plan.width != plan.source_width || plan.height != plan.source_height},
      {"color",
       {{"output", plan.color.color_space},
        {"description", plan.color.description},
        {"primaries", tags.primaries},
        {"transfer", tags.transfer},
        {"matrix", tags.matrix},
        {"range", tags.range}}},
      {"visible_label", plan.label},
      {"overlays_only", plan.overlays_only},
  };
  if (plan.crf >= 0) settings["crf"] = plan.crf;
  if (plan.bitrate_bps > 0) settings["bitrate_bps"] = plan.bitrate_bps;
  if (!plan.sequence_pattern.empty()) settings["sequence_pattern"] = plan.sequence_pattern;
  return settings;
}

}  // namespace

std::string provenanceManifest(const ManifestInput& input) {
  const Session& session = *input.session;
  const ExportPlan& plan = *input.plan;
  const SessionHeader& header = session.header();
  const auto frames = static_cast<std::int64_t>(plan.positions.size());
  json files = json::array();
  for (const auto& file : input.files) {
    files.push_back({{"name", file.name}, {"bytes", file.bytes}, {"sha256", file.sha256}});
  }
  json metadata = json::object();
  for (const auto& [key, value] : input.metadata) metadata[key] = value;
  json manifest = {
      {"schema", kProvenanceSchema},
      {"ai_generated", true},
      {"digital_source_type", kDigitalSourceType},
      {"created_utc", input.created_utc},
      {"app", {{"name", "Liveframe"}, {"version", liveframeVersion()}}},
      {"model", {{"id", header.model_id}, {"weights_hash", header.weights_hash}}},
      {"seed", header.seed},
      {"session",
       {{"name", session.folder().filename().string()},
        {"recorded_utc", header.start_time_utc},
        {"recorded_by", "Liveframe " + header.app_version},
        {"width", header.width},
        {"height", header.height},
        {"fps", header.fps},
        {"recovered_after_crash", !session.report().was_clean},
        {"frames_lost", session.report().frames_lost}}},
      {"range",
       {{"from_frame", plan.from_frame},
        {"to_frame", plan.to_frame},
        {"from_timecode", formatTimecode(plan.from_frame, plan.source_fps)},
        {"to_timecode", formatTimecode(plan.to_frame, plan.source_fps)},
        {"first_stream_frame", plan.first_frame_index + plan.from_frame}}},
      {"timeline", timelineJson(*input.timeline)},
      {"overlays", overlaysJson(plan)},
      {"settings", settingsJson(plan)},
      {"output",
       {{"frames", frames},
        {"frames_held", plan.frames_held},
        {"duration_s", static_cast<double>(frames) / plan.fps},
        {"files", files},
        {"metadata", metadata}}},
  };
  return manifest.dump(2) + "\n";
}

}  // namespace liveframe::export_internal
