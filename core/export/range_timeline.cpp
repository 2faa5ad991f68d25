#include "range_timeline.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

namespace liveframe::export_internal {
namespace {

// Events of these kinds set state that lasts until the next of the same kind.
std::string stateKind(const std::string& type) {
  if (type == "prompt" || type == "blend") return "prompt";
  if (type == "transition" || type == "actions" || type == "reset") return type;
  return {};
}

std::string describe(const Event& event) {
  const auto payload = nlohmann::json::parse(event.payload_json, nullptr, false);
  if (payload.is_discarded() || !payload.is_object()) return event.type;
  if (event.type == "prompt") return payload.value("text", "");
  if (event.type == "marker") return payload.value("label", "");
  if (event.type == "blend" && payload.contains("prompts") && payload["prompts"].is_array()) {
    std::string text;
    for (const auto& prompt : payload["prompts"]) {
      if (!prompt.is_object()) continue;
      text += (text.empty() ? "" : " + ") + prompt.value("text", std::string()) + " (" +
              std::to_string(prompt.value("weight", 0.0)).substr(0, 4) + ")";
    }
    return text;
  }
  if (event.type == "transition") return "transition " + std::to_string(payload.value("frames", 0));
  if (event.type == "actions") return "actions " + std::to_string(payload.value("actions", 0u));
  if (event.type == "reset") return "seed " + std::to_string(payload.value("seed", 0ull));
  return event.type;
}

}  // namespace

std::vector<TimelineEntry> rangeTimeline(const Session& session, const ExportPlan& plan) {
  const std::int64_t from_index = plan.first_frame_index + plan.from_frame;
  const std::int64_t to_index = plan.first_frame_index + plan.to_frame;
  std::map<std::string, const Event*> in_effect;  // by state kind, the latest before the range
  std::vector<TimelineEntry> timeline;
  auto add = [&](const Event& event, bool at_start) {
    TimelineEntry entry;
    entry.in_effect_at_start = at_start;
    entry.session_frame = event.frame_index - plan.first_frame_index;
    const double source_offset = static_cast<double>(event.frame_index - from_index);
    entry.clip_frame =
        at_start ? 0
                 : static_cast<std::int64_t>(std::ceil(source_offset * plan.fps / plan.source_fps - 1e-9));
    entry.clip_time_s = static_cast<double>(entry.clip_frame) / plan.fps;
    entry.type = event.type;
    entry.payload_json = event.payload_json;
    entry.text = describe(event);
    timeline.push_back(std::move(entry));
  };
  for (const Event& event : session.events()) {
    if (event.frame_index < from_index) {
      if (const auto kind = stateKind(event.type); !kind.empty()) in_effect[kind] = &event;
    } else if (event.frame_index < to_index) {
      add(event, false);
    }
  }
  std::vector<const Event*> carried;
  for (const auto& [kind, event] : in_effect) carried.push_back(event);
  std::sort(carried.begin(), carried.end(),
            [](const Event* a, const Event* b) { return a->id < b->id; });
  std::vector<TimelineEntry> inside = std::move(timeline);
  timeline.clear();
  for (const Event* event : carried) add(*event, true);
  timeline.insert(timeline.end(), inside.begin(), inside.end());
  return timeline;
}

}  // namespace liveframe::export_internal
