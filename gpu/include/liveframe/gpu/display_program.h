// DisplayProgram: everything the viewport's colour pass needs for one display/view of an OCIO
// config, built off the render thread: the fragment shader as SPIR-V (OCIO's GLSL compiled
// with glslang's relaxed Vulkan rules), where its resources bind, and its LUTs as half floats.
// When glslang rejects a config's shader, or when asked, the program is instead a 65^3 LUT
// baked on the CPU and sampled by a fixed shader (studio.md §3.4).
//
// Thread-safety: buildDisplayProgram may run on any thread (compiles are serialised inside);
// a built program is immutable, so hand the shared_ptr to the render thread as is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "liveframe/color.h"
#include "liveframe/result.h"

namespace liveframe::gpu {

// One LUT texture the colour shader samples (a combined image sampler in set 0).
struct LutTexture {
  enum class Shape { k1D, k2D, k3D };  // OCIO folds 1D LUTs wider than 4096 into 2D rows

  std::string sampler_name;  // as the shader declares it
  std::uint32_t binding = 0;
  Shape shape = Shape::k1D;
  std::uint32_t width = 1;
  std::uint32_t height = 1;
  std::uint32_t depth = 1;
  std::uint32_t channels = 1;         // 1: R16_SFLOAT; 4: R16G16B16A16_SFLOAT (alpha 1)
  bool linear_filter = true;          // else nearest (OCIO interpolates the lattice itself)
  std::vector<std::uint16_t> texels;  // IEEE half, width*height*depth*channels, x fastest
};

struct DisplayProgram {
  std::string description;  // "sRGB - Texture -> sRGB / Film"
  std::string cache_id;     // equal ids: the same shader and LUTs
  std::vector<std::uint32_t> fragment_spirv;
  std::uint32_t source_binding = 0;  // the frame (sampler2D, read with texelFetch)

  // The std140 uniform block (set 0) holding OCIO's uniforms; empty when there is none. The
  // pipeline copies `uniform_defaults` per frame and writes the exposure (a float, in stops)
  // at `exposure_offset`.
  std::uint32_t uniform_binding = 0;
  std::vector<std::byte> uniform_defaults;
  std::int32_t exposure_offset = -1;  // -1: no dynamic exposure (a baked program)

  std::vector<LutTexture> luts;

  bool baked = false;               // the CPU-baked fallback
  double baked_exposure_stops = 0;  // what a baked program shows; another needs a re-bake
  std::string fallback_reason;      // why it was baked (one line), empty otherwise
};
using DisplayProgramPtr = std::shared_ptr<const DisplayProgram>;

struct DisplayProgramOptions {
  std::string source;                   // empty: the config's modelOutputSpace()
  bool force_bake = false;              // skip the shader path (tests, or a known-bad config)
  double bake_exposure_stops = 0;       // used only by a baked program
  static constexpr int kBakeEdge = 65;  // lattice points per axis of the baked LUT
};

// Errors: unknown display/view/colour space (as ColorConfig::displayProcessor words them) or an
// OCIO failure. A glslang failure is not an error: it yields a baked program, with the reason.
Result<DisplayProgramPtr> buildDisplayProgram(const ColorConfig& config, std::string_view display,
                                              std::string_view view,
                                              const DisplayProgramOptions& options = {});

}  // namespace liveframe::gpu
