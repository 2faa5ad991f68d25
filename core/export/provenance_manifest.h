// The sidecar provenance manifest (schema "liveframe.provenance/1") an export writes beside the
// clip. Internal to core/export. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "clip_metadata.h"
#include "export_plan.h"
#include "liveframe/session.h"
#include "range_timeline.h"

namespace liveframe::export_internal {

inline constexpr const char* kProvenanceSchema = "liveframe.provenance/1";

struct OutputFile {
  std::string name;  // in the manifest's folder
  std::uint64_t bytes = 0;
  std::string sha256;
};

struct ManifestInput {
  const Session* session = nullptr;
  const ExportPlan* plan = nullptr;
  const std::vector<TimelineEntry>* timeline = nullptr;
  std::vector<OutputFile> files;
  MetadataEntries metadata;  // what the container carries
  std::string created_utc;
};

std::string provenanceManifest(const ManifestInput& input);

}  // namespace liveframe::export_internal
