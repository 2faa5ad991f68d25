// OpenEXR image sequences: half-float RGB (RGBA for an overlays-only layer), ZIP-compressed
// (lossless for half), with the chromaticities of the output colour space, the frame rate, and
// the clip's metadata as string attributes. Internal to core/export. Thread-safety: reentrant.
#pragma once

#include <filesystem>
#include <span>
#include <string>

#include "clip_metadata.h"
#include "export_plan.h"

namespace liveframe::export_internal {

// Writes packed float RGB (plan.width x plan.height) as half to `path`; errors name `name`.
// Overlays-only plans pass RGBA with colour premultiplied by alpha, as OpenEXR defines it.
Status writeExr(const std::filesystem::path& path, const std::string& name, const ExportPlan& plan,
                std::span<const float> pixels, const MetadataEntries& metadata,
                const std::string& xmp);

}  // namespace liveframe::export_internal
