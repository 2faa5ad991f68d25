// The OCIO side of liveframe/color.h, for core/color and gpu/ only: the loaded config and the
// one transform that the CPU processor and the GPU viewport both run, so they cannot drift.
// Thread-safety: as ColorConfig (immutable once made).
#pragma once

#include <OpenColorIO/OpenColorIO.h>

#include <filesystem>
#include <string>

#include "liveframe/color.h"
#include "liveframe/result.h"

namespace liveframe {

struct ColorConfig::Impl {
  OCIO_NAMESPACE::ConstConfigRcPtr config;
  std::filesystem::path path;
  std::string note;
  std::string cache_id;
};

namespace color {

namespace OCIO = OCIO_NAMESPACE;

// How the viewer exposure enters the transform: fixed (the CPU; omitted at 0 stops so an
// identity view stays a no-op) or dynamic (the GPU; a uniform changed without a recompile).
enum class Exposure { kFixed, kDynamic };

// [exposure] then display/view, from request.source (or the model's output space). Checks
// every name first, so an unknown display, view or colour space is a one-line error.
Result<OCIO::ConstTransformRcPtr> displayViewTransform(const ColorConfig& config,
                                                       const DisplayViewRequest& request,
                                                       Exposure exposure);

// "sRGB - Texture -> sRGB / Film, exposure +1": what a processor does, for logs and errors.
std::string describeDisplayView(const ColorConfig& config, const DisplayViewRequest& request);

// Wraps an OCIO processor for packed RGB in each bit depth the public apply() takes. Throws
// OCIO::Exception (the callers convert it).
ColorProcessorPtr makeProcessor(const OCIO::ConstProcessorRcPtr& processor,
                                std::string description);

// An OCIO exception's text as one line.
std::string oneLine(const std::string& message);

}  // namespace color
}  // namespace liveframe
