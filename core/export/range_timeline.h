// The journal events that shaped an exported range, placed on the clip's own timeline: what
// was in effect when the range starts (the prompt, transition length, held actions, seed),
// then every event inside it. Provenance, OTIO markers and EDL locators all read this.
// Internal to core/export. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "export_plan.h"
#include "liveframe/session.h"

namespace liveframe::export_internal {

struct TimelineEntry {
  std::int64_t clip_frame = 0;      // the first output frame that shows the event's effect
  double clip_time_s = 0;           // clip_frame / output fps
  std::int64_t session_frame = 0;   // where it happened on the session's timeline
  bool in_effect_at_start = false;  // happened before the range; still in effect at its start
  std::string type;                 // the journal's type: "prompt", "blend", "marker", ...
  std::string payload_json;
  std::string text;  // one line for people: the prompt, the marker label, "transition 12"
};

std::vector<TimelineEntry> rangeTimeline(const Session& session, const ExportPlan& plan);

}  // namespace liveframe::export_internal
