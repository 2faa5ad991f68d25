// Timeline interchange beside an exported clip, so an editor can rebuild the range: an
// OpenTimelineIO JSON timeline (a video track holding the clip, a marker per prompt, marker
// and other journal event, and a video track above it per overlay: a title as its own clip)
// and a CMX3600 EDL (one event, locators for the markers). Internal to core/export.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "export_plan.h"
#include "liveframe/session.h"
#include "range_timeline.h"

namespace liveframe::export_internal {

// `media_name` is the clip's file name (or the sequence's pattern) in the same folder.
std::string otioTimeline(const ExportPlan& plan, const SessionHeader& header,
                         const std::vector<TimelineEntry>& timeline, const std::string& title);
std::string cmx3600Edl(const ExportPlan& plan, const std::vector<TimelineEntry>& timeline,
                       const std::string& title);

}  // namespace liveframe::export_internal
